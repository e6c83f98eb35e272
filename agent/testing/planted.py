"""Planted-hallucination scenarios replayed through the loopback server and the real `openai` client.

A scenario is one JSONL record: `question`, the tool `calls` a model makes (name + args), the `answer` it then
writes, optionally `history` (earlier turns, each `{user, assistant, calls}`) and `documents` (files of the
documents folder to ingest first), with `kind` and `planted` (true when the answer holds a planted error).
The scripted model makes the calls, the tools really run, and it writes the answer; asked to repair, it
writes the same answer again (a stubborn model), so the verdict is the self-check's on the planted answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from pm_assistant.agent.engine.assistant import Answer, build_assistant
from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply
from pm_assistant.core.config import Settings


@dataclass(frozen=True)
class Scenario:
    """One scripted conversation whose last answer the self-check judges."""

    id: str
    kind: str
    planted: bool
    question: str
    answer: str
    lang: str = "en"
    calls: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    why: str = ""


def load_scenarios(path: Path) -> list[Scenario]:
    """The scenarios of a JSONL file, in order."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Scenario(**{**row, "history": row.get("history") or [], "calls": row.get("calls") or [],
                        "documents": row.get("documents") or []}) for row in rows]


def _turn(calls: list[dict[str, Any]], answer: str, stubborn: bool) -> list[Reply]:
    tool_calls = [{"name": c["name"], "arguments": c.get("args") or {}, "id": f"call_{i}"} for i, c in enumerate(calls)]
    replies = [Reply(tool_calls=tool_calls)] if tool_calls else []
    replies.append(Reply(content=answer))
    if stubborn:
        replies.append(Reply(content=answer))
    return replies


@contextmanager
def knowledge_home(home: Path, documents: list[Path]) -> Iterator[Settings]:
    """Settings for a benchmark home whose index holds the cards and the given documents."""
    from pm_assistant.knowledge.ingest import ingest_paths
    from pm_assistant.knowledge.search import get_knowledge_base

    settings = Settings(home=home, api_key=SecretStr("loopback"), model="loopback", timeout_s=30, max_retries=0)
    kb = get_knowledge_base(settings)
    kb.refresh()
    if documents:
        ingest_paths(kb, documents)
    yield settings


def replay(scenario: Scenario, settings: Settings, *, stream: bool) -> Answer:
    """Run the scenario's conversation (history first) and return the assistant's last answer."""
    from pm_assistant.knowledge.search import get_knowledge_base

    kb = get_knowledge_base(settings)
    answer: Answer | None = None
    turns = [(h["user"], h.get("calls") or [], h["assistant"], False) for h in scenario.history]
    turns.append((scenario.question, scenario.calls, scenario.answer, True))
    script = [reply for _, calls, text, _last in turns for reply in _turn(calls, text, stubborn=True)]
    with LoopbackOpenAI(script) as server:
        endpoint = Settings(home=settings.home, api_key=SecretStr("loopback"), base_url=server.url, model="loopback",
                            timeout_s=30, max_retries=0)
        assistant = build_assistant(endpoint, kb=kb)
        for question, _calls, text, _last in turns:
            sink: Callable[[str], None] | None = (lambda _t: None) if stream else None
            answer = assistant.ask(question, on_token=sink)
            # a stubborn reply that was not needed (no repair asked) is skipped before the next turn
            if server.replies and server.replies[0].content == text and not server.replies[0].tool_calls:
                server.replies.pop(0)
    assert answer is not None
    return answer
