"""poc_compare: the article's A/B/C product-description POC, constraints and tie-breaks."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool

A = {"name": "A", "accuracy": 0.72, "latency_s": 1.5}  # generic large model
B = {"name": "B", "accuracy": 0.88, "latency_s": 2.3}  # custom model on e-commerce data
C = {"name": "C", "accuracy": 0.91, "latency_s": 1.8}  # model + attribute template


def test_article_abc_case_c_wins() -> None:
    # Goal: generated descriptions with accuracy >= 85%. A fails it; C beats B on accuracy.
    result = run_tool("poc_compare", {"options": [A, B, C], "constraints": {"min_accuracy": 0.85}})
    assert result["winner"] == "C"
    assert result["qualifying"] == ["C", "B"]
    assert [r["name"] for r in result["ranking"]] == ["C", "B", "A"]
    assert [r["qualifies"] for r in result["ranking"]] == [True, True, False]
    assert result["rejected"] == [{"name": "A", "reasons": ["accuracy 72% < required 85%"]}]
    assert result["why_not"] == {"B": "lower accuracy than C (88% vs 91%)", "A": "accuracy 72% < required 85%"}
    assert result["warnings"] == []


def test_latency_limit_also_rejects_b() -> None:
    result = run_tool(
        "poc_compare", {"options": [A, B, C], "constraints": {"min_accuracy": 0.85, "max_latency_s": 2}}
    )
    assert result["winner"] == "C"
    assert result["qualifying"] == ["C"]
    assert result["why_not"]["B"] == "latency 2.3 s > limit 2 s"


def test_no_option_qualifies() -> None:
    result = run_tool("poc_compare", {"options": [A, B, C], "constraints": {"min_accuracy": 0.95}})
    assert result["winner"] is None
    assert result["qualifying"] == []
    assert "no option meets the constraints" in result["formula"]


def test_ties_go_to_lower_cost_then_lower_latency() -> None:
    options = [
        {"name": "slow", "accuracy": 0.9, "latency_s": 3, "cost": 100},
        {"name": "pricey", "accuracy": 0.9, "latency_s": 1, "cost": 500},
        {"name": "fast", "accuracy": 0.9, "latency_s": 1, "cost": 100},
    ]
    result = run_tool("poc_compare", {"options": options, "currency": "¥"})
    assert result["qualifying"] == ["fast", "slow", "pricey"]
    assert result["why_not"]["slow"] == "same accuracy and cost as fast but slower (3 s vs 1 s)"
    assert result["why_not"]["pricey"] == "same accuracy as fast but costs more (¥500 vs ¥100)"


def test_cost_limit_with_unknown_cost_rejects_the_option() -> None:
    result = run_tool("poc_compare", {"options": [A, {**C, "cost": 50}], "constraints": {"max_cost": 100}})
    assert result["winner"] == "C"
    assert result["rejected"] == [{"name": "A", "reasons": ["cost not given, so max_cost cannot be checked"]}]


def test_more_than_three_options_warns() -> None:
    options = [{"name": f"o{i}", "accuracy": i / 10} for i in range(4)]
    result = run_tool("poc_compare", {"options": options})
    assert result["winner"] == "o3"
    assert "at most 3" in result["warnings"][0]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"options": []}, "options"),
        ({"options": [A, {**A}]}, "options.1.name"),
        ({"options": [{"name": "x", "accuracy": 91}]}, "options.0.accuracy"),
        ({"options": [{"name": "x", "accuracy": 0.9, "latency_s": -1}]}, "options.0.latency_s"),
        ({"options": [A], "constraints": {"min_accuracy": 85}}, "constraints.min_accuracy"),
        ({"options": [A], "constraints": {"max_accuracy": 0.9}}, "constraints.max_accuracy"),
        ({"options": [{"name": f"o{i}", "accuracy": 0.5} for i in range(11)]}, "options"),
    ],
)
def test_invalid_input_names_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("poc_compare", args)
    assert caught.value.field == field
