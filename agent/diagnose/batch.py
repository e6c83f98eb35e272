"""The per-sample diagnosis as a pure function over a batch: records in, result records out.

This is the unit of work everywhere: the local runner calls it on batches of `BATCH_SAMPLES` (in this process or in
worker processes), and a distributed engine can map it over the blocks of a dataset unchanged
(`distributed.py`). Each batch is diagnosed in up to two passes: the first uses words and figures only and notes
the English claims that failed the token test; those are embedded together in one call, and only the samples that
asked are diagnosed again with the paraphrase check. The embedding model loads once per process, on first need.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from pm_assistant.agent.diagnose.classify import classify
from pm_assistant.agent.diagnose.measurements import gather_evidence
from pm_assistant.agent.diagnose.paraphrase import ParaphraseCheck
from pm_assistant.agent.diagnose.results import SampleResult
from pm_assistant.agent.diagnose.trace import TraceSample, sample_from_record

BATCH_SAMPLES = 256
CACHE_SIZE = 20_000


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised row vectors (the real one is knowledge.embedding's)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class EmbeddingCache:
    """An LRU cache of text vectors in front of an embedder (created on first use); `warm` embeds in one call."""

    def __init__(self, embedder: Embedder | None = None, max_items: int = CACHE_SIZE) -> None:
        self._embedder = embedder
        self._max = max_items
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def warm(self, texts: Iterable[str]) -> None:
        """Embed every text not yet cached (shortest first, so batches pad little)."""
        wanted = {t for t in texts if t.strip()}
        for text in wanted & self._vectors.keys():
            self._vectors.move_to_end(text)
        missing = sorted(wanted - self._vectors.keys(), key=len)
        if missing:
            if self._embedder is None:
                from pm_assistant.knowledge.embedding import get_embedder  # lazy: loads the model (seconds)

                self._embedder = get_embedder()
            for text, vector in zip(missing, self._embedder.embed(missing), strict=True):
                self._vectors[text] = vector
        while len(self._vectors) > self._max:
            self._vectors.popitem(last=False)

    def get(self, text: str) -> np.ndarray | None:
        """The cached vector of a text, or None when it has not been warmed (or was evicted)."""
        return self._vectors.get(text)


_PROCESS_CACHE: EmbeddingCache | None = None


def process_cache() -> EmbeddingCache:
    """The embedding cache of this process (worker processes and distributed tasks get their own)."""
    global _PROCESS_CACHE
    if _PROCESS_CACHE is None:
        _PROCESS_CACHE = EmbeddingCache()
    return _PROCESS_CACHE


def diagnose_batch(samples: Sequence[TraceSample], cache: EmbeddingCache | None = None) -> list[SampleResult]:
    """Diagnose a batch of samples in the two passes of the module docstring."""
    cache = cache if cache is not None else process_cache()
    paraphrase = ParaphraseCheck(cache)
    results, again = [], []
    for position, sample in enumerate(samples):
        misses = paraphrase.misses
        results.append(
            classify(sample.index, sample.user_input, gather_evidence(sample, paraphrase, paraphrase.similarity))
        )
        if paraphrase.misses > misses:
            again.append(position)
    if again:
        cache.warm(paraphrase.take_wanted())
        for position in again:
            sample = samples[position]
            results[position] = classify(
                sample.index, sample.user_input, gather_evidence(sample, paraphrase, paraphrase.similarity)
            )
    return results


def diagnose_records(records: Sequence[Mapping[str, Any]], start: int = 0) -> list[dict[str, Any]]:
    """The pure batch function: raw trace records (either field naming) in, `SampleResult.to_record()` dicts out.

    A record's `index` is its own "index" field when it has one, else `start` plus its position in the batch.
    """
    samples = [
        sample_from_record(record, int(record.get("index", start + position)))
        for position, record in enumerate(records)
    ]
    return [result.to_record() for result in diagnose_batch(samples)]
