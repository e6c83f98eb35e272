"""Fixtures for the diagnose tests: a deterministic fake embedder, sample builders and the example traces."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from pm_assistant.agent.diagnose.text import tokens
from pm_assistant.agent.diagnose.trace import TraceSample

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "traces"


class HashEmbedder:
    """Bag-of-stems vectors hashed into 512 dimensions: texts sharing content words point the same way.

    Like the real model, rows are L2-normalised; unlike it, synonyms do not meet. `calls` records each batch so
    tests can check batching and caching.
    """

    dimensions = 512

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for stem in tokens(text):
                vectors[row, zlib.crc32(stem.encode()) % self.dimensions] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.clip(norms, 1e-12, None)


@pytest.fixture
def embedder() -> HashEmbedder:
    return HashEmbedder()


def sample(
    question: str = "How long do I have to return an item?",
    contexts: Sequence[str] = ("You can return most items within 30 days of delivery for a full refund.",),
    response: str = "You can return most items within 30 days of delivery for a full refund.",
    reference: str | None = None,
    reference_contexts: Sequence[str] | None = None,
    index: int = 0,
) -> TraceSample:
    """A TraceSample with sensible healthy defaults; override what a test plants."""
    return TraceSample(
        index=index,
        user_input=question,
        retrieved_contexts=list(contexts),
        response=response,
        reference=reference,
        reference_contexts=None if reference_contexts is None else list(reference_contexts),
    )
