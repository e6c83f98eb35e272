"""The assistant: one agent loop (create_agent) for both the LLM and the offline planner, and its answers.

`build_assistant` picks the model (an OpenAI-compatible endpoint, or the offline planner when none is
configured) and the knowledge base; tests pass fakes for both. `Assistant.ask` runs one turn and returns an
`Answer` carrying everything the contract's `ask --json` object reports.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from langchain.agents import create_agent
from langchain.agents.middleware import AgentMiddleware, ModelCallLimitMiddleware, ToolErrorMiddleware
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage

from pm_assistant.agent.engine.endpoint import explain_endpoint_error
from pm_assistant.agent.engine.llm import build_chat_model
from pm_assistant.agent.engine.middleware import (
    FIXES_KEY,
    InvalidToolCallMiddleware,
    SelfCheckMiddleware,
    tool_failure_message,
)
from pm_assistant.agent.engine.tool_selection import ToolSelectionMiddleware
from pm_assistant.agent.engine.toolset import KnowledgeSource, build_tools
from pm_assistant.agent.engine.usage import Usage, measure_usage
from pm_assistant.agent.offline.planner import OfflinePlanner
from pm_assistant.agent.selfcheck.checks import Check, SelfCheck, check_knowledge, cited_ids
from pm_assistant.agent.selfcheck.evidence import collect_evidence, current_turn, is_repair_request
from pm_assistant.core.config import Settings
from pm_assistant.knowledge.search import get_knowledge_base
from pm_assistant.prompts import load_prompt

Mode = Literal["offline", "llm"]
RELEVANCE_DEPTH = 12  # passages ranked for the user's question when judging what the answer rests on
TOP_SOURCES = 3  # the cards or documents ranked best for the question; a source ranked lower is off-topic

MAX_MODEL_CALLS = 8  # a model that keeps calling tools is stopped here, with a message


@dataclass
class Answer:
    """One answered question, in the shape of the contract's `ask --json` object."""

    mode: Mode
    question: str
    answer: str
    sources: list[dict[str, Any]]
    tool_calls: list[dict[str, Any]]
    self_check: SelfCheck
    usage: Usage = field(default_factory=Usage)
    revised: bool = False  # the self-check sent the first draft back for one repair round
    fixed: str = ""  # what the self-check found in the draft that the repair round was asked to fix

    def to_json(self) -> dict[str, Any]:
        """The contract object (what `ask --json` prints)."""
        return {
            "mode": self.mode,
            "question": self.question,
            "answer": self.answer,
            "sources": self.sources,
            "tool_calls": self.tool_calls,
            "self_check": self.self_check.model_dump(),
            "usage": self.usage.to_json(),
        }


