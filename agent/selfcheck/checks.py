"""The four-layer hallucination-diagnosis checklist, run as a deterministic self-check on every answer.

Layers, in the checklist's order: `prompt` (was the question answerable as asked), `retrieval` (were relevant
passages found, and is every cited id among them), `grounding` (is every figure traceable to the question, a
tool result or a retrieved passage) and `knowledge` (is the index present and current).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from pm_assistant.agent.selfcheck.evidence import Evidence
from pm_assistant.agent.selfcheck.grounding import evidence_values, ungrounded_figures
from pm_assistant.agent.selfcheck.tool_inputs import stated_values, untraceable_inputs, unused_figures
from pm_assistant.knowledge.relevance import ON_TOPIC

Status = Literal["pass", "warn", "fail"]
CITATION = re.compile(r"\[([a-z0-9][a-z0-9-]*|user:[A-Za-z0-9_-]+)\]")
RELEVANT_SCORE = ON_TOPIC  # calibrated relevance (knowledge.relevance) from which a passage is on-topic
_GARBLED = re.compile(r"[^\w\s.,;:!?%¥$€£'\"()/\-]")


class Check(BaseModel):
    """One layer's verdict."""

    name: Literal["prompt", "retrieval", "grounding", "knowledge"]
    status: Status
    detail: str


class SelfCheck(BaseModel):
    """The verdict on one answer: passed unless some layer failed."""

    passed: bool
    checks: list[Check]

    def summary_line(self) -> str:
        """One compact line for under an answer, e.g. `self-check ✓ prompt ✓ retrieval ✓ grounding ! knowledge`."""
        marks = {"pass": "✓", "warn": "!", "fail": "✗"}
        layers = "  ".join(f"{marks[c.status]} {c.name}" for c in self.checks)
        return f"self-check {'passed' if self.passed else 'FAILED'}: {layers}"


def cited_ids(answer: str) -> list[str]:
    """Source ids cited in an answer as `[card-id]` or `[user:doc]`, in order of first mention."""
    return list(dict.fromkeys(CITATION.findall(answer)))


def check_prompt(question: str, evidence: Evidence) -> Check:
    """Layer 1: inputs missing, a tool that rejected its arguments, or an empty/garbled question."""
    text = question.strip()
    if not text:
        return Check(name="prompt", status="fail", detail="the question is empty")
    if len(_GARBLED.findall(text)) > max(3, len(text) // 4):
        return Check(name="prompt", status="warn", detail="the question looks garbled; rephrase it")
    if evidence.missing_inputs:
        return Check(name="prompt", status="warn",
                     detail="inputs missing, asked for: " + ", ".join(evidence.missing_inputs))
    if evidence.tool_errors:
        return Check(name="prompt", status="warn", detail="a tool rejected its inputs: " + evidence.tool_errors[0])
    calculations = evidence.calculator_calls
    unused = unused_figures(text, calculations) if calculations and evidence.question_is_input else []
    if unused:
        # an amount of money or a rate the user gave that no calculation used means an input was misread
        status: Status = "fail" if any(f.money or f.percent for f in unused) else "warn"
        return Check(name="prompt", status=status,
                     detail="figures in the question that no calculation used: "
                     + ", ".join(f.text for f in unused[:6]) + " (check that the inputs were read as meant)")
    return Check(name="prompt", status="pass", detail="answerable as asked")


def _similarity(passage: dict) -> float:
    """How close a passage is to the query: its calibrated relevance when reported, else its score."""
    return float(passage.get("relevance", passage.get("score", 0)) or 0)


def check_retrieval(answer: str, evidence: Evidence) -> Check:
    """Layer 2: relevant passages found, every cited id retrieved (in this conversation), and cited ones on-topic."""
    cited = cited_ids(answer)
    best: dict[str, float] = {}
    for passage in evidence.passages:
        best[passage["id"]] = max(best.get(passage["id"], 0.0), _similarity(passage))
    earlier_ids = {p["id"] for p in evidence.earlier_passages}
    stray = [c for c in cited if c not in best and c not in earlier_ids]
    if stray:
        return Check(name="retrieval", status="fail", detail="cites sources it did not retrieve: " + ", ".join(stray))
    if not evidence.searched:
        if evidence.tool_calls:
            return Check(name="retrieval", status="pass", detail="calculator answer; no retrieval needed")
        return Check(name="retrieval", status="pass", detail="no knowledge needed for this reply")
    if not any(score >= RELEVANT_SCORE for score in best.values()):
        return Check(name="retrieval", status="warn", detail="no passage scored as clearly relevant")
    if not cited:
        return Check(name="retrieval", status="warn", detail="relevant passages retrieved, none cited")
    weak = [f"{c} ({best[c]:.2f})" for c in cited if c in best and best[c] < RELEVANT_SCORE]
    if weak:
        return Check(name="retrieval", status="warn", detail="cites passages of low relevance: " + ", ".join(weak))
    return Check(name="retrieval", status="pass", detail=f"cites {', '.join(cited)}, all on-topic")


def check_grounding(question: str, answer: str, evidence: Evidence) -> Check:
    """Layer 3: every figure in the answer appears in the question, a tool result or a retrieved passage."""
    passages = [p.get("text", "") for p in (*evidence.passages, *evidence.earlier_passages)]
    sources = evidence_values([question, *evidence.user_messages, *passages],
                              [*evidence.results, *evidence.earlier_results])
    loose = ungrounded_figures(answer, sources)
    if loose:
        return Check(name="grounding", status="fail", detail="figures not traceable to any source: " + ", ".join(loose[:6]))
    stated = stated_values([*evidence.user_messages, question, *passages],
                           evidence.earlier_results)  # not this turn's results: they echo their own inputs
    invented = untraceable_inputs(evidence.computed, stated, evidence.judged_inputs)
    if invented:
        return Check(name="grounding", status="fail",
                     detail="calculator inputs nobody stated: " + ", ".join(invented[:6]))
    return Check(name="grounding", status="pass",
                 detail="figures and calculator inputs all trace to a source")


def check_knowledge(index_present: bool, index_current: bool, detail: str) -> Check:
    """Layer 4: the knowledge index the answer stands on exists and matches the cards and model."""
    if not index_present:
        return Check(name="knowledge", status="fail", detail="no knowledge index: run `pm-assistant index`")
    if not index_current:
        return Check(name="knowledge", status="warn", detail=f"index out of date: {detail}")
    return Check(name="knowledge", status="pass", detail=detail)


def run_self_check(question: str, answer: str, evidence: Evidence, knowledge: Check) -> SelfCheck:
    """All four layers in checklist order; passed means no layer failed."""
    checks: Sequence[Check] = (
        check_prompt(question, evidence),
        check_retrieval(answer, evidence),
        check_grounding(question, answer, evidence),
        knowledge,
    )
    return SelfCheck(passed=all(c.status != "fail" for c in checks), checks=list(checks))
