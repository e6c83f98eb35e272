"""roi_payback: the value-bridge worked example, the never-pays-back case and its input rules."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool


def test_article_value_bridge_pays_back_in_6_4_months() -> None:
    # ¥800k budget (¥300k compute + ¥500k labour) against ¥1.5M saved a year: a 6.4-month payback.
    result = run_tool(
        "roi_payback",
        {"investment_breakdown": {"compute": 300000, "labor": 500000}, "annual_benefit": 1500000, "currency": "¥"},
    )
    assert result["payback_months"] == 6.4
    assert result["pays_back"] is True
    assert result["investment"] == 800000
    assert result["net_benefit"] == 700000  # 1.5M over 12 months - 800k
    assert result["roi_ratio"] == 0.875
    assert result["benefit_cost_ratio"] == 1.875
    assert result["currency"] == "¥"
    assert "¥800,000 / (¥125,000 - ¥0) = 6.4 months" in result["formula"]


def test_monthly_benefit_running_cost_and_horizon() -> None:
    result = run_tool(
        "roi_payback",
        {"investment": 120000, "monthly_benefit": 15000, "monthly_running_cost": 5000, "horizon_months": 24},
    )
    assert result["payback_months"] == 12.0
    assert result["net_benefit"] == 10000 * 24 - 120000
    assert result["roi_ratio"] == 1.0
    assert result["benefit_cost_ratio"] == round(15000 * 24 / (120000 + 5000 * 24), 4)
    assert result["currency"] is None


def test_annual_running_cost_is_spread_over_months() -> None:
    result = run_tool("roi_payback", {"investment": 60000, "annual_benefit": 120000, "annual_running_cost": 60000})
    assert result["monthly_running_cost"] == 5000
    assert result["payback_months"] == 12.0


@pytest.mark.parametrize("running", [15000, 20000])
def test_never_pays_back_when_benefit_does_not_exceed_running_cost(running: int) -> None:
    result = run_tool("roi_payback", {"investment": 50000, "monthly_benefit": 15000, "monthly_running_cost": running})
    assert result["payback_months"] is None
    assert result["pays_back"] is False
    assert result["net_benefit"] == (15000 - running) * 12 - 50000
    assert "never pays back" in result["formula"]
    assert "never recovered" in result["explanation"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"annual_benefit": 1}, "investment"),
        ({"investment": 0, "annual_benefit": 1}, "investment"),
        ({"investment": 10}, "annual_benefit"),
        ({"investment": 10, "annual_benefit": 1, "monthly_benefit": 1}, "annual_benefit"),
        ({"investment": 10, "annual_benefit": 1, "monthly_running_cost": 1, "annual_running_cost": 12},
         "annual_running_cost"),
        ({"investment": 10, "annual_benefit": 1, "horizon_months": 0}, "horizon_months"),
        ({"investment": 10, "investment_breakdown": {"a": 4, "b": 5}, "annual_benefit": 1}, "investment_breakdown"),
        ({"investment_breakdown": {"a": -4}, "annual_benefit": 1}, "investment_breakdown.a"),
    ],
)
def test_invalid_combinations_name_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("roi_payback", args)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"roi_payback: {field}: ")


def test_zero_investment_message_reads_naturally() -> None:
    with pytest.raises(ToolInputError, match=r"^roi_payback: investment: must be greater than 0$"):
        run_tool("roi_payback", {"investment": 0, "annual_benefit": 1})
