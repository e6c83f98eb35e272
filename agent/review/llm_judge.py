"""LLM judgements: the model fills `ReviewJudgements` through structured output (function calling) with the
prompt from prompts/review.md; quotes it cannot back with the proposal's text are dropped. On any failure
the caller falls back to the offline judge and says so.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pm_assistant.agent.review.calculations import Facts
from pm_assistant.agent.review.extract import Extraction
from pm_assistant.agent.review.schema import ReviewJudgements

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

MAX_PROPOSAL_CHARS = 60_000  # what the model is shown; longer proposals are cut and the review says so


@dataclass
class LlmOutcome:
    """The validated judgements (None on failure), token usage and notes for the review."""

    judgements: ReviewJudgements | None
    usage: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def _facts_block(ex: Extraction, facts: Facts) -> str:
    """The figures the tools already computed, so the model judges with them but never recomputes."""
    fin = facts.financials.model_dump(exclude={"sources", "note"}, exclude_none=True)
    shown = {
        "extracted_figures": {k: f.value for k, f in ex.figures.items()},
        "financials": fin,
        "hallucination_budget": facts.hallucination.model_dump(exclude_none=True),
    }
    return json.dumps(shown, ensure_ascii=False)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`#>]", "", text)).strip().lower()


def drop_unfounded_quotes(judgements: ReviewJudgements, proposal: str) -> list[str]:
    """Set to null every evidence quote that is not in the proposal's text; one note per dropped quote."""
    haystack = _normalise(proposal)
    notes = []
    items = [*judgements.five_questions, *judgements.data_readiness, *judgements.ethics, *judgements.risks]
    for item in items:
        if item.evidence and _normalise(item.evidence).strip(" .") not in haystack:
            label = getattr(item, "id", None) or getattr(item, "step", None) or getattr(item, "item", None) or item.risk
            notes.append(f"the model's quote for '{label}' is not in the proposal, so it was dropped")
            item.evidence = None
    return notes


def llm_judge(model: BaseChatModel, proposal: str, ex: Extraction, facts: Facts) -> LlmOutcome:
    """Ask the model for ReviewJudgements; `judgements` is None (with a note saying why) when it fails."""
    from langchain_core.messages import HumanMessage, SystemMessage

    from pm_assistant.prompts import load_prompt

    notes = []
    text = proposal
    if len(text) > MAX_PROPOSAL_CHARS:
        text = text[:MAX_PROPOSAL_CHARS]
        notes.append(f"the model saw the first {MAX_PROPOSAL_CHARS:,} characters of the proposal")
    messages = [
        SystemMessage(load_prompt("review")),
        HumanMessage(
            f"Facts computed by the calculators (do not recompute): {_facts_block(ex, facts)}\n\n"
            f"Proposal:\n<<<\n{text}\n>>>"
        ),
    ]
    usage: dict[str, Any] = {"llm_calls": 1, "prompt_tokens": 0, "completion_tokens": 0, "latency_ms": 0.0}
    start = time.perf_counter()
    try:
        structured = model.with_structured_output(ReviewJudgements, method="function_calling", include_raw=True)
        out = structured.invoke(messages)
    except Exception as exc:  # any provider or transport failure falls back to the offline judge
        usage["latency_ms"] = round((time.perf_counter() - start) * 1000, 1)
        return LlmOutcome(
            None, usage, [*notes, f"the LLM call failed ({type(exc).__name__}); the offline judge was used"]
        )
    usage["latency_ms"] = round((time.perf_counter() - start) * 1000, 1)
    meta = getattr(out.get("raw"), "usage_metadata", None) or {}
    usage["prompt_tokens"], usage["completion_tokens"] = meta.get("input_tokens", 0), meta.get("output_tokens", 0)
    parsed = out.get("parsed")
    if not isinstance(parsed, ReviewJudgements):
        error = out.get("parsing_error")
        why = (str(error).splitlines() or ["invalid"])[0][:160] if error else "no structured reply"
        return LlmOutcome(
            None, usage, [*notes, f"the model's judgements did not validate ({why}); the offline judge was used"]
        )
    return LlmOutcome(parsed, usage, notes + drop_unfounded_quotes(parsed, proposal))
