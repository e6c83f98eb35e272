"""The Chroma embedding function over the offline MiniLM embedder.

Kept apart from `knowledge.embedding` because importing chromadb costs ~0.5 s, which callers that only
need `get_embedder()` (review, diagnose) should not pay. Import this module before reopening a persisted
collection: chroma looks the function up by its registered name.
"""

from __future__ import annotations

from typing import Any

from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

from pm_assistant.knowledge.embedding import EMBEDDING_FUNCTION_NAME, get_embedder, model_config


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """all-MiniLM-L6-v2 (int8 ONNX) through the process-wide embedder; the model loads on first call."""

    def __init__(self) -> None:
        """Nothing to load yet: `get_embedder()` loads the model once per process on first use."""

    def __call__(self, input: Documents) -> Embeddings:
        """Embed documents in batches: unit-length float32 vectors of 384 dimensions."""
        return list(get_embedder().embed(list(input)))

    @staticmethod
    def name() -> str:
        """The name chroma records with the collection."""
        return EMBEDDING_FUNCTION_NAME

    def get_config(self) -> dict[str, Any]:
        """Model identity (name, weights package version, token limit)."""
        return dict(model_config())

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:
        """Rebuild from a stored config (there is one model, so the config selects nothing)."""
        return MiniLMEmbeddingFunction()

    def default_space(self) -> Space:
        """MiniLM vectors are compared by cosine similarity."""
        return "cosine"
