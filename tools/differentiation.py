"""Differentiation matrix: user value vs imitation cost, to find the capabilities worth building a moat on.

Both axes are 1-5 scores (user value: 1 nice-to-have ... 5 essential; imitation cost: 1 a rival copies it
in days ... 5 needs data, know-how or scale a rival cannot get); high when >= threshold (default 3).
"""

from __future__ import annotations

from pydantic import Field

from pm_assistant.tools.fields import Label, Score5, ToolInput, examples
from pm_assistant.tools.fmt import num
from pm_assistant.tools.quadrants import rank_into_quadrants
from pm_assistant.tools.spec import calculator

# In priority order.
QUADRANTS = {
    "moat": "high user value, hard to copy: invest here, this is the differentiation",
    "table_stakes": "high user value, easy to copy: ship at parity cost, expect no lasting advantage",
    "niche": "low user value, hard to copy: reconsider, effort without demand",
    "commodity": "low user value, easy to copy: buy or skip",
}


class DifferentiationItem(ToolInput):
    """One capability to place on the matrix."""

    name: Label = Field(description="The capability, e.g. 'sentiment from support chats in recommendations'.")
    user_value: Score5 = Field(description="Value to users, 1-5 (5 essential).")
    imitation_cost: Score5 = Field(description="How hard or costly for a rival to copy, 1-5 (5 very hard).")


class DifferentiationMatrixInput(ToolInput):
    """Arguments of differentiation_matrix."""

    model_config = examples(
        {
            "items": [
                {"name": "recommendations using support-chat sentiment and logistics feedback",
                 "user_value": 5, "imitation_cost": 5},
                {"name": "generic chatbot FAQ", "user_value": 4, "imitation_cost": 1},
                {"name": "custom 3D avatar", "user_value": 2, "imitation_cost": 4},
            ]
        },
    )

    items: list[DifferentiationItem] = Field(min_length=1, max_length=100, description="The capabilities.")
    threshold: Score5 = Field(default=3, description="A score at or above this counts as high (1-5, default 3).")


def _quadrant(item: DifferentiationItem, cut: float) -> str:
    if item.user_value >= cut:
        return "moat" if item.imitation_cost >= cut else "table_stakes"
    return "niche" if item.imitation_cost >= cut else "commodity"


@calculator
def differentiation_matrix(inp: DifferentiationMatrixInput) -> dict:
    """Place capabilities on the differentiation matrix (user value vs imitation cost).

    Scores are 1-5; high when >= threshold (default 3). Quadrants in priority order: moat (high value, hard
    to copy: invest), table_stakes (high value, easy to copy: ship at parity), niche (low value, hard to
    copy: reconsider), commodity (low value, easy to copy: buy or skip). Within a quadrant, items are
    ordered by user_value x imitation_cost, highest first.
    """
    placed = ((item.model_dump(), _quadrant(item, inp.threshold)) for item in inp.items)
    ranked = rank_into_quadrants(
        placed, QUADRANTS, lambda i: (-i["user_value"] * i["imitation_cost"], i["name"])
    )
    return {
        **ranked,
        "threshold": inp.threshold,
        "formula": (
            f"high = score >= {num(inp.threshold)} (1-5); moat = high value + high imitation cost; table_stakes = "
            "high value + low imitation cost; niche = low value + high imitation cost; commodity = both low; "
            "order: moat > table_stakes > niche > commodity, then value x imitation cost"
        ),
    }
