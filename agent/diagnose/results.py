"""Result objects of a diagnosis: per-sample verdicts, the summary, and the contract JSON they produce."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

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


class WrongFact(NamedTuple):
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

    def to_record(self) -> dict:
        """Everything, as JSON-ready data (for spooling and for distributed engines); `from_record` reads it back."""
        return {**self.to_dict(), "issues": self.issues, "wrong_facts": [list(f) for f in self.wrong_facts]}

    @classmethod
    def from_record(cls, record: dict) -> SampleResult:
        """The result `to_record` wrote."""
        return cls(
            index=record["index"],
            question=record["question"],
            metrics=record["metrics"],
            layer=record["layer"],
            failure_points=list(record["failure_points"]),
            findings=list(record["findings"]),
            issues=list(record.get("issues", ())),
            wrong_facts=tuple(WrongFact(*fact) for fact in record.get("wrong_facts", ())),
        )


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


class SummaryBuilder:
    """Builds the summary from per-sample results one at a time, so a trace of any size needs no list of them."""

    def __init__(self) -> None:
        self.layers: Counter[str] = Counter()
        self.points: Counter[str] = Counter()
        self.tally = FixTally()
        self.sums: dict[str, float] = {}
        self.counts: Counter[str] = Counter()
        self.samples = 0
        self.no_reference = 0

    def add(self, result: SampleResult) -> None:
        """Count one sample's verdict."""
        self.samples += 1
        self.layers[result.layer] += 1
        self.points.update(result.failure_points)
        if result.failing:
            self.tally.add(result.issues)
        for name, value in result.metrics.items():
            if value is not None:
                self.sums[name] = self.sums.get(name, 0.0) + value
                self.counts[name] += 1
        self.no_reference += result.metrics.get("context_recall") is None

    def build(self, notes: Sequence[str] = ()) -> Summary:
        """The summary of every sample added."""
        all_notes = list(notes)
        if self.no_reference:
            all_notes.append(
                f"{self.no_reference} of {self.samples} samples have no reference or reference_contexts (or one that "
                "states no checkable fact): their context_recall, context_precision and answer_coverage are null."
            )
        if self.layers.get("data"):
            all_notes.append(
                "'data' is a suspicion to confirm: compare the indexed document with the current version, ask the "
                "model the same questions without context, and search the fine-tuning data for repeated wrong facts."
            )
        return Summary(
            samples=self.samples,
            failing=sum(n for layer, n in self.layers.items() if layer != "ok"),
            by_layer={layer: self.layers.get(layer, 0) for layer in LAYERS},
            by_failure_point={fp: self.points.get(fp, 0) for fp in FAILURE_POINTS},
            fixes=self.tally.ranked(),
            metric_means={name: round(self.sums[name] / self.counts[name], 4) for name in METRIC_NAMES
                          if self.counts[name]},
            notes=all_notes,
        )


def summarise(results: Sequence[SampleResult], notes: Sequence[str] = ()) -> Summary:
    """Count layers and failure points, rank the fixes and average the metrics over the results."""
    builder = SummaryBuilder()
    for result in results:
        builder.add(result)
    return builder.build(notes)
