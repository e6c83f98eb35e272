"""investment_score: the scoring card's thresholds and the article's three example projects."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool


@pytest.mark.parametrize(
    ("project", "scores", "total", "priority"),
    [
        # The article gives only the totals (80, 70, 45); these splits respect the 40/30/30 caps.
        ("AI customer-service accuracy boost", (36, 24, 20), 80, "P0"),
        ("AI-generated product descriptions", (30, 22, 18), 70, "P1"),
        ("Multimodal interaction research", (20, 10, 15), 45, "P2"),
    ],
)
def test_article_example_projects(project: str, scores: tuple, total: int, priority: str) -> None:
    value, maturity, demand = scores
    result = run_tool(
        "investment_score",
        {"project": project, "business_value": value, "technical_maturity": maturity, "resource_demand": demand},
    )
    assert result["total"] == total
    assert result["priority"] == priority
    assert result["project"] == project
    assert f"= {total}/100 -> {priority}" in result["formula"]


@pytest.mark.parametrize(
    ("total", "priority"),
    [(100, "P0"), (80, "P0"), (79.5, "P1"), (79, "P1"), (60, "P1"), (59.99, "P2"), (0, "P2")],
)
def test_thresholds(total: float, priority: str) -> None:
    value = min(total, 40)
    maturity = min(total - value, 30)
    demand = total - value - maturity
    result = run_tool(
        "investment_score", {"business_value": value, "technical_maturity": maturity, "resource_demand": demand}
    )
    assert result["total"] == pytest.approx(total)
    assert result["priority"] == priority


def test_float_sum_on_the_threshold_is_exact() -> None:
    result = run_tool("investment_score", {"business_value": 26.6, "technical_maturity": 26.7, "resource_demand": 26.7})
    assert result["total"] == 80 and result["priority"] == "P0"


@pytest.mark.parametrize(
    ("field", "value"), [("business_value", 41), ("technical_maturity", 31), ("resource_demand", -1)]
)
def test_out_of_range_subscores_rejected(field: str, value: float) -> None:
    args = {"business_value": 10, "technical_maturity": 10, "resource_demand": 10, field: value}
    with pytest.raises(ToolInputError) as caught:
        run_tool("investment_score", args)
    assert caught.value.field == field
