"""The self-check's review layer: a review must not leave a stated rate unread, and must not call a part of the
proposal missing while the proposal has a section that answers it.

Run after the four-layer self-check (`agent.selfcheck`); a failure here fails the layer it belongs to:
`prompt` for an input the review misread (a stated error rate it did not read), `grounding` for a judgement
the proposal contradicts (a question or figure marked missing beside a section that answers it).
"""

from __future__ import annotations

from typing import Any

from pm_assistant.agent.review.extract import Extraction
from pm_assistant.agent.review.five_questions import SECTIONS
from pm_assistant.agent.review.rates import clauses
from pm_assistant.agent.review.schema import Review
from pm_assistant.agent.review.structure import quantities_in
from pm_assistant.agent.review.vocab import rate_cues
from pm_assistant.core.text.quantities import read_quantities

# Sections specific enough that, when present, a review may not call their question missing.
_SPECIFIC = {q: kinds for q, kinds in SECTIONS.items() if q != "core_technology"}


def unread_rates(review: Review, ex: Extraction) -> list[str]:
    """Sentences outside the problem statement that state an error rate the review did not read."""
    read = {round(r["value"], 6) for r in review.hallucination_budget.stated_rates}
    if review.hallucination_budget.rate is not None:
        read.add(round(review.hallucination_budget.rate, 6))
    problem = {s.index for s in ex.reading.of_kind("problem")}
    cues = rate_cues()
    out = []
    for sentence in ex.sentences:
        if sentence.index in problem:
            continue
        for clause in clauses(sentence):
            if not cues.has("error", clause) or cues.has("not_error", clause) or cues.has("positive", clause):
                continue
            for q in read_quantities(clause):
                if q.kind in ("percent", "ratio") and round(q.value, 6) not in read:
                    out.append(f'the rate {q.text} in "{sentence.text[:100]}" was not read')
    return out


def missing_but_present(review: Review, ex: Extraction) -> list[str]:
    """Questions and figures the review marks missing while a section of the proposal answers them."""
    out = []
    for q in review.five_questions:
        if q.status != "missing" or q.id not in _SPECIFIC:
            continue
        present = ex.reading.of_kind(*_SPECIFIC[q.id])
        if present:
            out.append(f'"{q.question}" is marked missing, but section "{present[0].section}" speaks to it')
    money = [s for s in ex.reading.of_kind("investment") if any(x.kind == "money" for x in quantities_in(s))]
    if review.financials.investment is None and money:
        out.append(f'the investment is marked not stated, but "{money[0].text[:100]}" states one')
    return out


def apply(self_check: dict[str, Any], review: Review, ex: Extraction) -> dict[str, Any]:
    """The self-check with the review layer's findings folded into its `prompt` and `grounding` checks."""
    findings = {"prompt": unread_rates(review, ex), "grounding": missing_but_present(review, ex)}
    for check in self_check.get("checks", []):
        found = findings.get(check["name"])
        if found:
            check["status"] = "fail"
            check["detail"] = "; ".join([*found, check.get("detail", "")]).strip("; ")
    if any(findings.values()):
        self_check["passed"] = False
    return self_check
