"""Compose the offline planner's final markdown from tool results and retrieved passages.

Order of a calculator answer: the result (key figures), the working (the tool's own formula), the relevant
framework steps (condensed from the retrieved card), then `Sources:` citing only passages that were
retrieved. A framework answer is extractive (`extractive`): the steps, criteria and sentences of the
retrieved passages that answer the question, each carried over whole from the passage it cites.
Nothing here computes a figure: numbers come from the question, a tool result or a passage, so the
self-check's grounding layer can trace every one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pm_assistant.agent.offline.diagnosis import rag_diagnosis_answer, review_answer
from pm_assistant.agent.offline.extractive import extractive_answer, missing_method, on_topic, read_passages
from pm_assistant.agent.offline.headlines import headline
from pm_assistant.agent.offline.passages import (
    Passage,
    by_id,
    cited,
    key_sentences,
    lead_sentence,
    list_items,
    terms,
    unique_passages,
)
from pm_assistant.agent.offline.replies import out_of_scope_reply
from pm_assistant.agent.selfcheck.evidence import SEARCH_TOOL, Evidence
from pm_assistant.knowledge.cards import HEADINGS

# The card whose method each calculator implements (its steps are quoted under the result).
CALCULATOR_CARDS: dict[str, str] = {
    "roi_payback": "value-bridge",
    "ai_cost_estimate": "ai-cost-calculator",
    "custom_model_cost": "ai-knowledge-checklist",
    "investment_score": "investment-scoring-card",
    "risk_cost_matrix": "risk-cost-matrix",
    "classification_metrics": "metrics-to-business",
    "poc_compare": "poc-four-steps",
    "hallucination_budget": "hallucination-control-thresholds",
    "cache_savings": "architecture-bottlenecks",
    "differentiation_matrix": "differentiation-matrix",
}

# Words that pick the card's steps relevant to each calculator.
CALCULATOR_TOPICS: dict[str, str] = {
    "custom_model_cost": "custom model cost formula labelled samples GPU engineers data compute people",
    "ai_cost_estimate": "tokens price GPU hours monthly cost usage",
    "cache_savings": "cache hit rate saving compute cost",
}


def _section(passage: Passage) -> str:
    return str(passage.get("section", "")).lower()


def _steps(passages: Sequence[Passage], topic: str, limit: int = 4) -> list[str]:
    """Up to `limit` method steps most related to `topic`, in the card's order, from a "How to apply it"
    passage when one was retrieved (else the key sentences of its best passage that is not a list of pitfalls)."""
    advice = [p for p in passages if _section(p) != "pitfalls"]
    ordered = sorted(advice, key=lambda p: "apply" not in _section(p))
    for passage in (p for p in ordered if "apply" in _section(p)):
        items = [lead_sentence(item) for item in list_items(str(passage.get("text", "")))]
        if len(items) >= 2:
            wanted = terms(topic)
            best = sorted(range(len(items)), key=lambda i: (-len(terms(items[i]) & wanted), i))[:limit]
            return [items[i] for i in sorted(best)]
    return key_sentences(str(ordered[0].get("text", "")), topic, limit=2) if ordered else []


def framework_steps(tool: str, question: str, passages: Sequence[Passage]) -> list[str]:
    """The framework lines under a calculator result, with the card they came from cited."""
    card = CALCULATOR_CARDS.get(tool)
    own = by_id(passages, card) if card else []
    if not own:
        return []
    title = own[0].get("title") or card
    steps = _steps(own, f"{question} {CALCULATOR_TOPICS.get(tool, '')}")
    if not steps:
        return []
    return [f"**Framework — {title}** [{card}]", *(f"- {step}" for step in steps)]


def calculator_answer(tool: str, question: str, result: dict[str, Any], passages: Sequence[Passage],
                      notes: Sequence[str] = ()) -> str:
    """Result, working, framework steps and sources for one calculator result."""
    lines = [headline(tool, result), ""]
    working = result.get("formula") or result.get("explanation")
    if working:
        lines.append(f"**Working:** {working}")
    if result.get("explanation") and result.get("explanation") != working:
        lines.append(str(result["explanation"]))
    extra = [*(result.get("notes") or []), *(result.get("warnings") or []), *notes]
    lines += [f"- {note}" for note in extra]
    steps = framework_steps(tool, question, passages)
    if steps:
        lines += ["", *steps]
    used = by_id(passages, CALCULATOR_CARDS.get(tool, "")) if steps else []
    sources = cited(used)
    return "\n".join([*lines, "", sources] if sources else lines).strip()


_TOOL_ERROR = re.compile(r"^(?:(?P<tool>\w+): )?(?:Error: )?(?:(?P=tool): )?(?P<field>[a-z_][\w.]*): ")


def tool_error_answer(tool: str, error: str) -> str:
    """What failed and which input to fix, from a tool's `Error: <tool>: <field>: <problem>` reply."""
    detail = error.removeprefix(f"{tool}: ").removeprefix("Error:").strip()
    match = _TOOL_ERROR.match(error)
    field = match.group("field").replace("_", " ") if match else "the arguments"
    return (f"**The {tool} calculator could not run:** {detail}\n\n"
            f"Please check **{field}** and ask again with a corrected value.")


