"""Offline planner benchmark: routing accuracy on a held-out labelled set, and time per answer.

Run: `python benchmarks/offline_routing.py [--questions FILE] [--passes N]`.

Routing accuracy is `plan(question).intent` against the label of each question in
`benchmarks/routing_questions.jsonl` (written apart from the test set in `tests/offline/`, and never tuned
against). Timing drives the planner as the agent does: plan (tool calls), run the calculators, compose.
Retrieval runs once beforehand against the real knowledge base (built in a temporary home) and its results
are replayed, so the times exclude retrieval. Printed: p50/p95 of the planner's own time per question
(plan + compose) and the marginal time per answer over a whole batch (planner + calculators).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

DEFAULT_QUESTIONS = HERE / "routing_questions.jsonl"


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled questions: {"q": ..., "intent": ...} per line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def routing_accuracy(rows: list[dict[str, Any]]) -> float:
    """Print every misrouted question and return the share routed to the labelled intent."""
    from pm_assistant.agent.offline.plan import plan

    wrong = [(row, plan(row["q"]).intent) for row in rows if plan(row["q"]).intent != row["intent"]]
    for row, got in wrong:
        print(f"  misrouted: {row['q'][:80]!r}: expected {row['intent']}, got {got}")
    return 1 - len(wrong) / len(rows)


def _key(call: dict[str, Any]) -> str:
    return json.dumps(call["args"], sort_keys=True, ensure_ascii=False)


def _turn(planner: Any, question: str, searches: dict[str, str], search: Any) -> tuple[float, float]:
    """One answer: (seconds in the planner, seconds in the calculators); searches are replayed, not timed."""
    from langchain_core.messages import HumanMessage, ToolMessage

    from pm_assistant.tools.registry import run_tool

    messages: list[Any] = [HumanMessage(question)]
    in_planner = in_tools = 0.0
    while True:
        started = time.perf_counter()
        reply = planner.invoke(messages)
        in_planner += time.perf_counter() - started
        messages.append(reply)
        if not reply.tool_calls:
            return in_planner, in_tools
        for call in reply.tool_calls:
            if call["name"] == "search_knowledge":
                if _key(call) not in searches:  # first pass only: real retrieval, outside every timer
                    searches[_key(call)] = json.dumps(search(**call["args"]), ensure_ascii=False)
                content = searches[_key(call)]
            else:
                started = time.perf_counter()
                content = json.dumps(run_tool(call["name"], call["args"]), ensure_ascii=False)
                in_tools += time.perf_counter() - started
            messages.append(ToolMessage(content=content, tool_call_id=call["id"]))


def timing(rows: list[dict[str, Any]], passes: int) -> None:
    """Print p50/p95 planner time per question and the marginal time per answer in a batch."""
    from pm_assistant.agent.offline.planner import OfflinePlanner
    from pm_assistant.knowledge.search import search_knowledge
    from pm_assistant.tools.registry import TOOLS

    planner = OfflinePlanner().bind_tools([{"name": "search_knowledge"}, *({"name": n} for n in TOOLS)])
    searches: dict[str, str] = {}
    started = time.perf_counter()
    for row in rows:  # warm-up pass: builds the index, fills the replayed searches, loads the tokenizer
        _turn(planner, row["q"], searches, search_knowledge)
    print(f"warm-up pass (index build and real retrieval included): {time.perf_counter() - started:.1f} s")
    per_question: list[float] = []
    batch: list[float] = []
    for _ in range(passes):
        planner_total = tools_total = 0.0
        for row in rows:
            in_planner, in_tools = _turn(planner, row["q"], searches, search_knowledge)
            per_question.append(in_planner * 1000)
            planner_total, tools_total = planner_total + in_planner, tools_total + in_tools
        batch.append((planner_total + tools_total) * 1000 / len(rows))
    q = statistics.quantiles(per_question, n=20)
    print(f"planner + compose per question (retrieval excluded): p50 {statistics.median(per_question):.2f} ms, "
          f"p95 {q[18]:.2f} ms, max {max(per_question):.2f} ms over {len(per_question)} answers")
    print(f"marginal time per answer in a batch (planner + calculators, retrieval excluded): "
          f"{statistics.median(batch):.2f} ms (median of {passes} passes of {len(rows)} questions)")


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run both measurements, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="labelled JSONL file")
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the questions (default 5)")
    args = parser.parse_args(argv)
    rows = load(args.questions)
    print(f"questions: {len(rows)} from {args.questions.name}; cores: {os.cpu_count()}")
    accuracy = routing_accuracy(rows)
    print(f"routing accuracy: {accuracy:.1%} ({round(accuracy * len(rows))}/{len(rows)})")
    with tempfile.TemporaryDirectory(prefix="pm-bench-") as home:
        os.environ["PM_ASSISTANT_HOME"] = home  # the benchmark's index never touches the user's data
        timing(rows, args.passes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
