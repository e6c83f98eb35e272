"""What one agent turn rests on, read back from its messages: tool calls, their results, retrieved passages.

The self-check, the `sources` of an answer and `tool_calls` in the JSON output all come from here, so they
can only report what really happened in the conversation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

SEARCH_TOOL = "search_knowledge"
REPAIR_ID_PREFIX = "selfcheck-repair-"  # ids of the self-check's repair requests, which are not user turns


@dataclass
class Evidence:
    """Tool calls (with parsed results), retrieved passages and planner notes of the current turn."""

    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)
    tool_errors: list[str] = field(default_factory=list)
    missing_inputs: list[str] = field(default_factory=list)
    searched: bool = False

    def sources(self, cited: Sequence[str]) -> list[dict[str, Any]]:
        """Retrieved passages as contract sources, one per id, best first; only the cited ones if any are."""
        best: dict[str, dict[str, Any]] = {}
        for passage in self.passages:
            current = best.get(passage["id"])
            if current is None or passage.get("score", 0) > current.get("score", 0):
                best[passage["id"]] = passage
        chosen = [p for p in best.values() if not cited or p["id"] in cited]
        chosen.sort(key=lambda p: p.get("score", 0), reverse=True)
        return [{k: p.get(k) for k in ("id", "title", "section", "score")} for p in chosen]


def is_repair_request(message: BaseMessage) -> bool:
    """True for the self-check's request to repair an answer (a human-role message the user did not write)."""
    return isinstance(message, HumanMessage) and str(message.id or "").startswith(REPAIR_ID_PREFIX)


def _is_user_turn(message: BaseMessage) -> bool:
    return isinstance(message, HumanMessage) and not is_repair_request(message)


def current_turn(messages: Sequence[BaseMessage]) -> list[BaseMessage]:
    """The messages from the user's last message on (the turn being answered, repair rounds included)."""
    for i in range(len(messages) - 1, -1, -1):
        if _is_user_turn(messages[i]):
            return list(messages[i:])
    return list(messages)


def turn_question(messages: Sequence[BaseMessage]) -> str:
    """The text of the user's last message."""
    turn = current_turn(messages)
    return str(turn[0].content) if turn and _is_user_turn(turn[0]) else ""


def _parse_result(content: object) -> tuple[Any, str | None]:
    """A ToolMessage's JSON result, or (None, error text) for an `Error:` reply."""
    text = content if isinstance(content, str) else json.dumps(content, default=str)
    if text.startswith("Error"):
        return None, text
    try:
        return json.loads(text), None
    except json.JSONDecodeError:
        return text, None


def collect_evidence(messages: Sequence[BaseMessage]) -> Evidence:
    """Pair each tool call of the current turn with its result and gather the passages it retrieved."""
    turn = current_turn(messages)
    results = {m.tool_call_id: m for m in turn if isinstance(m, ToolMessage)}
    evidence = Evidence()
    for message in turn:
        if not isinstance(message, AIMessage):
            continue
        planner = message.response_metadata.get("planner") or {}
        evidence.missing_inputs.extend(planner.get("missing_inputs") or [])
        for call in message.tool_calls:
            reply = results.get(call["id"])
            if reply is None:
                continue
            result, error = _parse_result(reply.content)
            if error or reply.status == "error":
                evidence.tool_errors.append(f"{call['name']}: {error or reply.content}")
                continue
            if call["name"] == SEARCH_TOOL:
                evidence.searched = True
                evidence.passages.extend(result.get("results", []) if isinstance(result, dict) else [])
            evidence.tool_calls.append({"name": call["name"], "args": call["args"], "result": result})
    return evidence
