"""Offline multi-turn conversations: the share of turns answered right, by language.

Run: python benchmarks/conversations.py [FILE] [--misses]   (default: benchmarks/data/conversations.jsonl; the
development set is tests/offline/data/conversations_dev.jsonl). Each line: id, lang, optional documents (files in
benchmarks/data/documents, ingested first) and turns of {"user": …, "expect": {…}}. A turn is right when every
expectation holds: `tool` (+ `args`, `result`: the calculator call, inputs and result within 1%), `asks_for` (no
calculation; the answer asks for those inputs), `card` (the first source), `document` (a source from the user's
documents), `key` (one of these phrases is in the answer), `guard` (the planner's intent, e.g. help). One offline
assistant (real agent loop, real knowledge base in a temporary home) serves every conversation in this process.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calc_scoring import asks_right, inputs_right, result_right  # noqa: E402

DEFAULT = Path(__file__).parent / "data" / "conversations.jsonl"
DOCUMENTS = Path(__file__).parent / "data" / "documents"


def _planner_note(assistant: Any) -> dict[str, Any]:
    """The offline planner's note on the last answer (intent, inputs asked for)."""
    from langchain_core.messages import AIMessage

    last = next((m for m in reversed(assistant.history) if isinstance(m, AIMessage)), None)
    return dict((last.response_metadata or {}).get("planner") or {}) if last is not None else {}


def judge_turn(answer: Any, note: dict[str, Any], expect: dict[str, Any]) -> str:
    """Why the turn is wrong ("" when right)."""
    from pm_assistant.agent.offline.intents import CALCULATORS

    calls = [c for c in answer.tool_calls if c["name"] in CALCULATORS]
    text = answer.answer
    if expect.get("asks_for"):
        if calls:
            return f"calculated {calls[-1]['name']} instead of asking for {expect['asks_for']}"
        if expect.get("tool") and note.get("intent") != expect["tool"]:
            return f"intent {note.get('intent')}"
        tool = expect.get("tool") or note.get("intent") or ""
        if not asks_right(tool, expect["asks_for"], list(note.get("missing_fields") or [])):
            return f"asked for {note.get('missing_fields')}, expected {expect['asks_for']}"
    elif expect.get("tool"):
        if not calls or calls[-1]["name"] != expect["tool"]:
            return f"calls {[c['name'] for c in calls]} (intent {note.get('intent')}, asks {note.get('missing_fields')})"
        call = calls[-1]
        if expect.get("args") and not inputs_right(expect["tool"], expect["args"], call["args"]):
            return f"inputs {call['args']}"
        if expect.get("result") and not (isinstance(call["result"], dict)
                                         and result_right(expect["tool"], expect["result"], call["result"])):
            return "result"
    sources = [s.get("id", "") for s in answer.sources]
    if expect.get("card") and (not sources or sources[0] != expect["card"]):
        return f"first source {sources[:1]}, expected {expect['card']}"
    if expect.get("document") and not any(s.startswith("user:") for s in sources[:2]):
        return f"no user document among the first sources {sources[:2]}"
    if expect.get("key") and not any(k.lower() in text.lower() for k in expect["key"]):
        return "no key phrase"
    if expect.get("guard") and note.get("intent") != expect["guard"]:
        return f"intent {note.get('intent')}, expected {expect['guard']}"
    return ""


def main() -> None:
    given = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = Path(given[0]) if given else DEFAULT
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as home:
        os.environ["PM_ASSISTANT_HOME"] = home
        from pm_assistant.agent.engine.assistant import build_assistant
        from pm_assistant.core.config import load_settings
        from pm_assistant.knowledge.ingest import register_paths

        assistant = build_assistant(load_settings(), offline=True)
        documents = sorted({d for row in rows for d in row.get("documents", [])})
        if documents:
            register_paths(assistant.kb, [DOCUMENTS / d for d in documents])
        assistant.kb.refresh()
        by_lang: dict[str, list[bool]] = defaultdict(list)
        misses = []
        started = time.perf_counter()
        for row in rows:
            assistant.clear()
            for i, turn in enumerate(row["turns"]):
                answer = assistant.ask(turn["user"], remember=True)
                why = judge_turn(answer, _planner_note(assistant), turn.get("expect") or {})
                by_lang[row.get("lang", "en")].append(not why)
                if why:
                    misses.append(f"{row.get('id')}#{i} {turn['user'][:60]!r}: {why}")
        elapsed = time.perf_counter() - started
    turns = sum(len(v) for v in by_lang.values())
    print(f"{path.name}: {len(rows)} conversations, {turns} turns, {elapsed:.1f} s")
    for name, marks in [*sorted(by_lang.items()), ("all", [m for v in by_lang.values() for m in v])]:
        print(f"  {name:<4} {sum(marks):>3}/{len(marks):<3} {sum(marks) / len(marks):.1%}")
    if "--misses" in sys.argv:
        print("\n".join(f"  miss {m}" for m in misses))


if __name__ == "__main__":
    main()
