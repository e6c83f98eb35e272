"""Faithful fakes for agent tests: a scripted chat model and an in-memory knowledge base."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult


class ScriptedChatModel(BaseChatModel):
    """Replies with the scripted messages in order and records what it was sent on each call."""

    script: list[AIMessage]
    received: list[list[BaseMessage]] = []
    bound_tools: list[str] = []

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        self.bound_tools = [getattr(t, "name", None) or t["function"]["name"] for t in tools]
        return self

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        if not self.script:
            raise AssertionError("the model was called more often than scripted")
        self.received.append(list(messages))
        return ChatResult(generations=[ChatGeneration(message=self.script.pop(0))])

    def assert_complete(self) -> None:
        assert not self.script, f"{len(self.script)} scripted replies were never used"


def scripted(*replies: AIMessage) -> ScriptedChatModel:
    """A scripted model with fresh call records."""
    return ScriptedChatModel(script=list(replies), received=[], bound_tools=[])


def call(name: str, args: dict[str, Any], call_id: str = "call-1") -> dict[str, Any]:
    """A tool call as a model emits it."""
    return {"name": name, "args": args, "id": call_id, "type": "tool_call"}


@dataclass
class FakePassage:
    id: str
    title: str
    section: str
    text: str
    score: float = 0.0
    relevance: float | None = None  # like the calibrated relevance (None: a fixed score stands in for it)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "section": self.section, "score": self.score,
                "relevance": self.score if self.relevance is None else self.relevance, "text": self.text}


@dataclass
class FakeStatus:
    present: bool = True
    current: bool = True
    cards: int = 3
    documents: int = 0
    detail: str = "3 cards indexed"


@dataclass
class FakeKnowledgeBase:
    """Ranks passages by word overlap with the query (different texts score differently), like a tiny BM25."""

    passages: list[FakePassage]
    index_status: FakeStatus = field(default_factory=FakeStatus)
    queries: list[str] = field(default_factory=list)

    def search(self, query: str, k: int = 5, tags: list[str] | None = None, source: str | None = None):
        self.queries.append(query)
        words = set(re.findall(r"\w+", query.lower()))
        scored = []
        for p in self.passages:
            overlap = len(words & set(re.findall(r"\w+", (p.title + " " + p.text).lower())))
            if overlap:
                scored.append(FakePassage(p.id, p.title, p.section, p.text, round(overlap / (len(words) or 1), 3),
                                          min(1.0, round(overlap / 4, 3))))
        return sorted(scored, key=lambda p: p.score, reverse=True)[:k]

    def status(self) -> FakeStatus:
        return self.index_status

    def refresh(self) -> FakeStatus:
        self.index_status = FakeStatus()
        return self.index_status


CARDS = [
    FakePassage("poc-four-steps", "Proof-of-concept in four steps", "How to apply it",
                "The POC method: set a goal, compare at most 3 options, cap resources at 1,000 items, "
                "10 days and 2 people, then write a conclusion report."),
    FakePassage("value-bridge", "The value bridge", "Worked example",
                "The quality-inspection system cost 800k and saved 1.5M a year: payback in 6.4 months."),
    FakePassage("investment-scoring-card", "Investment scoring card", "How to apply it",
                "Score business value out of 40, technical maturity out of 30 and resources out of 30; "
                "80 or more is P0, 60 to 79 is P1, below 60 is P2."),
]


def knowledge_base() -> FakeKnowledgeBase:
    return FakeKnowledgeBase(passages=list(CARDS))
