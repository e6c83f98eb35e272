"""Hallucination budget: the budget for a domain and whether an observed hallucination rate is within it.

Budgets from the hallucination-control checklist: at most 1% in high-risk domains (legal, medical and
health, financial or investment advice, hiring, safety) and at most 5% elsewhere. Without a rate the tool
still gives the budget (and no verdict), so every budget figure shown to a user comes from a tool call.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import Fraction, ToolInput, examples
from pm_assistant.tools.fmt import num, pct, round_ratio
from pm_assistant.tools.spec import calculator

DomainClass = Literal["high-risk", "standard"]

THRESHOLDS = {"high-risk": 0.01, "standard": 0.05}

# Whole words (plural allowed) that make a domain high-risk. News *about* finance is not advice:
# only "financial/finance/investment advice" and the terms below count; pass domain_class to override.
HIGH_RISK_TERMS = (
    "legal", "law", "lawyer", "litigation", "contract", "compliance",
    "medical", "medicine", "health", "healthcare", "clinical", "diagnosis", "diagnostic", "patient",
    "triage", "drug", "pharmaceutical",
    "financial advice", "finance advice", "investment advice", "tax", "credit", "loan", "lending", "insurance",
    "hiring", "recruiting", "recruitment", "safety",
)
HIGH_RISK_TERMS_CJK = (
    "法律", "律师", "合同", "医疗", "医学", "医生", "诊断", "药", "投资建议", "理财建议", "招聘",
)
_TERM_RE = re.compile(
    r"\b(" + "|".join(map(re.escape, HIGH_RISK_TERMS)) + r")s?\b", re.IGNORECASE
)


class HallucinationBudgetInput(ToolInput):
    """Arguments of hallucination_budget."""

    model_config = examples(
        {"rate": 0.023, "domain": "finance news"}, {"rate": 0.008, "domain": "legal Q&A"},
        {"domain": "medical assistant"},
    )

    rate: Fraction | None = Field(
        default=None, description="Observed rate as a fraction 0-1 (0.023 for 2.3%); omit to get the budget alone."
    )
    domain: str | None = Field(
        default=None, max_length=200, description="What the product does, e.g. 'legal Q&A', 'finance news'."
    )
    domain_class: DomainClass | None = Field(
        default=None, description="Override the class inferred from domain: 'high-risk' (1%) or 'standard' (5%)."
    )
    threshold: Fraction | None = Field(
        default=None, description="Your own budget as a fraction, replacing the 1% / 5% default (optional)."
    )

    @model_validator(mode="after")
    def _need_domain(self) -> HallucinationBudgetInput:
        if self.domain is None and self.domain_class is None:
            raise FieldProblem("domain", "is required (e.g. 'legal', 'finance news') unless domain_class is given")
        return self


def high_risk_terms(text: str) -> list[str]:
    """Every high-risk term in a text, lower-cased: the English words in order of appearance, then CJK terms."""
    return [m.group(1).lower() for m in _TERM_RE.finditer(text)] + [t for t in HIGH_RISK_TERMS_CJK if t in text]


def classify_domain(domain: str) -> tuple[DomainClass, str | None]:
    """('high-risk' | 'standard', the matched term or None) for a free-text domain."""
    terms = high_risk_terms(domain)
    return ("high-risk", terms[0]) if terms else ("standard", None)


@calculator
def hallucination_budget(inp: HallucinationBudgetInput) -> dict:
    """The hallucination budget for a domain, and whether an observed rate is within it.

    Budget: at most 1% (0.01) in high-risk domains (legal, medical/health, financial or investment advice,
    hiring, safety) and 5% (0.05) elsewhere, e.g. finance news. Give the domain in words (or domain_class to
    override) and the rate as a fraction. Returns threshold, within_budget (rate <= threshold), headroom =
    threshold - rate (negative when over budget) and the reduction needed; without a rate, the threshold
    only, with within_budget and headroom null. Example: finance news at 8% is over its 5% budget; at 2.3% it
    is within, with 2.7 points of headroom.
    """
    if inp.domain_class is not None:
        domain_class, matched, why = inp.domain_class, None, "given"
    else:
        domain_class, matched = classify_domain(inp.domain or "")
        why = f"'{matched}' marks a high-risk domain" if matched else "no high-risk term in the domain"
    threshold = inp.threshold if inp.threshold is not None else THRESHOLDS[domain_class]
    source = "given" if inp.threshold is not None else f"default for {domain_class} domains"
    basis = f"domain class {domain_class} ({why}); threshold {pct(threshold)} ({source})"
    result = {
        "threshold": threshold, "within_budget": None, "domain_class": domain_class, "rate": inp.rate,
        "headroom": None, "reduction_needed": None, "domain": inp.domain, "matched_term": matched,
    }
    if inp.rate is None:
        return result | {
            "formula": basis,
            "explanation": f"No observed rate was given, so there is no verdict: measure the hallucination rate on "
            f"a labelled sample of real questions and compare it with {pct(threshold)}.",
        }
    within = inp.rate <= threshold
    headroom = threshold - inp.rate
    reduction = 0.0 if within else (inp.rate - threshold) / inp.rate
    verdict = "within budget" if within else f"over budget: cut the rate by {pct(reduction)} (relative)"
    return result | {
        "within_budget": within,
        "headroom": round_ratio(headroom),
        "reduction_needed": round_ratio(reduction),
        "formula": (
            f"{basis}; rate {pct(inp.rate)} {'<=' if within else '>'} {pct(threshold)} -> {verdict}; headroom = "
            f"{pct(threshold)} - {pct(inp.rate)} = {num(headroom * 100, 2)} points"
        ),
    }
