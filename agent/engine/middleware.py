"""Agent middleware: the self-check on every final answer (with one repair round), and tool-failure messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NotRequired

from langchain.agents.middleware import AgentMiddleware, AgentState, hook_config
from langchain.agents.middleware.types import ToolCallRequest
from langchain_core.messages import AIMessage, HumanMessage

from pm_assistant.agent.selfcheck.checks import Check, SelfCheck, run_self_check
from pm_assistant.agent.selfcheck.evidence import (
    REPAIR_ID_PREFIX,
    Evidence,
    collect_evidence,
    current_turn,
    earlier_question,
    is_repair_request,
    turn_question,
)
from pm_assistant.prompts import load_prompt

REPAIRABLE = ("prompt", "grounding", "retrieval")  # layers whose failure the model can mend by rewriting its answer
FIXES_KEY = "selfcheck_fixes"  # where a repair request carries its one-line summary for the user
Relevance = Callable[[str], dict[str, float] | None]
"""Relevance of knowledge passages (by id) to a question, judged by the knowledge base; None when unknown."""


class SelfCheckState(AgentState):
    """Agent state plus the self-check verdict on the latest answer."""

    self_check: NotRequired[dict[str, Any]]


class SelfCheckMiddleware(AgentMiddleware[SelfCheckState, Any, Any]):
    """Runs the four-layer self-check on each final answer; asks the model once to repair a failed grounding or
    retrieval layer (untraceable figures, invented inputs, citations of sources it did not retrieve)."""

    state_schema = SelfCheckState

    def __init__(self, knowledge_check: Callable[[], Check], allow_repair: bool,
                 relevance: Relevance | None = None) -> None:
        super().__init__()
        self._knowledge_check = knowledge_check
        self._allow_repair = allow_repair
        self._relevance = relevance

    @hook_config(can_jump_to=["model"])
    def after_model(self, state: SelfCheckState, runtime: Any) -> dict[str, Any] | None:
        """After a final answer (no tool calls): record the verdict, or request one repair of its figures."""
        messages = state["messages"]
        answer = messages[-1]
        if not isinstance(answer, AIMessage) or answer.tool_calls:
            return None
        evidence = self.evidence(messages)
        verdict = run_self_check(turn_question(messages), _text(answer), evidence, self._knowledge_check())
        failed = [c for c in verdict.checks if c.status == "fail" and c.name in REPAIRABLE]
        if failed and self._allow_repair and not _repair_requested(messages):
            request = HumanMessage(content=repair_request(failed, evidence), id=f"{REPAIR_ID_PREFIX}{len(messages)}",
                                   additional_kwargs={FIXES_KEY: fixes_line(failed)})
            return {"messages": [request], "jump_to": "model"}
        return {"self_check": verdict.model_dump()}

    def evidence(self, messages: list[Any]) -> Evidence:
        """The evidence of the last turn, with the passages' relevance to the user's question when known."""
        evidence = collect_evidence(messages)
        if self._relevance is not None:
            evidence.question_relevance = _either(self._relevance(turn_question(messages)),
                                                  self._relevance(earlier_question(messages)))
        return evidence

    def check(self, messages: list[Any]) -> SelfCheck:
        """The verdict on the last message of a conversation, from the evidence of its turn."""
        return run_self_check(turn_question(messages), _text(messages[-1]), self.evidence(messages),
                              self._knowledge_check())


def _either(now: dict[str, float] | None, before: dict[str, float] | None) -> dict[str, float] | None:
    """Passage relevance to this question or to the one before it: a follow-up ("what if the cost triples?")
    is answered from the passages of the conversation's topic."""
    if now is None or before is None:
        return now
    return {pid: max(now.get(pid, 0.0), before.get(pid, 0.0)) for pid in {*now, *before}}


def fixes_line(failed: list[Check], limit: int = 160) -> str:
    """One line saying what the self-check sent back, for the user (e.g. "grounding: '6.4 years' restates …")."""
    line = "; ".join(f"{c.name}: {c.detail}" for c in failed)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def repair_request(failed: list[Check], evidence: Evidence) -> str:
    """The repair prompt: each failed layer with what failed, and the calculator results that still stand."""
    problems = "\n".join(f"- {c.name}: {c.detail}" for c in failed)
    standing = [f"- {c['name']}({json.dumps(c['args'], ensure_ascii=False)}) → "
                f"{json.dumps(_headline(c['result']), ensure_ascii=False)}" for c in evidence.computed]
    return load_prompt("repair").format(
        problems=problems, standing="\n".join(standing) or "- none (no calculator returned a result)")


def _headline(result: Any) -> Any:
    """A result without its long explanatory fields, for the repair prompt."""
    if not isinstance(result, dict):
        return result
    return {k: v for k, v in result.items() if k not in ("formula", "breakdown", "why_not", "rejected") and v is not None}


class InvalidToolCallMiddleware(AgentMiddleware):
    """A reply whose tool calls were malformed JSON goes back to the model with the parse errors.

    langchain answers invalid tool calls with error ToolMessages only if the model is called again; without
    this hook a reply holding nothing but a malformed call would end the run as an empty answer.
    """

    @hook_config(can_jump_to=["model"])
    def after_model(self, state: AgentState, runtime: Any) -> dict[str, Any] | None:
        """Send the model back to try again when its last reply had only malformed tool calls."""
        last = state["messages"][-1]
        if isinstance(last, AIMessage) and last.invalid_tool_calls and not last.tool_calls:
            return {"jump_to": "model"}
        return None


def _repair_requested(messages: list[Any]) -> bool:
    return any(is_repair_request(m) for m in current_turn(messages))


def _text(message: Any) -> str:
    content = getattr(message, "content", "")
    if isinstance(content, list):  # content blocks
        return "".join(block.get("text", "") if isinstance(block, dict) else str(block) for block in content)
    return str(content)


def tool_failure_message(exc: Exception, request: ToolCallRequest) -> str:
    """A tool that raised becomes an `Error:` message the model can act on, never a crash of the loop."""
    name = request.tool_call.get("name", "tool")
    return f"Error: {name} failed ({type(exc).__name__}: {exc}). Check the arguments or answer without it."
