"""classification_metrics: counts (all or some), rates, zero division, error cost and the recruiting recall target."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool


def test_counts_with_true_negatives() -> None:
    result = run_tool("classification_metrics", {"tp": 80, "fp": 20, "fn": 10, "tn": 890})
    assert result["precision"] == 0.8
    assert result["recall"] == round(80 / 90, 4)
    assert result["f1"] == round(160 / 190, 4)
    assert result["accuracy"] == 0.97
    assert result["specificity"] == round(890 / 910, 4)
    assert "precision = tp / (tp + fp) = 80 / 100 = 0.8" in result["formula"]


def test_accuracy_only_when_true_negatives_are_known() -> None:
    result = run_tool("classification_metrics", {"tp": 8, "fp": 2, "fn": 2})
    assert result["accuracy"] is None
    assert any("tn" in note for note in result["notes"])


def test_article_recruiting_filter_misses_the_recall_target() -> None:
    # 30% of qualified candidates missed -> recall 0.70, far from the goal of recall >= 95%.
    result = run_tool(
        "classification_metrics",
        {"tp": 70, "fp": 5, "fn": 30, "tn": 895, "target_recall": 0.95, "cost_per_false_negative": 2000,
         "cost_per_false_positive": 100, "currency": "¥"},
    )
    assert result["recall"] == 0.7
    assert result["miss_rate"] == 0.3
    assert result["meets_targets"] is False
    assert result["targets"]["recall"] == {"target": 0.95, "actual": 0.7, "met": False}
    assert result["error_cost"] == 30 * 2000 + 5 * 100
    assert result["currency"] == "¥"


def test_from_rates_gives_f1() -> None:
    # The short-video case: recall 90% with accuracy (here: precision) 68%.
    result = run_tool("classification_metrics", {"precision": 0.68, "recall": 0.9, "target_recall": 0.9})
    assert result["f1"] == round(2 * 0.68 * 0.9 / 1.58, 4)
    assert result["accuracy"] is None
    assert result["meets_targets"] is True


def test_zero_rates_give_zero_f1() -> None:
    assert run_tool("classification_metrics", {"precision": 0, "recall": 0})["f1"] == 0


def test_zero_division_is_null_and_explained() -> None:
    result = run_tool("classification_metrics", {"tp": 0, "fp": 0, "fn": 0, "tn": 50})
    assert result["precision"] is None and result["recall"] is None and result["f1"] is None
    assert result["accuracy"] == 1.0
    assert any("predicted no positives" in n for n in result["notes"])
    assert any("no actual positives" in n for n in result["notes"])


def test_precision_alone_from_true_and_false_positives() -> None:
    result = run_tool("classification_metrics", {"tp": 45, "fp": 5})
    assert result["precision"] == 0.9
    assert result["recall"] is None and result["f1"] is None and result["accuracy"] is None
    assert result["miss_rate"] is None
    assert result["formula"] == "precision = tp / (tp + fp) = 45 / 50 = 0.9"
    assert "recall needs fn (false negatives): recall = tp / (tp + fn)" in result["notes"]
    assert any(note.startswith("F1 needs fn ") for note in result["notes"])
    assert any(note.startswith("accuracy needs fn (false negatives) and tn ") for note in result["notes"])


def test_recall_alone_from_true_positives_and_false_negatives() -> None:
    result = run_tool("classification_metrics", {"tp": 45, "fn": 15, "tn": 40})
    assert result["recall"] == 0.75 and result["miss_rate"] == 0.25
    assert result["precision"] is None and result["f1"] is None and result["accuracy"] is None
    assert result["specificity"] is None
    assert {"precision", "recall", "f1", "accuracy"} <= result.keys()
    assert "precision needs fp (false positives): precision = tp / (tp + fp)" in result["notes"]
    assert any(note.startswith("accuracy needs fp (false positives):") for note in result["notes"])
    assert "precision =" not in result["formula"] and "recall = tp / (tp + fn) = 45 / 60 = 0.75" in result["formula"]


def test_partial_counts_with_a_target_and_error_cost_of_the_known_count() -> None:
    result = run_tool(
        "classification_metrics",
        {"tp": 45, "fp": 5, "target_precision": 0.95, "cost_per_false_positive": 40, "currency": "$"},
    )
    assert result["targets"]["precision"] == {"target": 0.95, "actual": 0.9, "met": False}
    assert result["error_cost"] == 200
    assert "error cost = fp x cost per FP = 5 x $40 = $200" in result["formula"]


def test_zero_division_with_partial_counts_is_undefined_not_missing() -> None:
    result = run_tool("classification_metrics", {"tp": 0, "fn": 0, "tn": 5})
    assert result["recall"] is None
    assert any("no actual positives" in note for note in result["notes"])
    assert any(note.startswith("precision needs fp") for note in result["notes"])


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({}, "tp"),
        ({"tp": 1}, "fp"),
        ({"tp": 1, "tn": 4}, "fp"),
        ({"fp": 1, "fn": 1}, "tp"),
        ({"tp": 1, "fp": 1, "target_recall": 0.9}, "fn"),
        ({"tp": 1, "fn": 1, "target_precision": 0.9}, "fp"),
        ({"tp": 1, "fp": 1, "cost_per_false_negative": 5}, "fn"),
        ({"tp": 1, "fn": 1, "cost_per_false_positive": 5}, "fp"),
        ({"tp": 0, "fp": 0, "fn": 0}, "tp"),
        ({"tp": 0, "fp": 0}, "tp"),
        ({"precision": 0.5}, "recall"),
        ({"tp": 1, "fp": 1, "fn": 1, "precision": 0.5}, "precision"),
        ({"precision": 0.5, "recall": 0.5, "tn": 3}, "tn"),
        ({"precision": 0.5, "recall": 0.5, "cost_per_false_negative": 3}, "cost_per_false_positive"),
        ({"precision": 95, "recall": 0.5}, "precision"),
        ({"tp": -1, "fp": 1, "fn": 1}, "tp"),
        ({"tp": 1.5, "fp": 1, "fn": 1}, "tp"),
    ],
)
def test_invalid_input_names_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("classification_metrics", args)
    assert caught.value.field == field
    assert "\n" not in str(caught.value) and str(caught.value).startswith(f"classification_metrics: {field}: ")
