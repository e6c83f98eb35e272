"""risk_cost_matrix: quadrants and the order to act on them (high risk + low cost first)."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool

ITEMS = [
    {"name": "typos in summaries", "risk": 1, "mitigation_cost": 5_000},
    {"name": "model drift", "risk": 4, "mitigation_cost": 150_000},
    {"name": "vendor lock-in", "risk": 2, "mitigation_cost": 90_000},
    {"name": "qualified candidates rejected", "risk": 5, "mitigation_cost": 20_000,
     "mitigation": "route resumes with confidence < 70% to HR"},
]


def test_quadrants_and_action_order() -> None:
    result = run_tool("risk_cost_matrix", {"items": ITEMS, "cost_threshold": 50_000, "currency": "¥"})
    assert [i["name"] for i in result["items"]] == [
        "qualified candidates rejected", "model drift", "typos in summaries", "vendor lock-in"
    ]
    assert [i["quadrant"] for i in result["items"]] == ["act_now", "plan", "quick_win", "monitor"]
    assert [i["rank"] for i in result["items"]] == [1, 2, 3, 4]
    assert result["items"][0]["mitigation"] == "route resumes with confidence < 70% to HR"
    assert result["quadrants"]["act_now"] == ["qualified candidates rejected"]
    assert result["thresholds"] == {"risk": 3, "cost": 50_000, "cost_source": "given"}
    assert "¥50,000" in result["formula"]


def test_default_cost_threshold_is_the_median() -> None:
    result = run_tool("risk_cost_matrix", {"items": ITEMS})
    assert result["thresholds"]["cost"] == (20_000 + 90_000) / 2
    assert result["thresholds"]["cost_source"] == "median of the items"
    placed = {i["name"]: i["quadrant"] for i in result["items"]}
    assert placed == {
        "qualified candidates rejected": "act_now", "model drift": "plan",
        "typos in summaries": "quick_win", "vendor lock-in": "monitor",
    }


def test_within_a_quadrant_higher_risk_then_cheaper_first() -> None:
    items = [
        {"name": "b", "risk": 4, "mitigation_cost": 10},
        {"name": "a", "risk": 4, "mitigation_cost": 5},
        {"name": "c", "risk": 5, "mitigation_cost": 10},
    ]
    result = run_tool("risk_cost_matrix", {"items": items, "cost_threshold": 100})
    assert [i["name"] for i in result["items"]] == ["c", "a", "b"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"items": []}, "items"),
        ({"items": [{"name": "x", "risk": 6, "mitigation_cost": 1}]}, "items.0.risk"),
        ({"items": [{"name": "x", "risk": 0.5, "mitigation_cost": 1}]}, "items.0.risk"),
        ({"items": [{"name": "x", "risk": 3}]}, "items.0.mitigation_cost"),
        ({"items": [{"name": "x", "risk": 3, "mitigation_cost": -1}]}, "items.0.mitigation_cost"),
        ({"items": [{"name": "", "risk": 3, "mitigation_cost": 1}]}, "items.0.name"),
    ],
)
def test_invalid_items_name_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("risk_cost_matrix", args)
    assert caught.value.field == field


LEVELS = [
    {"name": "wrong refund answers", "risk": 5, "mitigation_cost": 2},
    {"name": "index goes stale", "risk": 3, "mitigation_cost": 4},
    {"name": "slow peak answers", "risk": 2, "mitigation_cost": 3},
    {"name": "vendor price rise", "risk": 1, "mitigation_cost": 5},
]


def test_cost_levels_default_to_three_as_the_low_cost_limit() -> None:
    result = run_tool("risk_cost_matrix", {"items": LEVELS, "cost_scale": "level"})
    assert [(i["name"], i["quadrant"]) for i in result["items"]] == [
        ("wrong refund answers", "act_now"), ("index goes stale", "plan"),
        ("slow peak answers", "quick_win"), ("vendor price rise", "monitor"),
    ]
    assert result["thresholds"] == {"risk": 3, "cost": 3, "cost_source": "default for levels"}
    assert result["cost_scale"] == "level" and result["currency"] is None
    assert "mitigation cost level <= 3 (1-5; default for levels)" in result["formula"]


def test_a_given_level_threshold_moves_the_cut() -> None:
    result = run_tool("risk_cost_matrix", {"items": LEVELS, "cost_scale": "level", "cost_threshold": 2})
    placed = {i["name"]: i["quadrant"] for i in result["items"]}
    assert placed["slow peak answers"] == "monitor" and placed["wrong refund answers"] == "act_now"
    assert result["thresholds"]["cost_source"] == "given"


def test_money_stays_the_default_scale() -> None:
    result = run_tool("risk_cost_matrix", {"items": LEVELS})
    assert result["cost_scale"] == "money"
    assert result["thresholds"] == {"risk": 3, "cost": 3.5, "cost_source": "median of the items"}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"items": LEVELS, "cost_scale": "level", "currency": "¥"}, "currency"),
        ({"items": [*LEVELS, {"name": "x", "risk": 3, "mitigation_cost": 20_000}], "cost_scale": "level"},
         "items.4.mitigation_cost"),
        ({"items": [{"name": "x", "risk": 3, "mitigation_cost": 0}], "cost_scale": "level"}, "items.0.mitigation_cost"),
        ({"items": LEVELS, "cost_scale": "level", "cost_threshold": 6}, "cost_threshold"),
        ({"items": LEVELS, "cost_scale": "levels"}, "cost_scale"),
    ],
)
def test_level_scale_errors_name_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("risk_cost_matrix", args)
    assert caught.value.field == field and "\n" not in str(caught.value)
