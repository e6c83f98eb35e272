"""Risk-cost matrix: place risks by business risk and mitigation cost, and order them for action.

Risk is a 1-5 score (likelihood x impact condensed: 1 negligible ... 5 severe); high when >= risk_threshold
(default 3). Mitigation cost is money (low when <= cost_threshold, default the median of the items' costs)
or, with cost_scale "level", a relative level 1-5 without currency (low when <= cost_threshold, default 3):
proposals rarely price their mitigations, but can still say which are cheap.
"""

from __future__ import annotations

import statistics
from typing import Literal

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import Currency, Label, Money, Score5, ToolInput, examples
from pm_assistant.tools.fmt import money, num
from pm_assistant.tools.quadrants import rank_into_quadrants
from pm_assistant.tools.spec import calculator

# Quadrants in the order to act on them: cheap safeguards for serious risks come first.
QUADRANTS = {
    "act_now": "high risk, low mitigation cost: put the safeguard in now",
    "plan": "high risk, high mitigation cost: plan and budget the mitigation, limit exposure meanwhile",
    "quick_win": "low risk, low mitigation cost: fix when convenient",
    "monitor": "low risk, high mitigation cost: accept the risk and monitor it",
}
LEVEL_COST_THRESHOLD = 3  # with cost_scale "level": mitigation cost levels 1-3 are low, 4-5 high


class RiskItem(ToolInput):
    """One risk to place on the matrix."""

    name: Label = Field(description="The risk, e.g. 'misses qualified candidates'.")
    risk: Score5 = Field(description="Business risk 1-5 (likelihood x impact: 1 negligible, 5 severe).")
    mitigation_cost: Money = Field(description="Mitigation cost: money, or a level 1-5 with cost_scale 'level'.")
    mitigation: str | None = Field(default=None, max_length=500, description="The mitigation (optional).")


class RiskCostMatrixInput(ToolInput):
    """Arguments of risk_cost_matrix."""

    model_config = examples(
        {
            "items": [
                {"name": "qualified candidates rejected", "risk": 5, "mitigation_cost": 20000,
                 "mitigation": "route confidence < 70% to HR review"},
                {"name": "model drift", "risk": 3, "mitigation_cost": 150000},
                {"name": "typos in summaries", "risk": 1, "mitigation_cost": 5000},
            ],
            "currency": "¥",
        },
    )

    items: list[RiskItem] = Field(min_length=1, max_length=100, description="The risks to place.")
    risk_threshold: Score5 = Field(default=3, description="Risk at or above this is high (1-5, default 3).")
    cost_threshold: Money | None = Field(
        default=None, description="Mitigation cost at or below this is low; default: median cost, or 3 for levels."
    )
    cost_scale: Literal["money", "level"] = Field(
        default="money", description="'money' (default) or 'level': mitigation costs are levels 1-5, no currency."
    )
    currency: Currency

    @model_validator(mode="after")
    def _check_levels(self) -> RiskCostMatrixInput:
        if self.cost_scale == "money":
            return self
        if self.currency is not None:
            raise FieldProblem("currency", "must be left out with cost_scale 'level' (levels are not money)")
        for i, item in enumerate(self.items):
            if not 1 <= item.mitigation_cost <= 5:
                raise FieldProblem(f"items.{i}.mitigation_cost", "must be a level from 1 to 5 with cost_scale 'level'")
        if self.cost_threshold is not None and not 1 <= self.cost_threshold <= 5:
            raise FieldProblem("cost_threshold", "must be a level from 1 to 5 with cost_scale 'level'")
        return self


def _quadrant(item: RiskItem, risk_cut: float, cost_cut: float) -> str:
    high_risk, low_cost = item.risk >= risk_cut, item.mitigation_cost <= cost_cut
    if high_risk:
        return "act_now" if low_cost else "plan"
    return "quick_win" if low_cost else "monitor"


@calculator
def risk_cost_matrix(inp: RiskCostMatrixInput) -> dict:
    """Place risks on a risk-cost matrix and list them in the order to act on them.

    Each item has a business risk score 1-5 (high when >= risk_threshold, default 3) and a mitigation cost
    (low when <= cost_threshold): money by default (threshold default the median cost), or a relative level
    1-5 with cost_scale "level" and no currency (threshold default 3). Quadrants, in order of action: act_now
    (high risk, low cost), plan (high risk, high cost), quick_win (low risk, low cost), monitor (low risk, high
    cost); within a quadrant, higher risk first, then cheaper mitigation. Returns items with rank and
    quadrant, and the names in each quadrant.
    """
    cur, levels = inp.currency, inp.cost_scale == "level"
    cost_cut, cost_source = inp.cost_threshold, "given"
    if cost_cut is None and levels:
        cost_cut, cost_source = LEVEL_COST_THRESHOLD, "default for levels"
    elif cost_cut is None:
        cost_cut, cost_source = statistics.median(i.mitigation_cost for i in inp.items), "median of the items"
    placed = ((item.model_dump(), _quadrant(item, inp.risk_threshold, cost_cut)) for item in inp.items)
    ranked = rank_into_quadrants(placed, QUADRANTS, lambda i: (-i["risk"], i["mitigation_cost"], i["name"]))
    low_cost = (f"mitigation cost level <= {num(cost_cut)} (1-5; {cost_source})" if levels
                else f"mitigation cost <= {money(cost_cut, cur)} ({cost_source})")
    return {
        **ranked,
        "thresholds": {"risk": inp.risk_threshold, "cost": cost_cut, "cost_source": cost_source},
        "cost_scale": inp.cost_scale,
        "currency": cur,
        "formula": (
            f"high risk = risk >= {num(inp.risk_threshold)} (1-5); low cost = {low_cost}; order: act_now > plan > "
            "quick_win > monitor, then higher risk, then cheaper mitigation"
        ),
    }
