"""LLM judgements: the model fills `ReviewJudgements` through structured output (function calling) with the
prompt from prompts/review.md. Each draft is checked: every quote must be in the proposal, and every number in
its free text must be in the proposal or the calculators' facts. A failing draft goes back to the model once,
with the reasons (a retry with a reason); what still fails after that is dropped (quotes) or reported (numbers
fail the self-check's grounding layer). On a call or validation failure the caller falls back to the offline
judge and says so.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from pm_assistant.agent.review.calculations import Facts
from pm_assistant.agent.review.extract import Extraction
from pm_assistant.agent.review.schema import ReviewJudgements
from pm_assistant.agent.review.wording import say
from pm_assistant.core.text.quantities import read_quantities

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

REPAIR = (
    "Your judgements failed these checks. Call ReviewJudgements again with every judgement, fixed: quote the "
    "proposal verbatim (or null) and write no number that is not in the proposal or the facts."
)
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
        "report_language": ex.lang,
        "extracted_figures": {k: f.value for k, f in ex.figures.items()},
        "financials": fin,
        "hallucination_budget": facts.hallucination.model_dump(exclude_none=True),
        "domains": [d.name for d in ex.domains],
        "domain_risks_to_consider": [{"risk": r.risk, "ask": r.ask, "covered_by": r.covered_by} for r in ex.library_risks],
    }
    return json.dumps(shown, ensure_ascii=False)


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_`#>]", "", text)).strip().lower()


def _items(judgements: ReviewJudgements) -> list[Any]:
    return [*judgements.five_questions, *judgements.data_readiness, *judgements.ethics, *judgements.risks]


def _label(item: Any) -> str:
    return str(getattr(item, "id", None) or getattr(item, "step", None) or getattr(item, "item", None) or item.risk)


def _free_text(judgements: ReviewJudgements) -> list[str]:
    """The judge's own words (not its quotes), where a number must come from the proposal or a calculator."""
    texts = [judgements.verdict, judgements.domain_reason, *judgements.missing_information]
    texts += judgements.questions_before_approval
    texts += [getattr(judgements.scores, n).rationale for n in ("business_value", "technical_maturity", "resource_demand")]
    texts += [q.gap for q in judgements.five_questions] + [d.gap for d in judgements.data_readiness]
    texts += [r.mitigation for r in judgements.risks] + [r.risk for r in judgements.risks]
    return [t for t in texts if t]


def problems(judgements: ReviewJudgements, proposal: str, allowed: set[float]) -> list[str]:
    """Why a draft fails: quotes not in the proposal, and numbers in its own words that neither the proposal nor
    the calculators state. Empty when the draft passes."""
    haystack = _normalise(proposal)
    found = [
        f"the quote for '{_label(item)}' is not in the proposal: copy a sentence verbatim or set evidence to null"
        for item in _items(judgements)
        if item.evidence and _normalise(item.evidence).strip(" .。") not in haystack
    ]
    for text in _free_text(judgements):
        for q in read_quantities(text):
            if q.kind in ("money", "percent", "ratio", "count", "number", "tokens") and not _known(q.value, allowed):
                found.append(f"'{q.text}' in \"{text[:80]}\" is neither in the proposal nor in the facts: remove it")
    return found


def _known(value: float, allowed: set[float]) -> bool:
    return any(abs(value - a) <= 1e-6 * max(1.0, abs(a)) for a in allowed)


def _allowed(proposal: str, facts_json: str) -> set[float]:
    values = {q.value for q in read_quantities(proposal)} | {q.value for q in read_quantities(facts_json)}
    return values | {float(n) for n in range(0, 11)} | {20.0, 30.0, 40.0, 100.0}  # scales of the scoring card


def drop_unfounded_quotes(judgements: ReviewJudgements, proposal: str, lang: str = "en") -> list[str]:
    """Set to null every evidence quote that is not in the proposal's text; one note per dropped quote."""
    haystack = _normalise(proposal)
    notes = []
    for item in _items(judgements):
        if item.evidence and _normalise(item.evidence).strip(" .。") not in haystack:
            notes.append(say("note_quote_dropped", lang, item=_label(item)))
            item.evidence = None
    return notes


def llm_judge(model: BaseChatModel, proposal: str, ex: Extraction, facts: Facts) -> LlmOutcome:
    """Ask the model for ReviewJudgements; `judgements` is None (with a note saying why) when it fails."""
    from langchain_core.messages import HumanMessage, SystemMessage

    from pm_assistant.prompts import load_prompt

    notes, lang = [], ex.lang
    text = proposal
    if len(text) > MAX_PROPOSAL_CHARS:
        text = text[:MAX_PROPOSAL_CHARS]
        notes.append(say("note_truncated", lang, count=f"{MAX_PROPOSAL_CHARS:,}"))
    messages = [
        SystemMessage(load_prompt("review")),
        HumanMessage(
            f"Facts computed by the calculators (do not recompute): {_facts_block(ex, facts)}\n\n"
            f"Proposal:\n<<<\n{text}\n>>>"
        ),
    ]
    usage: dict[str, Any] = {"llm_calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "latency_ms": 0.0}
    allowed = _allowed(proposal, _facts_block(ex, facts))
    start = time.perf_counter()
    parsed: ReviewJudgements | None = None
    for attempt in range(2):  # the first draft, and one retry with the reasons it failed
        try:
            structured = model.with_structured_output(ReviewJudgements, method="function_calling", include_raw=True)
            out = cast(dict[str, Any], structured.invoke(messages))
        except Exception as exc:  # any provider or transport failure falls back to the offline judge
            usage["latency_ms"] = round((time.perf_counter() - start) * 1000, 1)
            if parsed is not None:  # the retry failed: keep the first draft, its failures are handled below
                notes.append(say("note_retry_failed", lang, error=type(exc).__name__))
                break
            return LlmOutcome(None, usage, [*notes, say("note_llm_failed", lang, error=type(exc).__name__)])
        usage["llm_calls"] += 1
        meta = getattr(out.get("raw"), "usage_metadata", None) or {}
        usage["prompt_tokens"] += meta.get("input_tokens", 0)
        usage["completion_tokens"] += meta.get("output_tokens", 0)
        draft = out.get("parsed")
        if not isinstance(draft, ReviewJudgements):
            if parsed is not None:
                notes.append(say("note_retry_invalid", lang))
                break
            error = out.get("parsing_error")
            why = (str(error).splitlines() or ["invalid"])[0][:160] if error else "no structured reply"
            usage["latency_ms"] = round((time.perf_counter() - start) * 1000, 1)
            return LlmOutcome(None, usage, [*notes, say("note_llm_invalid", lang, why=why)])
        parsed = draft
        failing = problems(parsed, proposal, allowed)
        if not failing:
            break
        if attempt == 0:
            notes.append(say("note_sent_back", lang, count=len(failing)))
            reasons = "\n- ".join(failing[:20])
            messages = [*messages, HumanMessage(f"{REPAIR}\nYour draft: {parsed.model_dump_json()[:20000]}\n- {reasons}")]
    usage["latency_ms"] = round((time.perf_counter() - start) * 1000, 1)
    assert parsed is not None
    return LlmOutcome(parsed, usage, notes + drop_unfounded_quotes(parsed, proposal, lang))