def framework_answer(question: str, passages: Sequence[Passage], prefer: str | None = None,
                     topic: str | None = None) -> str:
    """The units of the retrieved passages that answer this question, led by a direct answer, each cited to its
    card (`extractive`); `prefer` names a card that leads when it was retrieved, `topic` the card a follow-up
    continues."""
    return extractive_answer(question, passages, prefer=prefer, topic=topic)


def method_search(question: str, evidence: Evidence, lead: str | None = None,
                  topic: str | None = None) -> dict[str, Any] | None:
    """The `search_knowledge` arguments that fetch the lead card's method when the question wants steps and the
    first searches brought back the card without it (its definition or pitfalls only); None when nothing is
    missing. Retrieval returns one passage per section, so "ideas?" can find the right card by its pitfalls."""
    passages = unique_passages(evidence.passages)
    reading = read_passages(question, passages, prefer=CALCULATOR_CARDS.get(lead or ""), topic=topic)
    if not missing_method(reading):
        return None
    title = next((str(p.get("title")) for p in passages if p.get("id") == reading.lead and p.get("title")),
                 reading.lead)
    return {"query": f"{title} — {HEADINGS[reading.asking.lang][1]}", "k": 2}


def compose(intent: str, question: str, evidence: Evidence, notes: Sequence[str] = (), lead: str | None = None,
            topic: str | None = None) -> str:
    """The final answer of a turn from what its tool calls returned (`agent.evidence.collect_evidence`); `lead`
    names a calculator whose card should lead a framework answer when it was retrieved, `topic` the card a
    follow-up continues."""
    passages = unique_passages(evidence.passages)
    if intent == "rag_diagnosis":
        return rag_diagnosis_answer(question, passages)
    if intent == "review":
        return review_answer(passages)
    if intent == "out_of_scope":  # asked with no domain word: in scope only if retrieval found it clearly relevant
        return framework_answer(question, passages) if on_topic(passages) else out_of_scope_reply()
    calculator = next(reversed(evidence.computed), None)
    if calculator is not None and isinstance(calculator["result"], dict):
        return calculator_answer(calculator["name"], question, calculator["result"], passages, notes)
    failed = next((e for e in evidence.tool_errors if not e.startswith(f"{SEARCH_TOOL}:")), None)
    if failed is not None:
        return tool_error_answer(failed.split(":")[0], failed)
    if evidence.tool_errors and not passages:
        detail = evidence.tool_errors[0].removeprefix(f"{SEARCH_TOOL}: ").removeprefix("Error:").strip()
        return (f"**The knowledge search failed:** {detail}\n\n"
                "Run `pm-assistant index` to (re)build the knowledge index, then ask again.")
    answer = framework_answer(question, passages, prefer=CALCULATOR_CARDS.get(lead or ""), topic=topic)
    if notes and passages:  # an offer to run the calculator, before the sources line
        body, _, sources = answer.rpartition("\n\n")
        answer = "\n\n".join([body, *notes, sources])
    return answer
