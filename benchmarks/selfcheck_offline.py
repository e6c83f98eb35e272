"""The self-check on the offline planner's own answers: does it fail the wrong ones and pass the right ones?

Run: python benchmarks/selfcheck_offline.py [FILE] [--show]   (default: benchmarks/data/calc_questions.jsonl;
a development set is tests/offline/data/calc_dev.jsonl). Each question goes through the real agent in offline
mode (the planner, the calculators, retrieval over the real index in a temporary home, the self-check). An
answer is right when it called the expected calculator with the expected inputs and its result agrees within
1% (or, for a question that lacks inputs, when it called no calculator and asked); the self-check is right when
it fails the wrong answers and passes the right ones.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from calc_scoring import inputs_right, result_right  # noqa: E402

from pm_assistant.agent.engine.assistant import Answer, build_assistant  # noqa: E402
from pm_assistant.core.config import load_settings  # noqa: E402

DEFAULT = Path(__file__).parent / "data" / "calc_questions.jsonl"


def correct(row: dict[str, Any], answer: Answer) -> bool:
    """Right calculator, right inputs, result within 1%; or no calculator and a request for the inputs."""
    calls = [c for c in answer.tool_calls if c["name"] != "search_knowledge" and not c.get("superseded")]
    if row.get("asks_for"):
        return not calls
    if not calls or calls[-1]["name"] != row["tool"]:
        return False
    call = calls[-1]
    result = call["result"] if isinstance(call["result"], dict) and "error" not in call["result"] else None
    return (result is not None and inputs_right(row["tool"], row.get("args") or {}, call["args"])
            and result_right(row["tool"], row.get("result") or {}, result))


def main() -> None:
    given = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(given[0]) if given else DEFAULT
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    tally = {"wrong": [0, 0], "right": [0, 0]}  # [failed by the self-check, total]
    with tempfile.TemporaryDirectory() as home:
        assistant = build_assistant(load_settings({"PM_ASSISTANT_HOME": home}), offline=True)
        assistant.ensure_knowledge()
        for row in rows:
            answer = assistant.ask(row["question"], remember=False)
            right = correct(row, answer)
            failed = not answer.self_check.passed
            bucket = tally["right" if right else "wrong"]
            bucket[0] += failed
            bucket[1] += 1
            if "--show" in sys.argv and failed == right:
                problems = [f"{c.name}: {c.detail}" for c in answer.self_check.checks if c.status == "fail"]
                print(f"{row.get('id', '')} {'right answer failed' if right else 'wrong answer passed'}: "
                      f"{row['question'][:70]} {problems}")
    wrong_failed, wrong = tally["wrong"]
    right_failed, right = tally["right"]
    print(f"{len(rows)} questions from {path.name} in {time.perf_counter() - started:.0f} s: "
          f"{right} answered right, {wrong} wrong")
    print(f"wrong answers the self-check failed  {wrong_failed}/{wrong} = {wrong_failed / max(wrong, 1):.1%}"
          "  (target >= 90%)")
    print(f"right answers the self-check failed  {right_failed}/{right} = {right_failed / max(right, 1):.1%}"
          "  (target <= 5%)")


if __name__ == "__main__":
    main()
