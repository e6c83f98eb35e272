"""`diagnose --judge` end to end: the real openai client against the loopback server, as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply

TRACE = Path(__file__).resolve().parents[2] / "examples" / "traces" / "healthy.jsonl"


def _diagnose(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pm_assistant.agent.cli.app", "diagnose", str(TRACE), *args],
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=180)


def test_judge_scores_every_sample_through_the_endpoint() -> None:
    samples = sum(1 for line in TRACE.read_text(encoding="utf-8").splitlines() if line.strip())
    verdicts = [Reply(content=json.dumps({"faithfulness": 0.9, "reason": "supported"})) for _ in range(samples)]
    with LoopbackOpenAI(verdicts) as server:
        done = _diagnose({"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": server.url, "PM_ASSISTANT_MAX_RETRIES": "0"},
                         "--judge", "--json")
        requests = list(server.requests)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(requests) == samples
    assert requests[0]["messages"][0]["role"] == "system" and '"faithfulness"' in requests[0]["messages"][0]["content"]
    assert [s["metrics"]["judged_faithfulness"] for s in report["samples"]] == [0.9] * samples


def test_judge_without_an_endpoint_is_a_usage_error() -> None:
    done = _diagnose({}, "--judge")
    assert done.returncode == 2 and "--judge needs an LLM endpoint" in done.stderr


def test_an_endpoint_that_fails_stops_judging_but_not_the_diagnosis() -> None:
    with LoopbackOpenAI([Reply(status=500)] * 20) as server:
        done = _diagnose({"OPENAI_API_KEY": "k", "OPENAI_BASE_URL": server.url, "PM_ASSISTANT_MAX_RETRIES": "0"},
                         "--judge", "--json")
        calls = len(server.requests)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert calls == 3  # stops after three failures in a row
    assert all(s["metrics"].get("judged_faithfulness") is None for s in report["samples"])
    assert any("stopped" in note for note in report["summary"]["notes"])
