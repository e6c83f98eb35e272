"""The development trace sets (written for tuning, separate from the held-out benchmark set) stay diagnosed right:
a regression guard over 132 labelled samples in English and Chinese."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pm_assistant.agent.diagnose.runner import diagnose_samples
from pm_assistant.agent.diagnose.trace import sample_from_record

DATA = Path(__file__).parent / "data"


@pytest.mark.real_model
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_development_sets_meet_the_targets_in_each_language(lang: str) -> None:
    records = [json.loads(line) for path in sorted(DATA.glob("dev_traces*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if r["lang"] == lang]
    results = diagnose_samples([sample_from_record(r, i) for i, r in enumerate(records)]).samples
    labels = [r["label"] for r in records]
    health = sum((res.layer == "ok") == lab["healthy"] for res, lab in zip(results, labels, strict=True))
    layer = sum(res.layer == lab["layer"] for res, lab in zip(results, labels, strict=True))
    tp = sum(len(set(res.failure_points) & set(lab["failure_points"])) for res, lab in zip(results, labels, strict=True))
    predicted = sum(len(res.failure_points) for res in results)
    wanted = sum(len(lab["failure_points"]) for lab in labels)
    f1 = 2 * tp / (predicted + wanted)
    assert len(records) >= 40
    assert health / len(records) >= 0.95 and layer / len(records) >= 0.9 and f1 >= 0.8, (health, layer, f1)
