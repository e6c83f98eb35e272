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

from agent.evidence import Evidence
from agent.grounding import evidence_values, ungrounded_figures

Status = Literal["pass", "warn", "fail"]
CITATION = re.compile(r"\[([a-z0-9][a-z0-9-]*|user:[A-Za-z0-9_-]+)\]")
RELEVANT_SCORE = 0.35  # cosine similarity above which a passage is taken as on-topic
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
    return Check(name="prompt", status="pass", detail="answerable as asked")


def check_retrieval(answer: str, evidence: Evidence) -> Check:
    """Layer 2: relevant passages found, and every cited id among those retrieved."""
    cited = cited_ids(answer)
    retrieved = {p["id"] for p in evidence.passages}
    stray = [c for c in cited if c not in retrieved]
    if stray:
        return Check(name="retrieval", status="fail", detail="cites sources it did not retrieve: " + ", ".join(stray))
    if not evidence.searched:
        if evidence.tool_calls:
            return Check(name="retrieval", status="pass", detail="calculator answer; no retrieval needed")
        return Check(name="retrieval", status="pass", detail="no knowledge needed for this reply")
    relevant = [p for p in evidence.passages if p.get("score", 0) >= RELEVANT_SCORE]
    if not relevant:
        return Check(name="retrieval", status="warn", detail="no passage scored as clearly relevant")
    if not cited:
        return Check(name="retrieval", status="warn", detail=f"{len(relevant)} relevant passages retrieved, none cited")
    return Check(name="retrieval", status="pass",
                 detail=f"{len(relevant)} relevant passages; cites {', '.join(cited)}")


def check_grounding(question: str, answer: str, evidence: Evidence) -> Check:
    """Layer 3: every figure in the answer appears in the question, a tool result or a retrieved passage."""
    sources = evidence_values([question, *(p.get("text", "") for p in evidence.passages)],
                              [call["result"] for call in evidence.tool_calls])
    loose = ungrounded_figures(answer, sources)
    if loose:
        return Check(name="grounding", status="fail", detail="figures not traceable to any source: " + ", ".join(loose[:6]))
    return Check(name="grounding", status="pass", detail="every figure traces to the question, a tool or a passage")


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
