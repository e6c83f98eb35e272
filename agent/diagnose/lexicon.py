"""An English word list for spotting extraction damage: the whole words of the bundled MiniLM vocabulary.

OCR and PDF extraction split words ("acc ount", "an nual") and swap letters and digits inside them ("c1ient");
a word list tells such fragments from words. The list is the tokenizer vocabulary vendored with the
embedding model (no download); inflected forms are accepted through a few suffix rules.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache

from pm_assistant.knowledge.embedding import TOKENIZER_FILE

_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "able", "ment", "ments", "ion", "ions", "al", "ness")


@cache
def vocabulary() -> frozenset[str]:
    """Lower-case alphabetic whole words of the MiniLM WordPiece vocabulary (empty when the file is missing)."""
    try:
        vocab = json.loads(TOKENIZER_FILE.read_text(encoding="utf-8"))["model"]["vocab"]
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
