"""A deterministic fake embedder for unit tests: hashed bag of words (and CJK characters), so texts sharing
words are closer and different texts get different vectors; it counts what it embeds."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

DIMENSIONS = 512


class HashingEmbedder:
    """Unit vector of hashed term counts; `model` changes the hashing seed (a different 'model')."""

    def __init__(self, model: str = "hash-v1") -> None:
        """`embedded` records every passage embedded, so tests can check what was (not) re-embedded."""
        self.model = model
        self.embedded: list[str] = []

    @property
    def identity(self) -> str:
        """The fake model's name."""
        return f"test-hashing:{self.model}"

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(DIMENSIONS, dtype=np.float32)
        for word in re.findall(r"[^\W\d_]+|\d+", text.lower()):
            for term in [word] if word.isascii() else list(word):
                digest = hashlib.blake2b(f"{self.model}:{term}".encode(), digest_size=4).digest()
                vector[int.from_bytes(digest, "big") % DIMENSIONS] += 1.0
        if not vector.any():
            vector[0] = 1.0
        return vector / np.linalg.norm(vector)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per passage."""
        self.embedded += list(texts)
        return np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(len(texts), DIMENSIONS)

    def embed_query(self, text: str) -> np.ndarray:
        """The question's unit vector (not recorded: only passages count as embedding work)."""
        return self._vector(text)
