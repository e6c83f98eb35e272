"""The verdict ladder: approve / approve with conditions / defer until named information arrives / reject.

- reject: nothing to decide on — no figures (no investment and no benefit), and neither data nor a
  quantified problem;
- defer: a release blocker (a measured error rate over the domain's budget), or the information a decision
  needs is missing (investment or benefit, so no payback; in a high-risk domain, the core technology);
- approve with conditions: the case stands, with conditions to meet (unanswered review questions, in a
  high-risk domain the serious domain risks the proposal does not cover, a rate that is only a target, slow
  payback); in a standard domain the library's risks are asked as questions before approval, not conditions;
- approve: no conditions of weight remain.

The decision follows from the judgements and the calculators' results, never from a model's wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pm_assistant.agent.review.schema import Financials, HallucinationBudget, ReviewJudgements
from pm_assistant.agent.review.wording import report_words
from pm_assistant.tools.fmt import num, pct

SLOW_PAYBACK_MONTHS = 36
SERIOUS_RISK = 4  # library risks at or above this business-risk level are conditions when uncovered


@dataclass
class Decision:
    """The rung of the ladder, the conditions (or the information awaited), and the blockers."""

    decision: str  # "approve" | "approve_with_conditions" | "defer" | "reject"
    conditions: list[str] = field(default_factory=list)
    blockers: list[dict[str, str]] = field(default_factory=list)
    awaiting: list[str] = field(default_factory=list)


def _words(key: str, lang: str, **values: str) -> str:
    text: str = report_words()["verdict"][key][lang]
    return text.format(**values)


def decide(
    judgements: ReviewJudgements,
    financials: Financials,
    budget: HallucinationBudget,
    *,
    lang: str,
    has_data: bool,
    problem_quantified: bool,
) -> Decision:
    """Place the proposal on the verdict ladder."""
    out = Decision("approve")
    if budget.rate is not None and budget.measured and budget.within_budget is False:
        out.blockers.append(
            {
                "kind": "hallucination_rate",
                "reason": _words(
                    "blocker", lang, rate=pct(budget.rate), threshold=pct(budget.threshold),
                    klass=report_words()["summary"][budget.domain_class][lang],
                ),
            }
        )
    no_figures = financials.investment is None and financials.annual_benefit is None and (
        financials.monthly_benefit is None
    )
    if no_figures and not has_data and not problem_quantified:
        out.decision = "reject"
        out.conditions = [_words("reject", lang)]
        return out
    if financials.investment is None:
        out.awaiting.append(_words("need_investment", lang))
    if financials.annual_benefit is None and financials.monthly_benefit is None:
        out.awaiting.append(_words("need_benefit", lang))
    status = {q.id: q for q in judgements.five_questions}
    if judgements.domain_class == "high-risk" and status["core_technology"].status == "missing":
        out.awaiting.append(_words("need_technology", lang))
    for q in judgements.five_questions:
        if q.status == "missing":
            out.conditions.append(q.gap)
    if judgements.domain_class == "high-risk":  # elsewhere the library's risks are questions, not conditions
        for risk in judgements.risks:
            if risk.source == "library" and not risk.covered and risk.business_risk >= SERIOUS_RISK:
                out.conditions.append(risk.ask or risk.risk)
    if budget.rate is not None and not budget.measured:
        out.conditions.append(_words("measure_rate", lang, rate=pct(budget.rate)))
    if financials.payback_months is not None and financials.payback_months > SLOW_PAYBACK_MONTHS:
        out.conditions.append(_words("slow_payback", lang, months=num(financials.payback_months)))
    if out.blockers or out.awaiting:
        out.decision = "defer"
        out.conditions = [b["reason"] for b in out.blockers] + out.awaiting + out.conditions
    elif out.conditions:
        out.decision = "approve_with_conditions"
    return out


def verdict_sentence(decision: Decision, lang: str) -> str:
    """The one-line verdict that opens the verdict paragraph."""
    return _words(decision.decision, lang) if decision.decision != "reject" else _words("reject_line", lang)
