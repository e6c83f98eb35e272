"""custom_model_cost: the article's medical-model example, recomputed."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool

ARTICLE_MEDICAL_MODEL = {
    "labeled_samples": 5000, "price_per_sample": 2,  # 5,000 labelled samples at ¥2
    "gpus": 8, "gpu_hourly_rate": 10, "gpu_days": 7,  # 8 x A100 at ¥10/h for 7 days
    "people": 2, "day_rate": 800, "days": 7,  # 2 engineers at ¥800/day (for the same 7 days)
    "currency": "¥",
}


def test_article_medical_model_total_recomputed() -> None:
    # The article prints "≈ ¥38,240", but its own inputs give 10,000 + 13,440 + 11,200 = ¥34,640
    # (no reading of them reaches 38,240: GPUs at 8 h a day would give 25,680, without labour 23,440).
    result = run_tool("custom_model_cost", ARTICLE_MEDICAL_MODEL)
    assert result["data_cost"] == 5000 * 2 == 10_000
    assert result["compute_cost"] == 8 * 10 * 24 * 7 == 13_440
    assert result["labor_cost"] == 2 * 800 * 7 == 11_200
    assert result["total"] == 34_640
    assert result["total"] != 38_240
    assert result["gpu_hours_total"] == 1344
    assert result["currency"] == "¥"
    assert "total = ¥34,640" in result["formula"]
    assert sum(result["shares"].values()) == pytest.approx(1, abs=1e-3)


def test_gpu_hours_instead_of_days_and_shorter_days() -> None:
    by_hours = run_tool("custom_model_cost", {"gpus": 2, "gpu_hourly_rate": 3, "gpu_hours": 10})
    by_days = run_tool("custom_model_cost", {"gpus": 2, "gpu_hourly_rate": 3, "gpu_days": 1.25, "gpu_hours_per_day": 8})
    assert by_hours["compute_cost"] == by_days["compute_cost"] == 60
    assert by_hours["total"] == 60 and by_hours["data_cost"] == by_hours["labor_cost"] == 0


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({}, "labeled_samples"),
        ({"labeled_samples": 10}, "price_per_sample"),
        ({"gpus": 1, "gpu_hours": 1}, "gpu_hourly_rate"),
        ({"gpus": 1, "gpu_hourly_rate": 1}, "gpu_hours"),
        ({"gpus": 1, "gpu_hourly_rate": 1, "gpu_hours": 1, "gpu_days": 1}, "gpu_hours"),
        ({"people": 1, "days": 2}, "day_rate"),
        ({"people": 1, "day_rate": 2}, "days"),
        ({"labeled_samples": 1.5, "price_per_sample": 1}, "labeled_samples"),
        ({"gpu_hourly_rate": 2.5}, "gpu_hours"),  # a rate with no GPU time would be silently ignored
        ({"compute_cost": 40_000, "gpus": 2, "gpu_hourly_rate": 2, "gpu_hours": 10}, "compute_cost"),
        ({"labor_cost": 90_000, "people": 3}, "labor_cost"),
    ],
)
def test_invalid_combinations_name_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("custom_model_cost", args)
    assert caught.value.field == field


def test_whole_number_floats_are_accepted_for_counts() -> None:
    result = run_tool("custom_model_cost", {"labeled_samples": 100.0, "price_per_sample": 1})
    assert result["data_cost"] == 100


def test_gpu_hours_without_gpus_count_as_total_gpu_time() -> None:
    # 20,000 labels x ¥3 + 500 GPU hours x ¥25 + 2 people x ¥2,000 x 60 days = 60,000 + 12,500 + 240,000.
    result = run_tool("custom_model_cost", {"labeled_samples": 20_000, "price_per_sample": 3, "gpu_hours": 500,
                                            "gpu_hourly_rate": 25, "people": 2, "day_rate": 2000, "days": 60})
    assert result["compute_cost"] == 12_500 and result["gpu_hours_total"] == 500
    assert result["total"] == 312_500
    assert "1 GPUs x" in result["formula"]


def test_zero_gpus_with_gpu_time_is_rejected() -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("custom_model_cost", {"gpus": 0, "gpu_hours": 500, "gpu_hourly_rate": 25})
    assert caught.value.field == "gpus"


def test_a_part_known_only_as_one_sum() -> None:
    # 500,000 labels x $0.2 + $40k of GPU compute as one sum + 25 engineers x $800/day x 30 days
    result = run_tool("custom_model_cost", {"labeled_samples": 500_000, "price_per_sample": 0.2,
                                            "compute_cost": 40_000, "people": 25, "day_rate": 800, "days": 30,
                                            "currency": "$"})
    assert result["data_cost"] == 100_000 and result["compute_cost"] == 40_000 and result["labor_cost"] == 600_000
    assert result["total"] == 740_000
    assert "compute = $40,000 (given as one sum)" in result["formula"]
    only_sums = run_tool("custom_model_cost", {"data_cost": 120_000, "labor_cost": 180_000})
    assert only_sums["total"] == 300_000 and only_sums["shares"]["labor"] == 0.6
