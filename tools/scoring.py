"""Technology-investment scoring card: business value + technical maturity + resource demand -> P0/P1/P2."""

from __future__ import annotations

import math

from pydantic import Field

from pm_assistant.tools.fields import Label, ToolInput, examples
from pm_assistant.tools.fmt import num
from pm_assistant.tools.spec import calculator

P0_MIN, P1_MIN = 80, 60
_LABELS = {"P0": "critical: fund and staff now", "P1": "important: schedule next", "P2": "defer: revisit later"}


class InvestmentScoreInput(ToolInput):
    """Arguments of investment_score."""

    model_config = examples(
        {"project": "AI customer-service accuracy boost", "business_value": 36, "technical_maturity": 24,
         "resource_demand": 20},
    )

    business_value: float = Field(
        ge=0, le=40, allow_inf_nan=False, description="Business value score, 0-40 (revenue, cost saved, strategic fit)."
    )
    technical_maturity: float = Field(
        ge=0, le=30, allow_inf_nan=False, description="Technical maturity score, 0-30 (proven tech, data ready)."
    )
    resource_demand: float = Field(
        ge=0,
        le=30,
        allow_inf_nan=False,
        description="Resource demand score, 0-30; higher means lighter demand on people, compute and budget.",
    )
    project: Label | None = Field(default=None, description="Name of the project being scored (optional).")


def priority_for(total: float) -> str:
    """P0 for a total >= 80, P1 for 60-79, P2 below 60."""
    if total >= P0_MIN:
        return "P0"
    return "P1" if total >= P1_MIN else "P2"


@calculator
def investment_score(inp: InvestmentScoreInput) -> dict:
    """Score a technology investment on the 100-point card and give its priority.

    total = business_value (0-40) + technical_maturity (0-30) + resource_demand (0-30, higher = lighter
    demand); priority P0 (critical) when total >= 80, P1 (important) for 60-79, P2 (defer) below 60.
    Example: 36 + 24 + 20 = 80 -> P0; 70 -> P1; 45 -> P2.
    """
    # Rounded to 2 decimals before the thresholds, so the total shown and the priority always agree
    # (and 26.6 + 26.7 + 26.7 is exactly 80, not 79.99999999999999).
    total = round(math.fsum((inp.business_value, inp.technical_maturity, inp.resource_demand)), 2)
    priority = priority_for(total)
    return {
        "total": total,
        "priority": priority,
        "priority_label": _LABELS[priority],
        "project": inp.project,
        "breakdown": {
            "business_value": {"score": inp.business_value, "max": 40},
            "technical_maturity": {"score": inp.technical_maturity, "max": 30},
            "resource_demand": {"score": inp.resource_demand, "max": 30},
        },
        "thresholds": {"P0": P0_MIN, "P1": P1_MIN},
        "formula": (
            f"total = business value {num(inp.business_value)}/40 + technical maturity "
            f"{num(inp.technical_maturity)}/30 + resource demand {num(inp.resource_demand)}/30 = {num(total)}/100"
            f" -> {priority} (P0 >= {P0_MIN}, P1 {P1_MIN}-{P0_MIN - 1}, P2 < {P1_MIN})"
        ),
    }
