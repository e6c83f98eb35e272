"""The distributed path: Ray Data in local mode runs the same batch function and gives the local results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import ray  # the distributed extra is part of the test extra: this test runs in CI, never skipped

from pm_assistant.agent.diagnose.distributed import diagnose_lines, ray_diagnose
from pm_assistant.agent.diagnose.results import SampleResult
from pm_assistant.agent.diagnose.runner import diagnose_trace

DEV = Path(__file__).parent / "data" / "dev_traces.jsonl"


def test_the_map_function_is_the_local_diagnosis_on_plain_columns() -> None:
    lines = DEV.read_text(encoding="utf-8").splitlines()[:5]
    out = diagnose_lines({"text": lines + ["  "]})
    records = [json.loads(r) for r in out["result"]]
    assert [r["index"] for r in records] == list(range(5))  # blank lines skipped, positions kept per batch
    local = diagnose_trace(DEV).samples[:5]
    assert [(r["layer"], r["failure_points"]) for r in records] == [(s.layer, s.failure_points) for s in local]


@pytest.fixture(scope="module")
def local_ray():
    yield ray
    ray.shutdown()


def test_ray_data_in_local_mode_agrees_with_the_local_run(local_ray, tmp_path: Path) -> None:
    trace = tmp_path / "trace.jsonl"
    trace.write_text("\n".join(DEV.read_text(encoding="utf-8").splitlines()[:24]) + "\n", encoding="utf-8")
    seen: list[SampleResult] = []
    summary = ray_diagnose(trace, seen.append, batch_size=5, local_cpus=2)
    local = diagnose_trace(trace)
    assert [r.to_record() for r in seen] == [r.to_record() for r in local.samples]
    assert summary.to_dict() == local.summary.to_dict()
    assert local_ray.is_initialized()
