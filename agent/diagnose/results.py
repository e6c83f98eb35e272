"""Result objects of a diagnosis: per-sample verdicts, the summary, and the contract JSON they produce."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from pm_assistant.agent.diagnose.fixes import FixTally, RankedFix
from pm_assistant.agent.diagnose.taxonomy import FAILURE_POINTS, LAYERS

TOP_FIXES = 5
METRIC_NAMES = (
    "context_recall",
    "context_precision",
    "context_relevance",
    "faithfulness",
    "answer_relevance",
    "answer_coverage",
    "judged_faithfulness",
)


@dataclass(frozen=True)
class WrongFact:
    """A number the response states where the contexts give the same quantity another value."""

    said: str  # as the response wrote it, e.g. "60 days"
    context_says: str  # as the contexts wrote it, e.g. "30 days"
    key: str  # normalised pair, so the same wrong fact can be matched across samples


@dataclass(slots=True)
class SampleResult:
    """The verdict on one sample: kept compact, since a large trace keeps one per sample in memory."""

    index: int
    question: str
    metrics: dict[str, float | None]
    layer: str
    failure_points: list[str]
    findings: list[str]
    issues: list[str] = field(default_factory=list)  # fix-catalogue issue codes (internal)
    wrong_facts: tuple[WrongFact, ...] = ()  # evidence for the data layer (kept for model-layer samples only)

    @property
    def failing(self) -> bool:
        """True when some layer failed."""
        return self.layer != "ok"

    def to_dict(self) -> dict:
        """The contract's sample object (plus the question, shortened)."""
        return {
            "index": self.index,
            "question": self.question,
            "metrics": self.metrics,
            "layer": self.layer,
            "failure_points": self.failure_points,
            "findings": self.findings,
        }


@dataclass
class Summary:
    """Counts by layer and failure point, ranked fixes, mean metrics and notes for the whole trace."""

    samples: int
    failing: int
    by_layer: dict[str, int]
    by_failure_point: dict[str, int]
    fixes: list[RankedFix]
    metric_means: dict[str, float]
    notes: list[str]

    @property
    def top_fixes(self) -> list[str]:
        """The most helpful fixes, one line each, best first."""
        return [fix.sentence(self.failing) for fix in self.fixes[:TOP_FIXES]]

    def to_dict(self) -> dict:
        """The contract's summary object, with the fix ranking, mean metrics and notes added."""
        return {
            "samples": self.samples,
            "failing": self.failing,
            "by_layer": self.by_layer,
            "by_failure_point": self.by_failure_point,
            "top_fixes": self.top_fixes,
            "fixes": [fix.to_dict() for fix in self.fixes],
            "metric_means": self.metric_means,
            "notes": self.notes,
        }


@dataclass
class Diagnosis:
    """A whole diagnosis: every sample's verdict and the summary."""

    samples: list[SampleResult]
    summary: Summary

    def to_dict(self) -> dict:
        """The `diagnose --json` object of the contract."""
        return {"samples": [s.to_dict() for s in self.samples], "summary": self.summary.to_dict()}


def summarise(results: Sequence[SampleResult], notes: Sequence[str] = ()) -> Summary:
    """Count layers and failure points, rank the fixes and average the metrics over the results."""
    layers = Counter(r.layer for r in results)
    points = Counter(fp for r in results for fp in r.failure_points)
    tally = FixTally()
    sums: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for result in results:
        if result.failing:
            tally.add(result.issues)
        for name, value in result.metrics.items():
            if value is not None:
                sums[name] += value
                counts[name] += 1
    failing = sum(n for layer, n in layers.items() if layer != "ok")
    all_notes = list(notes)
    no_reference = sum(r.metrics.get("context_recall") is None for r in results)
    if no_reference:
        all_notes.append(
            f"{no_reference} of {len(results)} samples have no reference or reference_contexts (or one that states "
            "no checkable fact): their context_recall, context_precision and answer_coverage are null."
        )
    if layers.get("data"):
        all_notes.append(
            "'data' is a suspicion, not a proof: confirm it by asking the model the same questions without "
            "context and by searching the fine-tuning data for the repeated wrong facts."
        )
    return Summary(
        samples=len(results),
        failing=failing,
        by_layer={layer: layers.get(layer, 0) for layer in LAYERS},
        by_failure_point={fp: points.get(fp, 0) for fp in FAILURE_POINTS},
        fixes=tally.ranked(),
        metric_means={name: round(sums[name] / counts[name], 4) for name in METRIC_NAMES if counts[name]},
        notes=all_notes,
    )
