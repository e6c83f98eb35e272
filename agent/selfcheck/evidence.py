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
    """Tool calls (with parsed results), retrieved passages and planner notes of the current turn, plus what
    earlier turns of the conversation established (the user's messages, passages and tool results)."""

    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)
    tool_errors: list[str] = field(default_factory=list)
    missing_inputs: list[str] = field(default_factory=list)
    missing_fields: list[tuple[str, str]] = field(default_factory=list)  # (calculator, field) the planner asks for
    planned: list[dict[str, Any]] = field(default_factory=list)  # a calculator call the planner could not complete
    searched: bool = False
    user_messages: list[str] = field(default_factory=list)
    earlier_passages: list[dict[str, Any]] = field(default_factory=list)
    earlier_calls: list[dict[str, Any]] = field(default_factory=list)  # calculator calls of earlier turns
    judged_inputs: tuple[str, ...] = ()  # "tool.field" prefixes whose values are judgements, not user figures
    question_relevance: dict[str, float] | None = None  # passage id → relevance to the user's question
    question_is_input: bool = True  # a chat question's figures are meant as inputs; a reviewed document's are not

    @property
    def calculator_calls(self) -> list[dict[str, Any]]:
        """The calls of this turn other than retrieval that the final answer rests on (rejected ones included;
        calls made before a self-check repair request are superseded and left out)."""
        return [c for c in self.tool_calls if c["name"] != SEARCH_TOOL and not c.get("superseded")]

    @property
    def results(self) -> list[Any]:
        """Results of this turn's calculator calls that the final answer may quote (not superseded ones)."""
        return [c["result"] for c in self.computed]

    @property
    def computed(self) -> list[dict[str, Any]]:
        """The calculator calls of this turn that returned a result."""
        return [c for c in self.calculator_calls if not is_rejected(c)]

    def sources(self, cited: Sequence[str]) -> list[dict[str, Any]]:
        """Retrieved passages as contract sources, one per id, best first; only the cited ones if any are, in the
        order the answer cites them (an answer leads with the source it rests on most)."""
        best: dict[str, dict[str, Any]] = {}
        for passage in self.passages:
            current = best.get(passage["id"])
            if current is None or passage.get("score", 0) > current.get("score", 0):
                best[passage["id"]] = passage
        chosen = [p for p in best.values() if not cited or p["id"] in cited]
        chosen.sort(key=lambda p: p.get("score", 0), reverse=True)
        if cited:
            chosen.sort(key=lambda p: list(cited).index(p["id"]))
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


def earlier_question(messages: Sequence[BaseMessage]) -> str:
    """The text of the user's message before the last one ("" in a first turn): the topic a follow-up leans on."""
    users = [m for m in messages if _is_user_turn(m)]
    return str(users[-2].content) if len(users) > 1 else ""


def is_rejected(call: dict[str, Any]) -> bool:
    """True for a tool call whose tool refused its arguments or failed (its result is `{"error": ...}`)."""
    result = call["result"]
    return isinstance(result, dict) and set(result) == {"error"}


def _parse_result(content: object) -> tuple[Any, str | None]:
    """A ToolMessage's JSON result, or (None, error text) for an `Error:` reply."""
    text = content if isinstance(content, str) else json.dumps(content, default=str)
    if text.startswith("Error"):
        return None, text
    try:
        return json.loads(text), None
    except json.JSONDecodeError:
        return text, None


def _read_calls(messages: Sequence[BaseMessage], evidence: Evidence) -> None:
    """Pair each tool call with its reply; rejected calls are kept with `{"error": ...}` as their result. A
    calculator call made before the last repair request is `superseded` when the same calculator was called
    again after it (the repaired answer rests on the new call); otherwise its result still stands. A rejected
    call counts as a tool error unless a later call of the same calculator succeeded."""
    replies = {m.tool_call_id: m for m in messages if isinstance(m, ToolMessage)}
    repairs = [i for i, m in enumerate(messages) if is_repair_request(m)]
    last_repair = repairs[-1] if repairs else -1
    records: list[tuple[int, dict[str, Any]]] = []
    for position, message in enumerate(messages):
        if not isinstance(message, AIMessage):
            continue
        planner = message.response_metadata.get("planner") or {}
        evidence.missing_inputs.extend(planner.get("missing_inputs") or [])
        evidence.missing_fields.extend((str(planner.get("intent")), str(f)) for f in planner.get("missing_fields") or [])
        if planner.get("missing_inputs"):
            evidence.planned.append({"name": str(planner.get("intent")), "args": planner.get("args") or {}})
        for call in message.tool_calls:
            reply = replies.get(call["id"] or "")
            if reply is None:
                continue
            result, error = _parse_result(reply.content)
            record = {"name": call["name"], "args": call["args"], "result": result}
            if error or reply.status == "error":
                record["result"] = {"error": error or str(reply.content)}
            elif call["name"] == SEARCH_TOOL:
                evidence.searched = True
                evidence.passages.extend(result.get("results", []) if isinstance(result, dict) else [])
            records.append((position, record))
    for position, record in records:
        later = [r for p, r in records if p > position and r["name"] == record["name"]]
        if record["name"] != SEARCH_TOOL and position < last_repair and any(
                p > last_repair and r["name"] == record["name"] for p, r in records):
            record["superseded"] = True
        if is_rejected(record) and not record.get("superseded") and not any(not is_rejected(r) for r in later):
            evidence.tool_errors.append(f"{record['name']}: {record['result']['error']}")
        record["before_repair"] = position < last_repair
        evidence.tool_calls.append(record)


def collect_evidence(messages: Sequence[BaseMessage]) -> Evidence:
    """What the current turn did (tool calls, results, passages) and what earlier turns had established."""
    turn = current_turn(messages)
    evidence = Evidence()
    _read_calls(turn, evidence)
    earlier = Evidence()
    _read_calls(messages[: len(messages) - len(turn)], earlier)
    evidence.earlier_passages = earlier.passages
    evidence.earlier_calls = [c for c in earlier.tool_calls if c["name"] != SEARCH_TOOL and not is_rejected(c)]
    evidence.user_messages = [str(m.content) for m in messages if _is_user_turn(m)]
    return evidence