class Assistant:
    """A conversation with the agent: keeps the history for follow-ups, answers one turn at a time."""

    def __init__(self, model: BaseChatModel, kb: KnowledgeSource, mode: Mode, model_name: str | None = None,
                 max_model_calls: int = MAX_MODEL_CALLS) -> None:
        self.mode: Mode = mode
        self.model_name = model_name
        self.kb = kb
        self.history: list[BaseMessage] = []
        self._system_prompt = load_prompt("system")
        self._self_check = SelfCheckMiddleware(self.knowledge_check, allow_repair=mode == "llm",
                                               relevance=self.question_relevance)
        self.tools = build_tools(kb)
        middleware: list[AgentMiddleware[Any, Any, Any]] = [
            ToolErrorMiddleware(on_error=tool_failure_message),
            *([ToolSelectionMiddleware()] if mode == "llm" else []),
            ModelCallLimitMiddleware(run_limit=max_model_calls, exit_behavior="end"),
            self._self_check,
            InvalidToolCallMiddleware(),
        ]
        self.graph = create_agent(model, tools=self.tools, system_prompt=self._system_prompt, middleware=middleware)

    def ensure_knowledge(self) -> bool:
        """Build or update the knowledge index if it is missing or stale; True when it had to.

        Called before the first answer, so even an answer that searches nothing is checked against a
        current index (the `knowledge` layer) instead of one that would only be built on first search.
        """
        if self.kb.status().current:
            return False
        self.kb.refresh()
        return True

    def knowledge_check(self) -> Check:
        """The `knowledge` layer: is the index present and current."""
        status = self.kb.status()
        return check_knowledge(status.present, status.current, status.detail)

    def question_relevance(self, question: str) -> dict[str, float] | None:
        """Each passage's best relevance to the user's question (the self-check judges retrieval against the
        question, not the model's search query); None when the knowledge base cannot say."""
        if not question.strip():
            return None
        try:
            passages = self.kb.search(question, k=RELEVANCE_DEPTH)
        except Exception:  # noqa: BLE001 - a failing knowledge base leaves retrieval judged by the search itself
            return None
        relevance: dict[str, float] = {}
        for passage in passages:  # best first: the first TOP_SOURCES distinct sources count as on-topic
            if passage.id in relevance or len(relevance) < TOP_SOURCES:
                judged = getattr(passage, "relevance", None)
                score = float(passage.score if judged is None else judged)
                relevance[passage.id] = max(relevance.get(passage.id, 0.0), score)
        return relevance

    def ask(self, question: str, *, remember: bool = True,
            on_token: Callable[[str], None] | None = None,
            on_revision: Callable[[str], None] | None = None) -> Answer:
        """Answer one question; with `remember`, it and the answer join the conversation history.

        `on_token` receives the answer text as the model streams it (LLM mode): a draft until the self-check
        has passed it. `on_revision` is told, with one line on what failed, when the self-check sends the draft
        back; the tokens after that are the revision. Endpoint failures raise `EndpointError` with a one-line
        explanation; the history is left as it was.
        """
        started = time.perf_counter()
        inputs = {"messages": [*self.history, HumanMessage(content=question)]}
        try:
            state = self._run(inputs, on_token, on_revision)
        except Exception as exc:
            explained = explain_endpoint_error(exc)
            if explained is None:
                raise
            raise explained from exc
        messages: list[BaseMessage] = state["messages"]
        if remember:
            self.history = messages
        return self._answer(question, messages, state.get("self_check"), time.perf_counter() - started)

    def clear(self) -> None:
        """Forget the conversation so far."""
        self.history = []

    def _run(self, inputs: Any, on_token: Callable[[str], None] | None,
             on_revision: Callable[[str], None] | None) -> dict[str, Any]:
        if on_token is None:
            return self.graph.invoke(inputs)
        final: dict[str, Any] = {}
        announced: set[str] = set()
        chunk: Any
        for kind, chunk in self.graph.stream(inputs, stream_mode=["messages", "values"]):
            if kind == "values":
                final = chunk
                last = chunk["messages"][-1] if chunk.get("messages") else None
                if on_revision and last is not None and is_repair_request(last) and last.id not in announced:
                    announced.add(str(last.id))
                    on_revision(str(last.additional_kwargs.get(FIXES_KEY, "")))
                continue
            message, metadata = chunk
            if isinstance(message, AIMessageChunk) and metadata.get("langgraph_node") == "model":
                text = message.text if isinstance(message.text, str) else message.text()
                if text:
                    on_token(text)
        return final

    def _answer(self, question: str, messages: list[BaseMessage], verdict: dict[str, Any] | None,
                seconds: float) -> Answer:
        final = messages[-1]
        text = final.text if isinstance(final, AIMessage) and isinstance(final.text, str) else str(final.content)
        evidence = collect_evidence(messages)
        check = SelfCheck.model_validate(verdict) if verdict else self._self_check.check(messages)
        turn = current_turn(messages)
        usage = measure_usage(turn, self._system_prompt, self.tools, llm=self.mode == "llm", seconds=seconds,
                              history=messages[: len(messages) - len(turn)])
        return Answer(
            mode=self.mode,
            question=question,
            answer=text,
            sources=evidence.sources(cited_ids(text)),
            tool_calls=evidence.tool_calls,
            self_check=check,
            usage=usage,
            revised=any(is_repair_request(m) for m in turn),
            fixed="; ".join(str(m.additional_kwargs.get(FIXES_KEY, "")) for m in turn if is_repair_request(m)),
        )


def build_assistant(settings: Settings, *, model: BaseChatModel | None = None, kb: KnowledgeSource | None = None,
                    offline: bool = False, model_name: str | None = None, mode: Mode = "llm") -> Assistant:
    """The assistant for these settings: LLM mode when an endpoint is configured (and not `offline`).

    Tests pass `model` (and `mode` for what it stands in for) and `kb` to run the same loop on fakes.
    """
    if kb is None:
        kb = get_knowledge_base(settings)
    if model is not None:
        return Assistant(model, kb, mode=mode, model_name=model_name or settings.model)
    if settings.llm_configured and not offline:
        name = model_name or settings.model
        return Assistant(build_chat_model(settings, name), kb, mode="llm", model_name=name)
    return Assistant(OfflinePlanner(), kb, mode="offline")
