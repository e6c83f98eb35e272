"""Fixtures for review tests: the sample proposals, a content-sensitive fake embedder, a scripted judge model."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage

SAMPLES = Path(__file__).resolve().parents[2] / "examples" / "proposals"
COMPLETE = SAMPLES / "complete_support_bot.md"
THIN = SAMPLES / "thin_idea.txt"
MEDICAL = SAMPLES / "high_risk_medical_triage.md"


class HashEmbedder:
    """Bag-of-words vectors (hashed words, L2-normalised): texts sharing words are similar, others are not."""

    dimensions = 512

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Hashed word counts, normalised."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]{3,}", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.clip(norms, 1e-9, None)


class ScriptedJudge(GenericFakeChatModel):
    """A chat model that replies with scripted messages and records the tools bound and the messages sent."""

    disable_streaming: bool = True
    bound: list[tuple[Any, dict[str, Any]]] = []
    received: list[list[BaseMessage]] = []

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedJudge:
        """Record the tools (the output schema) and keep replying from the script."""
        self.bound.append((tools, kwargs))
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.received.append(list(messages))
        return super()._generate(messages, *args, **kwargs)


def scripted_judge(*replies: AIMessage) -> ScriptedJudge:
    """A ScriptedJudge with fresh records."""
    return ScriptedJudge(messages=iter(replies), bound=[], received=[])


def judgement_call(args: dict[str, Any]) -> AIMessage:
    """The AIMessage a model sends when it fills ReviewJudgements through function calling."""
    return AIMessage(
        content="", tool_calls=[{"name": "ReviewJudgements", "args": args, "id": "call-1", "type": "tool_call"}]
    )


def draft(**overrides: Any) -> dict[str, Any]:
    """A complete, valid judgements draft (as JSON arguments), with fields overridden."""
    quote = (
        "We propose a retrieval-augmented generation (RAG) assistant built on GPT-4o-mini, grounded in our "
        "help-centre articles and the order database."
    )
    base: dict[str, Any] = {
        "domain_class": "standard",
        "domain_reason": "customer service, no advice to patients or clients",
        "five_questions": [
            {"id": qid, "status": "addressed", "evidence": quote, "gap": ""}
            for qid in ("core_technology", "cost_vs_alternatives", "bottlenecks", "peak_load", "data_sustainability")
        ],
        "scores": {
            "business_value": {"score": 33, "rationale": "quantified saving and users"},
            "technical_maturity": {"score": 22, "rationale": "RAG on a hosted model, POC figures"},
            "resource_demand": {"score": 18, "rationale": "team of 4 for 6 months"},
        },
        "data_readiness": [
            {"step": s, "status": "addressed", "evidence": None, "gap": ""}
            for s in ("task", "sources", "quality", "sourcing", "refresh")
        ],
        "ethics": [
            {"item": "consent", "status": "addressed", "evidence": None, "note": ""},
            {"item": "bias", "status": "not applicable", "evidence": None, "note": ""},
            {"item": "liability", "status": "missing", "evidence": None, "note": "no advisory statement"},
        ],
        "risks": [
            {
                "risk": "wrong refund answers",
                "business_risk": 4,
                "mitigation_cost": 2,
                "mitigation": "refunds go to an agent",
                "evidence": None,
            },
            {
                "risk": "index goes stale",
                "business_risk": 2,
                "mitigation_cost": 4,
                "mitigation": "weekly refresh",
                "evidence": None,
            },
        ],
        "poc": {"goal": "answer accuracy of at least 85% on audited tickets", "options": ["plain prompting", "RAG"]},
        "missing_information": ["liability statement"],
        "questions_before_approval": ["Who is responsible for a wrong refund answer?"],
        "verdict": "A well-prepared proposal; add a liability statement before launch.",
    }
    base.update(overrides)
    return base
