"""A deterministic fake embedding function for unit tests: hashed bag of words, so texts sharing words are
closer and different texts get different vectors; it counts what it embeds."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

DIMENSIONS = 512


@register_embedding_function
class HashingEmbeddingFunction(EmbeddingFunction[Documents]):
    """Unit vector of hashed word counts; `model` changes the hashing seed (a different 'model')."""

    def __init__(self, model: str = "hash-v1") -> None:
        """`embedded` records every text embedded, so tests can check what was (not) re-embedded."""
        self.model = model
        self.embedded: list[str] = []

    def __call__(self, input: Documents) -> Embeddings:
        """One unit vector per text."""
        self.embedded += list(input)
        return [self._vector(text) for text in input]

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(DIMENSIONS, dtype=np.float32)
        for word in re.findall(r"\w+", text.lower()):
            digest = hashlib.blake2b(f"{self.model}:{word}".encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "big") % DIMENSIONS] += 1.0
        if not vector.any():
            vector[0] = 1.0
        return vector / np.linalg.norm(vector)

    @staticmethod
    def name() -> str:
        """Registered name."""
        return "pm-assistant-test-hashing"

    def get_config(self) -> dict[str, Any]:
        """The 'model' (hash seed)."""
        return {"model": self.model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> HashingEmbeddingFunction:
        """Rebuild from the stored config."""
        return HashingEmbeddingFunction(config.get("model", "hash-v1"))

    def default_space(self) -> str:  # type: ignore[override]
        """Cosine, like the real function."""
        return "cosine"


@register_embedding_function
class OtherHashingEmbeddingFunction(HashingEmbeddingFunction):
    """The same hashing under another registered name: a different embedding function to chroma."""

    @staticmethod
    def name() -> str:
        """Registered name."""
        return "pm-assistant-test-hashing-other"

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OtherHashingEmbeddingFunction:
        """Rebuild from the stored config."""
        return OtherHashingEmbeddingFunction(config.get("model", "hash-v1"))
