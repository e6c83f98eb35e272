"""`pm-assistant diagnose`: contract JSON, markdown report, and exit 2 with one line on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pm_assistant.agent.cli.app import main

from .conftest import EXAMPLES

LAYERS = {"ok", "prompt", "retrieval", "model", "data"}


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diagnose", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.real_model
def test_json_has_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, str(EXAMPLES / "retrieval_broken.jsonl"), "--json")
    payload = json.loads(out)
    assert code == 0
    for s in payload["samples"]:
        assert {"index", "metrics", "layer", "failure_points", "findings"} <= set(s)
        assert s["layer"] in LAYERS and s["findings"] and all(isinstance(f, str) for f in s["findings"])
        assert {"context_recall", "faithfulness", "answer_relevance"} <= set(s["metrics"])
        assert all(v is None or 0.0 <= v <= 1.0 for v in s["metrics"].values())
        assert all(fp in {f"FP{i}" for i in range(1, 8)} for fp in s["failure_points"])
    summary = payload["summary"]
    assert summary["samples"] == len(payload["samples"]) == 8 and summary["failing"] == 6
    assert sum(summary["by_layer"].values()) == 8 and summary["by_layer"]["retrieval"] == 6
    assert summary["top_fixes"] and all(isinstance(f, str) for f in summary["top_fixes"])


@pytest.mark.real_model
def test_healthy_beats_broken_in_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    means = {}
    for name in ("healthy.jsonl", "retrieval_broken.jsonl"):
        _, out, _ = run_cli(capsys, str(EXAMPLES / name), "--json")
        recalls = [s["metrics"]["context_recall"] for s in json.loads(out)["samples"]]
        known = [r for r in recalls if r is not None]  # null where the reference says the answer does not exist
        means[name] = sum(known) / len(known)
    assert means["healthy.jsonl"] == 1.0 and means["retrieval_broken.jsonl"] < 0.5


@pytest.mark.real_model
def test_out_writes_the_markdown_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "report.md"
    code, out, _ = run_cli(capsys, str(EXAMPLES / "unfaithful.jsonl"), "--out", str(report))
    text = report.read_text(encoding="utf-8")
    assert code == 0 and f"Full report written to {report}" in out
    assert text.startswith("# RAG diagnosis: unfaithful.jsonl")
    assert text.count("### Sample ") == 9
    assert not list(tmp_path.glob(".report.md.*"))  # the temporary file was moved into place


@pytest.mark.parametrize(
    ("content", "argv", "message"),
    [
        ("", [], "pm-assistant: t.jsonl: the file is empty; expected JSONL, a JSON list or CSV of samples\n"),
        (
            '{"question": "Q", "contexts": []}\n',
            [],
            "pm-assistant: t.jsonl line 1: missing field response (or answer)\n",
        ),
        (
            '{"question": "Q", "contexts": [], "answer": "A"}\n',
            ["--judge"],
            "pm-assistant: --judge needs an LLM endpoint: set OPENAI_API_KEY (and OPENAI_BASE_URL)\n",
        ),
        (
            '{"question": "Q", "contexts": [], "answer": "A"}\n',
            ["--out", "missing-dir/r.md"],
            "pm-assistant: --out missing-dir/r.md: the folder",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    content: str,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.jsonl").write_text(content, encoding="utf-8")
    code, out, err = run_cli(capsys, "t.jsonl", *argv)
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1


def test_real_process_reports_a_broken_line(tmp_path: Path) -> None:
    trace = tmp_path / "trace.jsonl"
    trace.write_text(
        '{"user_input": "Q", "retrieved_contexts": [], "response": "A"}\n{"user_input": "Q",,\n', encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pm_assistant.agent.cli.app", "diagnose", str(trace)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and done.stdout == ""
    assert (
        done.stderr == "pm-assistant: trace.jsonl line 2: invalid JSON "
        "(Expecting property name enclosed in double quotes at column 20)\n"
    )
