"""Fix ranking: weighted by failing samples, one count per sample and fix, cheaper fix first on ties."""

from __future__ import annotations

from pm_assistant.agent.diagnose.fixes import FIXES, ISSUES, FixTally
from pm_assistant.agent.diagnose.results import SampleResult, summarise


def test_every_issue_points_at_known_fixes() -> None:
    assert all(set(weights) <= set(FIXES) for _, weights in ISSUES.values())
    assert {"prompt", "chunking", "top_k", "hybrid_rerank", "model", "data"} <= set(FIXES)


def test_the_fix_that_helps_most_samples_ranks_first() -> None:
    tally = FixTally()
    for _ in range(3):
        tally.add(["damaged_chunks"])
    tally.add(["unfaithful"])
    ranked = tally.ranked()
    assert [(r.fix.id, r.samples) for r in ranked[:2]] == [("chunking", 3), ("model", 1)]
    assert ranked[0].issues == ("truncated or garbled chunks",)


def test_a_sample_counts_once_per_fix() -> None:
    tally = FixTally()
    tally.add(["empty_retrieval", "unrelated_contexts", "low_recall"])
    best = tally.ranked()[0]
    assert (best.fix.id, best.score, best.samples) == ("hybrid_rerank", 1.0, 1)


def test_ties_go_to_the_cheaper_fix() -> None:
    tally = FixTally()
    tally.add(["damaged_chunks"])
    tally.add(["question_broken"])
    assert [r.fix.id for r in tally.ranked()][:2] == ["prompt", "chunking"]


def _result(index: int, layer: str, issues: list[str], points: list[str]) -> SampleResult:
    return SampleResult(
        index,
        "q",
        {"faithfulness": 0.5 if layer != "ok" else 1.0, "context_recall": None},
        layer,
        points,
        ["f"],
        issues,
    )


def test_summary_counts_layers_points_and_ranks_fixes() -> None:
    results = [
        _result(0, "ok", [], []),
        _result(1, "retrieval", ["duplicate_chunks"], ["FP3"]),
        _result(2, "retrieval", ["damaged_chunks"], ["FP3"]),
        _result(3, "model", ["unfaithful"], ["FP4"]),
    ]
    summary = summarise(results)
    assert (summary.samples, summary.failing) == (4, 3)
    assert summary.by_layer == {"ok": 1, "prompt": 0, "retrieval": 2, "model": 1, "data": 0}
    assert summary.by_failure_point["FP3"] == 2 and summary.by_failure_point["FP4"] == 1
    assert summary.top_fixes[0].startswith("Parsing and chunking: ")
    assert "(helps 2 of 3 failing samples; " in summary.top_fixes[0]
    assert summary.metric_means == {"faithfulness": 0.625}
    assert summary.notes[0].startswith("4 of 4 samples have no reference")
