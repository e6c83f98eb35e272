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

from pm_assistant.agent.selfcheck.claims import states_verdict
from pm_assistant.agent.selfcheck.evidence import Evidence, is_rejected
from pm_assistant.agent.selfcheck.grounding import answer_figures, extract_figures, matches
from pm_assistant.agent.selfcheck.replies import (
    acknowledges_failure,
    asks_user,
    cited_ids,
    given_anyway,
    questions_asked,
    substantive,
)
from pm_assistant.agent.selfcheck.sources import numeric_leaves, quantity_sources
from pm_assistant.agent.selfcheck.tool_inputs import counts_what, fillable, unused_figures
from pm_assistant.agent.selfcheck.traced import ungrounded
from pm_assistant.knowledge.relevance import ON_TOPIC

__all__ = ["Check", "SelfCheck", "cited_ids", "run_self_check"]

Status = Literal["pass", "warn", "fail"]
MIN_IGNORED = 2  # figures in a question that an answer using none of them, and asking nothing, ignores
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


def check_prompt(question: str, answer: str, evidence: Evidence) -> Check:
    """Layer 1: an empty/garbled question, inputs missing, a tool that rejected its arguments (a confident answer
    after that fails; asking for the input or saying the tool failed does not), or a figure the user gave that
    no calculation used and the answer does not set aside by naming it."""
    text = question.strip()
    if not text:
        return Check(name="prompt", status="fail", detail="the question is empty")
    if len(_GARBLED.findall(text)) > max(3, len(text) // 4):
        return Check(name="prompt", status="warn", detail="the question looks garbled; rephrase it")
    calculations = evidence.calculator_calls
    # figures the planner already placed in a call it could not complete are used, not ignored
    ignored = unused_figures(text, [*calculations, *evidence.planned], answer) if evidence.question_is_input else []
    asked = [*evidence.missing_inputs, *(s for s in questions_asked(answer))]
    given = given_anyway(ignored, asked)
    if given:
        return Check(name="prompt", status="fail",
                     detail="asks for what the question already gives: " + ", ".join(q.text for q in given[:4]))
    standing = [c for c in calculations if not is_rejected(c)]
    misread = _asks_for_given(text, answer, evidence) if evidence.question_is_input and not standing else None
    if misread:
        return Check(name="prompt", status="fail", detail=misread)
    # a figure that could fill an input the calculation left unset is dropped, even if the answer names it
    dropped = fillable(text, standing) if evidence.question_is_input else []
    ignored += [q for q, _ in dropped if q not in ignored]
    if evidence.missing_inputs:
        return Check(name="prompt", status="warn",
                     detail="inputs missing, asked for: " + ", ".join(evidence.missing_inputs))
    figures = extract_figures(text) if evidence.question_is_input else []
    missed = unused_figures(text, [], answer, strict=True)
    if not calculations and not asked and len(figures) >= MIN_IGNORED and 2 * len(missed) > len(figures):
        return Check(name="prompt", status="fail",
                     detail="the answer leaves out most figures the question gives: "
                     + ", ".join(q.text for q in missed[:6]))
    if evidence.tool_errors:
        if acknowledges_failure(answer) or not _confident(answer, [text, *evidence.tool_errors]):
            return Check(name="prompt", status="warn", detail="a tool rejected its inputs: " + evidence.tool_errors[0])
        return Check(name="prompt", status="fail",
                     detail="a tool rejected its inputs, yet the answer gives a result without saying so: "
                     + evidence.tool_errors[0])
    unused = ignored if calculations else []
    if unused and not asks_user(answer):
        # an amount, rate, duration or per-period figure left out means an input was dropped or misread, and so
        # does a count of the very thing an unset input counts ("100万 output" tokens left out)
        named = [q for q, slot in dropped if counts_what(q, slot)]
        status: Status = "fail" if named or any(q.kind not in ("number", "count") or q.period for q in unused) \
            else "warn"
        return Check(name="prompt", status=status,
                     detail="figures in the question that no calculation used and the answer does not address: "
                     + ", ".join(q.text for q in unused[:6]))
    return Check(name="prompt", status="pass", detail="answerable as asked")


def _asks_for_given(question: str, answer: str, evidence: Evidence) -> str | None:
    """Why the planner's request for inputs asks for what the question gives, if it does: a figure that fills
    a field it asks for, a field it had read from the question (then found at odds with another figure), or
    none of several figures placed in its call."""
    if not evidence.planned:
        return None
    dropped = fillable(question, evidence.planned, evidence.missing_fields)
    if dropped:
        return "asks for inputs the question gives: " + ", ".join(f"{q.text} ({slot})" for q, slot in dropped[:4])
    placed = {(c["name"], key) for c in evidence.planned for key in c["args"]}
    regiven = [f"{tool}.{name}" for tool, name in evidence.missing_fields if (tool, name) in placed]
    if regiven:
        return "asks for inputs it read from the question: " + ", ".join(regiven)
    figures = extract_figures(question)
    missed = unused_figures(question, [], answer, strict=True)
    if (len(figures) >= MIN_IGNORED and 2 * len(missed) > len(figures)
            and not any(True for c in evidence.planned for _ in numeric_leaves(c["args"]))):
        return "asks for inputs without placing any figure the question gives: " + ", ".join(q.text for q in missed[:6])
    return None


def _confident(answer: str, said: list[str]) -> bool:
    """True when the answer gives a verdict or a figure of its own (not one of the question or a tool's error)."""
    if states_verdict(answer):
        return True
    sources = [s for text in said for s in quantity_sources(text, "user", "said")]
    return any(not any(matches(f, s) for s in sources) for f in answer_figures(answer))


def _similarity(passage: dict) -> float:
    """How close a passage is to the query the model searched with: its calibrated relevance, else its score."""
    return float(passage.get("relevance", passage.get("score", 0)) or 0)


def check_retrieval(answer: str, evidence: Evidence) -> Check:
    """Layer 2: every cited id retrieved (in this conversation); the passages the answer rests on relevant to the
    user's question (not merely to the model's own search query); a knowledge question answered without any
    retrieval fails."""
    cited = cited_ids(answer)
    retrieved = {p["id"] for p in evidence.passages} | {p["id"] for p in evidence.earlier_passages}
    stray = [c for c in cited if c not in retrieved]
    if stray:
        return Check(name="retrieval", status="fail", detail="cites sources it did not retrieve: " + ", ".join(stray))
    relevance = evidence.question_relevance
    if not evidence.searched:
        if evidence.tool_calls:
            return Check(name="retrieval", status="pass", detail="calculator answer; no retrieval needed")
        if (relevance and max(relevance.values()) >= RELEVANT_SCORE and not cited and substantive(answer)
                and not asks_user(answer) and not evidence.missing_inputs):
            return Check(name="retrieval", status="fail",
                         detail="a knowledge question answered without searching the knowledge base")
        return Check(name="retrieval", status="pass", detail="no knowledge needed for this reply")
    if relevance is None:  # no judge of the user's question: fall back on the search's own relevance
        relevance = {}
        for passage in evidence.passages:
            relevance[passage["id"]] = max(relevance.get(passage["id"], 0.0), _similarity(passage))
    on_topic = [c for c in cited if relevance.get(c, 0.0) >= RELEVANT_SCORE]
    if cited and not on_topic:  # a calculator answer rests on its result; a cited framework only frames it
        status: Status = "warn" if evidence.computed else "fail"
        return Check(name="retrieval", status=status,
                     detail="the answer rests on passages off-topic for the question: " + ", ".join(cited[:4]))
    if not cited:
        return Check(name="retrieval", status="warn", detail="passages retrieved, none cited")
    weak = [c for c in cited if c not in on_topic]
    if weak:
        return Check(name="retrieval", status="warn", detail="cites passages of low relevance: " + ", ".join(weak))
    return Check(name="retrieval", status="pass", detail=f"cites {', '.join(cited)}, all on-topic")


def check_grounding(question: str, answer: str, evidence: Evidence) -> Check:
    """Layer 3: every figure of the answer is a source quantity of its kind, unit, currency and period; no
    claim contradicts a calculator result; figures from passages do not overrule a calculator and a user's
    document is cited as such; calculator inputs are the user's, bound to the right fields."""
    problems = ungrounded(question, answer, evidence)
    if problems:
        return Check(name="grounding", status="fail", detail="; ".join(problems[:4]))
    return Check(name="grounding", status="pass", detail="figures, claims and calculator inputs all trace to a source")


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
        check_prompt(question, answer, evidence),
        check_retrieval(answer, evidence),
        check_grounding(question, answer, evidence),
        knowledge,
    )
    return SelfCheck(passed=all(c.status != "fail" for c in checks), checks=list(checks))
