"""Run a diagnosis: stream samples, embed them in batches across samples, classify, then summarise.

Memory stays bounded: samples are read one at a time and handled in batches of `BATCH_SAMPLES`; only the
compact per-sample verdicts are kept, and embeddings live in an LRU cache of `CACHE_SIZE` vectors (retrieved
chunks repeat across samples, so the cache saves most of the embedding time on real traces). The file is
validated in a first, cheap pass, so bad input fails before any embedding work.

Each batch is diagnosed in up to two passes: the first embeds questions, responses and contexts and collects
the claims that failed the word-overlap test (with the context sentences they need), the second embeds those in
one call and re-diagnoses only the samples that asked for them (`paraphrase.py`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Protocol

import numpy as np
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pm_assistant.agent.diagnose.classify import apply_data_layer, classify
from pm_assistant.agent.diagnose.judge import FaithfulnessJudge
from pm_assistant.agent.diagnose.measurements import gather_evidence
from pm_assistant.agent.diagnose.paraphrase import ParaphraseCheck
from pm_assistant.agent.diagnose.results import Diagnosis, SampleResult, summarise
from pm_assistant.agent.diagnose.trace import TraceFile, TraceSample
from pm_assistant.core.terminal import safe_console
from pm_assistant.knowledge.embedding import get_embedder

BATCH_SAMPLES = 64
CACHE_SIZE = 20_000


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised row vectors (the real one is knowledge.embedding's)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class EmbeddingCache:
    """An LRU cache of text vectors in front of an embedder; `warm` embeds the missing texts in one call."""

    def __init__(self, embedder: Embedder, max_items: int = CACHE_SIZE) -> None:
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
            for text, vector in zip(missing, self._embedder.embed(missing), strict=True):
                self._vectors[text] = vector
        while len(self._vectors) > self._max:
            self._vectors.popitem(last=False)

    def get(self, text: str) -> np.ndarray | None:
        """The cached vector of a text, or None when it has not been warmed (or was evicted)."""
        return self._vectors.get(text)

    def cosine(self, a: str, b: str) -> float:
        """Cosine of two texts (0.0 when either is blank); both must have been warmed."""
        if not a.strip() or not b.strip():
            return 0.0
        return float(np.dot(self._vectors[a], self._vectors[b]))


def diagnose_trace(
    path: str | Path,
    *,
    embedder: Embedder | None = None,
    progress: bool = False,
    judge: FaithfulnessJudge | None = None,
) -> Diagnosis:
    """Validate and diagnose a trace file (JSONL, JSON list or CSV); raises UserInputError on bad input."""
    trace = TraceFile(path)
    total = trace.scan()
    return diagnose_samples(trace, embedder=embedder, total=total, progress=progress, judge=judge, label=trace.name)


def diagnose_samples(
    samples: Iterable[TraceSample],
    *,
    embedder: Embedder | None = None,
    total: int | None = None,
    progress: bool = False,
    judge: FaithfulnessJudge | None = None,
    label: str = "trace",
) -> Diagnosis:
    """Diagnose samples from any iterable (a TraceFile, or samples built in code, e.g. from a chat)."""
    if embedder is None:
        embedder = get_embedder()
    cache = EmbeddingCache(embedder)
    paraphrase = ParaphraseCheck(cache)
    results: list[SampleResult] = []
    with _progress(progress, total, label) as advance:
        for batch in _batches(samples, BATCH_SAMPLES):
            for sample, result in zip(batch, _diagnose_batch(batch, cache, paraphrase), strict=True):
                if judge is not None and (outcome := judge(sample)) is not None:
                    result.metrics["judged_faithfulness"] = outcome.score
                    result.findings.append(outcome.finding)
                results.append(result)
            advance(len(batch))
    apply_data_layer(results)
    return Diagnosis(samples=results, summary=summarise(results, judge.notes() if judge else ()))


def diagnose_sample(sample: TraceSample, embedder: Embedder | None = None) -> SampleResult:
    """Diagnose a single sample (the conversational answer can build one from a pasted exchange)."""
    return diagnose_samples([sample], embedder=embedder).samples[0]


def _diagnose_batch(
    batch: Sequence[TraceSample], cache: EmbeddingCache, paraphrase: ParaphraseCheck
) -> list[SampleResult]:
    """Diagnose a batch in the two passes of the module docstring."""
    cache.warm(text for s in batch for text in (s.user_input, s.response, *s.retrieved_contexts))
    paraphrase.take_wanted()
    results, again = [], []
    for position, sample in enumerate(batch):
        misses = paraphrase.misses
        results.append(_diagnose_one(sample, cache, paraphrase))
        if paraphrase.misses > misses:
            again.append(position)
    if again:
        cache.warm(paraphrase.take_wanted())
        for position in again:
            results[position] = _diagnose_one(batch[position], cache, paraphrase)
    return results


def _diagnose_one(sample: TraceSample, cache: EmbeddingCache, paraphrase: ParaphraseCheck) -> SampleResult:
    question = sample.user_input
    if question.strip():
        answer_similarity: float | None = cache.cosine(question, sample.response)
        context_similarity: list[float] | None = [cache.cosine(question, c) for c in sample.retrieved_contexts]
    else:
        answer_similarity, context_similarity = None, None
    evidence = gather_evidence(sample, answer_similarity, context_similarity, paraphrase)
    return classify(sample.index, question, evidence)


def _batches(items: Iterable[TraceSample], size: int) -> Iterator[list[TraceSample]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@contextmanager
def _progress(enabled: bool, total: int | None, label: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr when enabled; yields the function that advances it."""
    if not enabled:
        yield lambda _n: None
        return
    columns = (
        TextColumn("[bold]Diagnosing[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=safe_console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
