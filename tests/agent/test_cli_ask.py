"""`pm-assistant ask` as a user runs it: one question, a JSONL batch in one process, and bad usage.

The batches, `--lang` and start-up run as real processes; single answers, whose point is what is printed, go through
the same entry point in this process (its output is not a terminal either), so the model loads once per run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pm_assistant.agent.cli.app import main

CLI = [sys.executable, "-m", "pm_assistant.agent.cli.app"]
CONTRACT_KEYS = {"mode", "question", "answer", "sources", "tool_calls", "self_check", "usage"}


def _run(args: list[str], home: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PM_ASSISTANT_HOME": str(home)}
    return subprocess.run([*CLI, *args], input=stdin, env=env, capture_output=True, text=True, timeout=180)


def _run_here(args: list[str], home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
              **env: str) -> subprocess.CompletedProcess[str]:
    """The console entry point in this process with `home` and `env` set; stdout and stderr are captured."""
    monkeypatch.setenv("PM_ASSISTANT_HOME", str(home))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    code = main(args)
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)


def test_batch_prints_one_contract_object_per_line_in_order(built_home: Path) -> None:
    questions = [
        "We invest ¥800k and expect ¥1.5M a year in savings - what's the payback?",
        "How do I run a proof of concept?",
        "",
        "Is a 3% hallucination rate OK for a legal assistant?",
    ]
    lines = [*questions[:1], json.dumps({"question": questions[1]}), *questions[2:]]  # a JSONL record line too
    done = _run(["ask", "--json"], built_home, stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["question"] for r in records] == questions  # output line N answers input line N
    blank = records.pop(2)
    assert blank["error"].startswith("empty line")
    for record in records:
        assert CONTRACT_KEYS <= set(record)
        assert record["mode"] == "offline"
        assert [c["name"] for c in record["self_check"]["checks"]] == ["prompt", "retrieval", "grounding", "knowledge"]
    payback = next(c for c in records[0]["tool_calls"] if c["name"] == "roi_payback")
    assert payback["result"]["payback_months"] == 6.4 and "6.4" in records[0]["answer"]
    assert records[1]["sources"][0]["id"] == "poc-four-steps"
    budget = next(c for c in records[2]["tool_calls"] if c["name"] == "hallucination_budget")
    assert budget["result"]["within_budget"] is False and budget["result"]["threshold"] == 0.01
    assert done.stderr.count("Running offline") == 1


def test_a_conversation_batch_keeps_the_turns_together_and_answers_in_the_asked_language(built_home: Path) -> None:
    turns = ["What's the payback of our project?", "¥800k in, ¥1.5M a year", "what if the investment doubles?",
             "如果每月费用涨到6万呢？"]
    done = _run(["ask", "--json", "--conversation"], built_home, stdin="\n".join(turns) + "\n")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["question"] for r in records] == turns and records[0]["tool_calls"] == []
    args = [next(c["args"] for c in r["tool_calls"] if c["name"] == "roi_payback") for r in records[1:]]
    assert args[0] == {"investment": 800000, "annual_benefit": 1500000, "currency": "¥"}
    assert args[1]["investment"] == 1600000 and "6.4 → 12.8" in records[2]["answer"]  # old against new
    assert args[2]["monthly_running_cost"] == 60000 and "回收期" in records[3]["answer"]
    english = _run(["ask", "--json", "--lang", "en", "如果每月费用涨到6万呢？"], built_home)
    assert english.returncode == 0, english.stderr


def test_conversation_needs_the_json_batch(pm_home: Path) -> None:
    done = _run(["ask", "--conversation", "hi"], pm_home)
    assert done.returncode == 2 and "--conversation" in done.stderr


def test_missing_inputs_are_asked_for_and_nothing_is_computed(built_home: Path, capsys, monkeypatch) -> None:
    done = _run_here(["ask", "--json", "What's the payback of our project?"], built_home, capsys, monkeypatch)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert not [c for c in record["tool_calls"] if c["name"] != "search_knowledge"]
    assert "investment" in record["answer"].lower()
    prompt = record["self_check"]["checks"][0]
    assert prompt["name"] == "prompt" and prompt["status"] == "warn"


def test_plain_output_shows_the_answer_and_the_self_check_line(built_home: Path, capsys, monkeypatch) -> None:
    done = _run_here(["ask", "Score a project: business value 35, maturity 25, resources 22"], built_home, capsys,
                     monkeypatch)
    assert done.returncode == 0, done.stderr
    assert "82" in done.stdout and "P0" in done.stdout
    assert "self-check" in done.stdout


@pytest.mark.parametrize(("args", "phrase"), [
    (["ask"], "give a QUESTION"),
    (["ask", "   "], "question is empty"),
    (["ask", "--k", "3", "x"], "unrecognized arguments"),
])
def test_bad_usage_is_one_line_and_exit_2(pm_home: Path, args: list[str], phrase: str) -> None:
    done = _run(args, pm_home)
    assert done.returncode == 2
    assert phrase in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_help_loads_no_heavy_library(pm_home: Path) -> None:
    code = ("import sys; from pm_assistant.agent.cli.app import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('langchain', 'langchain_core', 'chromadb', 'onnxruntime', 'openai') "
            "if m in sys.modules]\nprint(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_piped_answers_keep_their_markdown_lines_unwrapped(built_home: Path, capsys, monkeypatch) -> None:
    done = _run_here(["ask", "We invest ¥800k and expect ¥1.5M a year in savings - what's the payback?"], built_home,
                     capsys, monkeypatch)
    assert done.returncode == 0, done.stderr
    assert any(len(line) > 100 for line in done.stdout.splitlines())  # not hard-wrapped at 80 columns
    assert not any(line.endswith(" ") for line in done.stdout.splitlines())
    assert "**Payback" in done.stdout  # the markdown source, not a rendering


def test_unreachable_endpoint_is_one_line_and_exit_1(built_home: Path, capsys, monkeypatch) -> None:
    done = _run_here(["ask", "what is a POC?"], built_home, capsys, monkeypatch, OPENAI_API_KEY="k",
                     OPENAI_BASE_URL="http://127.0.0.1:9/v1", PM_ASSISTANT_MAX_RETRIES="0")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "pm-assistant: cannot reach the LLM endpoint: check OPENAI_BASE_URL and that the server is running "
        "(or add --offline)")


def test_debug_is_accepted_after_the_command(pm_home: Path) -> None:
    done = _run(["calc", "roi_payback", "--args", "{\"investment\": -1}", "--debug"], pm_home)
    assert "Traceback" in done.stderr  # --debug shows the traceback instead of the one-line message
