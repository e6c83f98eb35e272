"""cache_savings: the architecture-bottleneck example (45% -> 65% hit rate saving ¥42k a month)."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool


def test_article_hit_rate_45_to_65_saves_42k() -> None:
    # 42,000 = C x (0.65 - 0.45), so the cacheable traffic costs C = ¥210,000 a month with no cache.
    result = run_tool(
        "cache_savings",
        {"monthly_cost_without_cache": 210_000, "hit_rate_before": 0.45, "hit_rate_after": 0.65, "currency": "¥"},
    )
    assert result["monthly_savings"] == 42_000
    assert result["cost_before"] == 115_500
    assert result["cost_after"] == 73_500
    assert result["annual_savings"] == 504_000
    assert result["currency"] == "¥"
    assert "= ¥42,000" in result["formula"]


def test_from_current_cost() -> None:
    # Today (45% hits) the traffic costs ¥115,500, which implies the same ¥210,000 uncached cost.
    result = run_tool(
        "cache_savings", {"current_monthly_cost": 115_500, "hit_rate_before": 0.45, "hit_rate_after": 0.65}
    )
    assert result["cacheable_cost_without_cache"] == 210_000
    assert result["monthly_savings"] == 42_000


def test_cacheable_share_limits_the_base() -> None:
    result = run_tool(
        "cache_savings",
        {"monthly_cost_without_cache": 100_000, "cacheable_share": 0.4, "hit_rate_before": 0, "hit_rate_after": 0.5},
    )
    assert result["monthly_savings"] == 20_000
    # From the current cost: 60,000 fixed + 40,000 cacheable at 0% hits = 100,000.
    derived = run_tool(
        "cache_savings",
        {"current_monthly_cost": 80_000, "cacheable_share": 0.4, "hit_rate_before": 0.5, "hit_rate_after": 0.75},
    )
    assert derived["cacheable_cost_without_cache"] == 40_000
    assert derived["monthly_savings"] == 10_000


def test_falling_hit_rate_is_an_extra_cost() -> None:
    result = run_tool(
        "cache_savings", {"monthly_cost_without_cache": 1000, "hit_rate_before": 0.5, "hit_rate_after": 0.4}
    )
    assert result["monthly_savings"] == -100
    assert "extra cost" in result["explanation"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"hit_rate_before": 0.1, "hit_rate_after": 0.2}, "monthly_cost_without_cache"),
        ({"monthly_cost_without_cache": 1, "current_monthly_cost": 1, "hit_rate_before": 0.1, "hit_rate_after": 0.2},
         "monthly_cost_without_cache"),
        ({"current_monthly_cost": 1, "hit_rate_before": 1, "hit_rate_after": 1}, "hit_rate_before"),
        ({"monthly_cost_without_cache": 1, "hit_rate_before": 45, "hit_rate_after": 0.65}, "hit_rate_before"),
        ({"monthly_cost_without_cache": 1, "hit_rate_before": 0.45}, "hit_rate_after"),
    ],
)
def test_invalid_input_names_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("cache_savings", args)
    assert caught.value.field == field


def test_calls_times_cost_per_call_is_the_uncached_cost() -> None:
    # 1M calls x $0.002 = $2,000 a month with no cache; a first cache serving 40% of them saves $800.
    result = run_tool("cache_savings", {"calls_per_month": 1_000_000, "cost_per_call": 0.002, "hit_rate_after": 0.4,
                                        "currency": "$"})
    assert result["cacheable_cost_without_cache"] == 2000
    assert result["monthly_savings"] == 800
    assert result["hit_rate_before"] == 0
    assert "1,000,000 calls x $0.002 = $2,000" in result["formula"]
    raised = run_tool("cache_savings", {"calls_per_month": 2_000_000, "cost_per_call": 0.05, "hit_rate_before": 0.2,
                                        "hit_rate_after": 0.6, "currency": "¥"})
    assert raised["monthly_savings"] == 40_000


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"calls_per_month": 10, "hit_rate_after": 0.2}, "cost_per_call"),
        ({"cost_per_call": 0.1, "hit_rate_after": 0.2}, "calls_per_month"),
        ({"calls_per_month": 10, "cost_per_call": 0.1, "monthly_cost_without_cache": 5, "hit_rate_after": 0.2},
         "monthly_cost_without_cache"),
    ],
)
def test_calls_and_cost_per_call_go_together_and_alone(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("cache_savings", args)
    assert caught.value.field == field
