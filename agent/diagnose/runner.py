"""Run a diagnosis over a stream of samples with bounded memory, in this process or in `workers` processes.

Samples are read one at a time and diagnosed in batches (`batch.diagnose_batch`); at most two batches per
worker are in flight. Per-sample results go to a spool file rather than a list, with the counts the cross-sample
data-layer rule needs; a second pass replays the spool, applies that rule and hands each final result to a sink
while the summary is built incrementally. So memory does not grow with the trace, and the summary is computed
from the per-sample results alone. The file is validated in a first, cheap pass, so bad input fails before any
work.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, TypedDict, Unpack

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pm_assistant.agent.diagnose.batch import BATCH_SAMPLES, Embedder, EmbeddingCache, diagnose_batch, diagnose_records
from pm_assistant.agent.diagnose.classify import DATA_MIN_SAMPLES, mark_recurring
from pm_assistant.agent.diagnose.judge import FaithfulnessJudge
from pm_assistant.agent.diagnose.results import Diagnosis, SampleResult, Summary, SummaryBuilder
from pm_assistant.agent.diagnose.trace import TraceFile, TraceSample
from pm_assistant.core.errors import UserInputError
from pm_assistant.core.terminal import safe_console

Sink = Callable[[SampleResult], None]
MAX_WORKERS = 64


class RunOptions(TypedDict, total=False):
    """How a run goes, whatever feeds it: the embedder (default: the real model), a progress bar, an LLM judge
    for a second opinion, and how many worker processes."""

    embedder: Embedder | None
    progress: bool
    judge: FaithfulnessJudge | None
    workers: int


class SampleOptions(RunOptions, total=False):
    """`RunOptions` plus what a bare iterable cannot say itself: its length (for the progress bar) and a name."""

    total: int | None
    label: str


def diagnose_trace(path: str | Path, **options: Unpack[RunOptions]) -> Diagnosis:
    """Validate and diagnose a trace file (JSONL, JSON list or CSV), keeping every result (small traces)."""
    trace = TraceFile(path)
    return diagnose_samples(trace, total=trace.scan(), label=trace.name, **options)


def stream_trace(path: str | Path, sink: Sink, **options: Unpack[RunOptions]) -> Summary:
    """Diagnose a trace file, handing each result to `sink` in order; returns the summary (any trace size)."""
    trace = TraceFile(path)
    return stream_samples(trace, sink, total=trace.scan(), label=trace.name, **options)


def diagnose_samples(samples: Iterable[TraceSample], **options: Unpack[SampleOptions]) -> Diagnosis:
    """Diagnose samples from any iterable (a TraceFile, or samples built in code), keeping every result."""
    results: list[SampleResult] = []
    summary = stream_samples(samples, results.append, **options)
    return Diagnosis(samples=results, summary=summary)


def diagnose_sample(sample: TraceSample, embedder: Embedder | None = None) -> SampleResult:
    """Diagnose a single sample (the conversational answer can build one from a pasted exchange)."""
    return diagnose_samples([sample], embedder=embedder).samples[0]


def stream_samples(
    samples: Iterable[TraceSample],
    sink: Sink,
    *,
    embedder: Embedder | None = None,
    total: int | None = None,
    progress: bool = False,
    judge: FaithfulnessJudge | None = None,
    label: str = "trace",
    workers: int = 1,
) -> Summary:
    """The whole run of the module docstring (the one place the `SampleOptions` defaults are set); `sink`
    receives each final result in input order."""
    if not 1 <= workers <= MAX_WORKERS:
        raise UserInputError(f"--workers must be between 1 and {MAX_WORKERS}, got {workers}")
    with _progress(progress, total, label) as advance:
        batches = _batches(samples, BATCH_SAMPLES)
        done = _local(batches, EmbeddingCache(embedder)) if workers == 1 else _parallel(batches, workers)

        def judged() -> Iterator[SampleResult]:
            for batch, results in done:
                for sample, result in zip(batch, results, strict=True):
                    if judge is not None and (outcome := judge(sample)) is not None:
                        result.metrics["judged_faithfulness"] = outcome.score
                        result.findings.append(outcome.finding)
                    yield result
                advance(len(batch))

        return finish(judged(), sink, lambda: judge.notes() if judge else ())


def finish(results: Iterable[SampleResult], sink: Sink, notes: Callable[[], Sequence[str]] = tuple) -> Summary:
    """The second half of every run, local or distributed: spool the per-sample results, then replay them through
    the cross-sample data-layer rule into `sink` while the summary is built from them."""
    recurring: Counter[str] = Counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for result in results:
            recurring.update({fact.key for fact in result.wrong_facts})
            spool.write(json.dumps(result.to_record(), ensure_ascii=False) + "\n")
        return _replay(spool, recurring, sink, notes())


def _local(batches: Iterator[list[TraceSample]], cache: EmbeddingCache) -> Iterator[tuple[list[TraceSample], list]]:
    for batch in batches:
        yield batch, diagnose_batch(batch, cache)


def _parallel(batches: Iterator[list[TraceSample]], workers: int) -> Iterator[tuple[list[TraceSample], list]]:
    """Batches diagnosed in worker processes, in order, with at most two batches per worker in flight."""
    pending: list[tuple[list[TraceSample], Future]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for batch in batches:
            records = [sample.model_dump() for sample in batch]
            pending.append((batch, pool.submit(diagnose_records, records)))
            if len(pending) >= 2 * workers:
                first, future = pending.pop(0)
                yield first, [SampleResult.from_record(r) for r in future.result()]
        for batch, future in pending:
            yield batch, [SampleResult.from_record(r) for r in future.result()]


def _replay(spool: IO[str], recurring: Counter[str], sink: Sink, notes: Sequence[str]) -> Summary:
    """Read the spooled results back, apply the recurring-fact data rule, feed the sink and build the summary."""
    spool.seek(0)
    summary = SummaryBuilder()
    for line in spool:
        result = SampleResult.from_record(json.loads(line))
        if result.layer == "model":
            for fact in {fact.key: fact for fact in result.wrong_facts}.values():
                if recurring[fact.key] >= DATA_MIN_SAMPLES:
                    mark_recurring(result, fact, recurring[fact.key])
        summary.add(result)
        sink(result)
    return summary.build(notes)


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
