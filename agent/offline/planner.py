"""`OfflinePlanner`: the deterministic chat model that runs the agent when no LLM endpoint is configured.

It plugs into `create_agent` like any tool-calling chat model. On a new user message it plans
(`plan.plan`) and replies with tool calls (`search_knowledge` first, then a calculator) or with a final
answer when nothing needs calling. Once the tool results are in, it composes the final markdown
(`compose.compose`); a self-check repair request gets the same composition again, since every figure of
it already comes from the question, a tool result or a passage. Each message carries
`response_metadata["planner"]` (intent, missing inputs, rules that fired) for the self-check. Same
conversation in, same messages out: no randomness, no network.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool

from pm_assistant.agent.offline.answer_zh import calculator_answer_zh
from pm_assistant.agent.offline.compose import CALCULATOR_CARDS, compose, method_search
from pm_assistant.agent.offline.diagnosis import asks_about_report, last_report, report_answer
from pm_assistant.agent.offline.plan import SEARCH_TOOL, Plan, plan
from pm_assistant.agent.selfcheck.evidence import REPAIR_ID_PREFIX, collect_evidence, is_repair_request
from pm_assistant.agent.selfcheck.replies import cited_ids

REPORT_FOLLOW_UP = "diagnose_report"  # the intent of an answer about the last /diagnose report


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, list):
        return "".join(b.get("text", "") if isinstance(b, dict) else str(b) for b in content)
    return str(content)


def _is_user_turn(message: BaseMessage) -> bool:
    """A message the user typed (the self-check's repair requests are human messages too, but not turns)."""
    return isinstance(message, HumanMessage) and not str(message.id or "").startswith(REPAIR_ID_PREFIX)


def last_topic(messages: Sequence[BaseMessage]) -> str | None:
    """The card the previous answer led with (its first citation), or, when it asked for a calculator's inputs
    and cited nothing, the card of that calculator's method."""
    users = [i for i, m in enumerate(messages) if _is_user_turn(m)]
    if len(users) < 2:
        return None
    answers = [m for m in messages[users[-2] + 1:users[-1]] if isinstance(m, AIMessage) and not m.tool_calls]
    if not answers:
        return None
    cited = next((c for c in cited_ids(_text(answers[-1])) if not c.startswith("user:")), None)
    intent = str(((answers[-1].response_metadata or {}).get("planner") or {}).get("intent") or "")
    return cited or CALCULATOR_CARDS.get(intent)


def _tool_name(tool: Any) -> str | None:
    """The name of a tool given to `bind_tools` in any of the forms langchain accepts."""
    if isinstance(tool, BaseTool):
        return tool.name
    if isinstance(tool, dict):
        return tool.get("name") or (tool.get("function") or {}).get("name")
    return getattr(tool, "__name__", None)


class OfflinePlanner(BaseChatModel):
    """A rule-based planner behind the same agent loop as an LLM: plans tool calls, then composes the answer."""

    tool_names: frozenset[str] = frozenset()
    """Names of the tools bound with `bind_tools`; the planner never calls any other."""

    @property
    def _llm_type(self) -> str:
        return "pm-assistant-offline-planner"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"tools": sorted(self.tool_names)}

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: str | None = None,
                   **kwargs: Any) -> Runnable[Any, AIMessage]:
        """A copy of the planner that may call exactly these tools."""
        names = frozenset(name for name in map(_tool_name, tools) if name)
        return self.model_copy(update={"tool_names": names})

    def plan_turn(self, messages: Sequence[BaseMessage]) -> Plan:
        """The plan for the conversation's latest user message (earlier ones serve follow-ups)."""
        said = [_text(m) for m in messages if _is_user_turn(m)]
        return plan(said[-1] if said else "", history=said[:-1], available=self.tool_names,
                    topic=last_topic(messages))

    def respond(self, messages: Sequence[BaseMessage]) -> AIMessage:
        """The next message of the conversation: tool calls, or the final answer."""
        users = [i for i, m in enumerate(messages) if _is_user_turn(m)]
        turn = list(messages[users[-1] + 1:]) if users else list(messages)
        said = [_text(m) for m in messages if _is_user_turn(m)]
        report = last_report(messages)
        if report is not None and not turn and said and asks_about_report(said[-1]):  # a follow-up on /diagnose
            note: dict[str, Any] = {"intent": REPORT_FOLLOW_UP, "missing_inputs": [], "tool": None, "follow_up": True,
                                    "rules": []}
            return AIMessage(content=report_answer(said[-1], report), response_metadata={"planner": note})
        decided = self.plan_turn(messages)
        meta = {"planner": decided.metadata()}
        if any(isinstance(m, ToolMessage) for m in turn):  # results are in (a self-check repair request too)
            # a rule-based planner cannot do better on a repair request: it answers from the same results
            answered = messages[:-1] if is_repair_request(messages[-1]) else messages
            evidence = collect_evidence(answered)
            computed = next(reversed(evidence.computed), None)
            searched = sum(isinstance(m, AIMessage) and bool(m.tool_calls) for m in turn)
            fetch = method_search(decided.question, evidence, decided.card, decided.topic) \
                if decided.intent == "framework" and computed is None and searched == 1 else None
            if fetch is not None:  # the lead card's steps were wanted but not retrieved: one more search
                serial = sum(isinstance(m, AIMessage) for m in messages)
                call = {"name": SEARCH_TOOL, "args": fetch, "id": f"offline-{serial}-0", "type": "tool_call"}
                return AIMessage(content="", tool_calls=[call], response_metadata=meta)
            if decided.lang == "zh" and computed is not None and isinstance(computed["result"], dict):
                card = CALCULATOR_CARDS.get(computed["name"])
                cited = card if any(p.get("id") == card for p in evidence.passages) else None
                answer = calculator_answer_zh(computed["name"], computed["result"], decided.notes, cited)
            else:
                answer = compose(decided.intent, decided.question, evidence, decided.notes, lead=decided.card,
                                 topic=decided.topic)
            return AIMessage(content=answer, response_metadata=meta)
        if not decided.calls:
            return AIMessage(content=decided.reply or "", response_metadata=meta)
        serial = sum(isinstance(m, AIMessage) for m in messages)
        calls = [{"name": c.name, "args": c.args, "id": f"offline-{serial}-{i}", "type": "tool_call"}
                 for i, c in enumerate(decided.calls)]
        return AIMessage(content="", tool_calls=calls, response_metadata=meta)

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.respond(messages))])

