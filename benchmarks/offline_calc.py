"""Offline calculator answers: right tool, right inputs, right result (within 1%), by language and by calculator.

Run: python benchmarks/offline_calc.py [FILE]   (default: benchmarks/data/calc_questions.jsonl; the development set
is tests/offline/data/calc_dev.jsonl). Each line: question, lang, tool, args, result (or asks_for: the inputs the
answer must ask for). The offline planner reads every question in this one process; the calculator runs on the
arguments it chose.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calc_scoring import asks_right, inputs_right, result_right, run  # noqa: E402

DEFAULT = Path(__file__).parent / "data" / "calc_questions.jsonl"


def judge(row: dict[str, Any]) -> tuple[bool, str]:
    """(right, why not) for one question."""
    from pm_assistant.agent.offline.plan import plan

    decided = plan(row["question"])
    asks = row.get("asks_for")
    if asks:
        if decided.tool is not None:
            return False, f"called {decided.tool} instead of asking for {asks}"
        ok = decided.intent == row["tool"] and asks_right(row["tool"], asks, list(decided.missing_fields))
        return ok, "" if ok else f"asked for {list(decided.missing_fields)} ({decided.intent}), expected {asks}"
    if decided.tool != row["tool"]:
        return False, f"tool {decided.tool or decided.intent} (missing {list(decided.missing_fields)})"
    args = next(c.args for c in decided.calls if c.name == row["tool"])
    if not inputs_right(row["tool"], row.get("args") or {}, args):
        return False, f"inputs {args}"
    result = run(row["tool"], args)
    if result is None or not result_right(row["tool"], row.get("result") or {}, result):
        return False, "result"
    return True, ""


def main() -> None:
    given = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(given[0]) if given else DEFAULT
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_lang: dict[str, list[bool]] = defaultdict(list)
    by_tool: dict[str, list[bool]] = defaultdict(list)
    misses = []
    started = time.perf_counter()
    for row in rows:
        ok, why = judge(row)
        by_lang[row.get("lang", "en")].append(ok)
        by_tool[row["tool"]].append(ok)
        if not ok:
            misses.append((row.get("id", ""), why))
    elapsed = time.perf_counter() - started
    print(f"{path.name}: {len(rows)} questions, {elapsed:.1f} s")
    for name, marks in [*sorted(by_lang.items()), ("all", [m for v in by_lang.values() for m in v])]:
        print(f"  {name:<4} {sum(marks):>3}/{len(marks):<3} {sum(marks) / len(marks):.1%}")
    print("by calculator:")
    for name, marks in sorted(by_tool.items()):
        print(f"  {name:<24} {sum(marks):>3}/{len(marks):<3} {sum(marks) / len(marks):.1%}")
    if "--misses" in sys.argv:
        for ident, why in misses:
            print(f"  miss {ident}: {why}")


if __name__ == "__main__":
    main()
