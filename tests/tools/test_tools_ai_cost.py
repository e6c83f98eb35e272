"""ai_cost_estimate: the article's 3x usage example, token/GPU arithmetic and the dated price table."""

import json
from pathlib import Path

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.prices import PRICES_ENV, load_price_table
from pm_assistant.tools.registry import run_tool


@pytest.mark.parametrize(
    ("tokens", "gpu_hours"),
    [
        (990_000_000, 0),  # all of the ¥1,980 from tokens at ¥0.002 per 1k
        (900_000_000, 22.5),  # ¥1,800 of tokens + 22.5 GPU hours x ¥8 = ¥180
        (750_000_000, 60),  # ¥1,500 + ¥480
    ],
)
def test_article_three_times_usage_raises_1980_to_5940(tokens: int, gpu_hours: float) -> None:
    # "tokens x ¥0.002 per 1,000 + GPU hours x ¥8": the article gives only the ¥1,980 total, so any split
    # that adds up to it must triple to ¥5,940 when usage (and so serving GPU hours) triples.
    args = {
        "monthly_input_tokens": tokens,
        "price_per_1k_input": 0.002,
        "gpu_hours_per_month": gpu_hours,
        "gpu_hourly_rate": 8,
        "currency": "¥",
    }
    base = run_tool("ai_cost_estimate", args)
    tripled = run_tool("ai_cost_estimate", {**args, "usage_multiplier": 3})
    assert base["monthly_cost"] == 1980
    assert tripled["monthly_cost"] == 5940
    assert tripled["baseline_monthly_cost"] == 1980
    assert tripled["increase_vs_baseline"] == 3960
    assert tripled["token_cost"] + tripled["gpu_cost"] == tripled["monthly_cost"]
    assert tripled["currency"] == "¥"
    assert "¥1,980 at 1x usage" in tripled["formula"]


def test_fixed_gpu_reservation_does_not_scale_with_usage() -> None:
    result = run_tool(
        "ai_cost_estimate",
        {"monthly_input_tokens": 1_000_000, "price_per_1k_input": 0.01, "gpu_hours_per_month": 100,
         "gpu_hourly_rate": 2, "usage_multiplier": 3, "gpu_scales_with_usage": False},
    )
    assert result["token_cost"] == 30
    assert result["gpu_cost"] == 200
    assert result["monthly_cost"] == 230


def test_input_output_split_and_requests() -> None:
    result = run_tool(
        "ai_cost_estimate",
        {"requests_per_month": 10_000, "input_tokens_per_request": 1_000, "output_tokens_per_request": 200,
         "price_per_1k_input": 0.001, "price_per_1k_output": 0.004, "currency": "$"},
    )
    assert result["monthly_input_tokens"] == 10_000_000
    assert result["monthly_output_tokens"] == 2_000_000
    assert result["input_token_cost"] == 10
    assert result["output_token_cost"] == 8
    assert result["monthly_cost"] == 18
    assert result["annual_cost"] == 216


def test_output_price_defaults_to_input_price() -> None:
    result = run_tool(
        "ai_cost_estimate",
        {"monthly_input_tokens": 1000, "monthly_output_tokens": 1000, "price_per_1k_input": 0.5},
    )
    assert result["prices"]["output_per_1k"] == 0.5
    assert result["monthly_cost"] == 1.0


def test_named_model_uses_dated_list_prices() -> None:
    table, source = load_price_table()
    result = run_tool(
        "ai_cost_estimate",
        {"monthly_input_tokens": 2_000_000, "monthly_output_tokens": 500_000, "model": "GPT-4o-mini"},
    )
    # list prices $0.15 and $0.60 per million tokens: 2M in = $0.30, 0.5M out = $0.30
    assert result["monthly_cost"] == pytest.approx(0.6)
    assert result["currency"] == table.currency == "USD"
    assert result["prices"]["as_of"] == table.as_of.isoformat()
    assert result["prices"]["model"] == "gpt-4o-mini"
    assert source == "built-in list prices" == result["prices"]["source"]


def test_builtin_table_is_dated_and_labelled_as_list_prices() -> None:
    table, _ = load_price_table()
    assert table.as_of.year >= 2025
    assert "list prices" in table.note
    assert len(table.models) >= 5
    assert all(p.output_per_1k >= p.input_per_1k > 0 for p in table.models.values())


def test_user_price_file_replaces_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prices = {
        "as_of": "2026-01-15",
        "currency": "¥",
        "models": {"our-llm": {"input_per_1k": 0.002, "output_per_1k": 0.004}},
    }
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(prices), encoding="utf-8")
    monkeypatch.setenv(PRICES_ENV, str(path))
    result = run_tool("ai_cost_estimate", {"monthly_input_tokens": 1_000_000, "monthly_output_tokens": 1_000_000,
                                           "model": "our-llm"})
    assert result["monthly_cost"] == 6
    assert result["currency"] == "¥"
    assert result["prices"]["as_of"] == "2026-01-15"
    assert str(path) in result["prices"]["source"]
    with pytest.raises(ToolInputError, match="known models: our-llm"):
        run_tool("ai_cost_estimate", {"monthly_input_tokens": 1, "model": "gpt-4o"})


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "cannot read price file"), ("{not json", "invalid price file"),
     ('{"as_of": "2026-01-01", "currency": "¥", "models": {"m": {"input_per_1k": -1, "output_per_1k": 1}}}',
      "models.m.input_per_1k")],
)
def test_bad_price_file_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None, problem: str
) -> None:
    path = tmp_path / "prices.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv(PRICES_ENV, str(path))
    with pytest.raises(ToolInputError) as caught:
        run_tool("ai_cost_estimate", {"monthly_input_tokens": 1, "model": "m"})
    message = str(caught.value)
    assert message.startswith(f"ai_cost_estimate: {PRICES_ENV}: ")
    assert str(path) in message and problem in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({}, "monthly_input_tokens"),
        ({"monthly_input_tokens": 1}, "price_per_1k_input"),
        ({"monthly_input_tokens": 1, "price_per_1k_output": 1}, "price_per_1k_input"),
        ({"monthly_input_tokens": 1, "model": "gpt-4o", "price_per_1k_input": 1}, "model"),
        ({"monthly_input_tokens": 1, "model": "no-such-model"}, "model"),
        ({"monthly_input_tokens": 1, "model": "gpt-4o", "currency": "¥"}, "currency"),
        ({"gpu_hours_per_month": 5}, "gpu_hourly_rate"),
        ({"input_tokens_per_request": 5, "price_per_1k_input": 1}, "requests_per_month"),
        ({"requests_per_month": 5, "price_per_1k_input": 1}, "input_tokens_per_request"),
        ({"requests_per_month": 5, "input_tokens_per_request": 1, "monthly_input_tokens": 1, "price_per_1k_input": 1},
         "requests_per_month"),
        ({"monthly_input_tokens": 1, "price_per_1k_input": 1, "usage_multiplier": 0}, "usage_multiplier"),
    ],
)
def test_invalid_combinations_name_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("ai_cost_estimate", args)
    assert caught.value.field == field


def test_a_known_bill_scales_like_the_article_1980_to_5940() -> None:
    result = run_tool("ai_cost_estimate", {"current_monthly_cost": 1980, "usage_multiplier": 3, "currency": "¥"})
    assert result["monthly_cost"] == 5940
    assert result["baseline_monthly_cost"] == 1980 and result["increase_vs_baseline"] == 3960
    assert result["annual_cost"] == 5940 * 12
    assert (result["variable_cost"], result["fixed_cost"]) == (5940, 0)
    assert result["token_cost"] is None and result["gpu_cost"] is None  # a bill does not say how it splits
    assert result["basis"] == "bill" and result["currency"] == "¥"
    assert result["formula"] == "monthly cost = ¥1,980 (today's bill, all usage-driven) x 3 (usage) = ¥5,940"


def test_the_fixed_part_of_a_bill_does_not_grow() -> None:
    result = run_tool("ai_cost_estimate", {"current_monthly_cost": 8000, "fixed_monthly_cost": 2000,
                                           "usage_multiplier": 2.5, "currency": "€"})
    assert result["variable_cost"] == 15000 and result["fixed_cost"] == 2000
    assert result["monthly_cost"] == 17000 and result["increase_vs_baseline"] == 9000
    assert "€2,000 fixed + (€8,000 today's bill - €2,000 fixed) x 2.5 (usage)" in result["formula"]
    assert result["formula"].endswith("= €2,000 + €15,000 = €17,000")


def test_a_bill_matches_pricing_the_same_usage() -> None:
    # ¥1,800 of tokens plus a fixed GPU reservation of 22.5 h x ¥8 = ¥180: a ¥1,980 bill with ¥180 fixed.
    priced = run_tool("ai_cost_estimate", {
        "monthly_input_tokens": 900_000_000, "price_per_1k_input": 0.002, "gpu_hours_per_month": 22.5,
        "gpu_hourly_rate": 8, "gpu_scales_with_usage": False, "usage_multiplier": 3})
    billed = run_tool("ai_cost_estimate", {"current_monthly_cost": 1980, "fixed_monthly_cost": 180,
                                           "usage_multiplier": 3})
    for key in ("monthly_cost", "baseline_monthly_cost", "increase_vs_baseline", "annual_cost"):
        assert billed[key] == priced[key] == {"monthly_cost": 5580, "baseline_monthly_cost": 1980,
                                               "increase_vs_baseline": 3600, "annual_cost": 66960}[key]
    assert priced["basis"] == "usage"


@pytest.mark.parametrize(
    ("args", "field", "problem"),
    [
        ({"current_monthly_cost": 1980, "monthly_input_tokens": 1, "price_per_1k_input": 1}, "monthly_input_tokens",
         "cannot be combined with current_monthly_cost"),
        ({"current_monthly_cost": 1980, "model": "gpt-4o"}, "model", "cannot be combined"),
        ({"current_monthly_cost": 1980, "gpu_hours_per_month": 10, "gpu_hourly_rate": 8}, "gpu_hours_per_month",
         "cannot be combined"),
        ({"current_monthly_cost": 1980, "gpu_scales_with_usage": False}, "gpu_scales_with_usage", "cannot be combined"),
        ({"current_monthly_cost": 1980, "fixed_monthly_cost": 2000}, "fixed_monthly_cost",
         "at most current_monthly_cost"),
        ({"fixed_monthly_cost": 100, "monthly_input_tokens": 1, "price_per_1k_input": 1}, "fixed_monthly_cost",
         "only used with current_monthly_cost"),
        ({"current_monthly_cost": -1}, "current_monthly_cost", "greater than or equal to 0"),
        ({"current_monthly_cost": "1980"}, "current_monthly_cost", "must be a valid number"),
    ],
)
def test_bill_errors_name_the_field_on_one_line(args: dict, field: str, problem: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("ai_cost_estimate", args)
    assert caught.value.field == field
    assert problem in caught.value.problem and "\n" not in str(caught.value)


def test_defaults_beside_a_bill_are_not_a_clash() -> None:
    # a model often sends the defaults of fields it does not use
    result = run_tool("ai_cost_estimate", {"current_monthly_cost": 100, "gpu_hours_per_month": 0, "model": None,
                                           "gpu_scales_with_usage": True})
    assert result["monthly_cost"] == 100 and result["usage_multiplier"] == 1


def test_per_day_volumes_are_converted_by_the_tool() -> None:
    # 10,000 daily users x 5 questions x 30 days = 1.5M requests a month, 1,000 tokens each = 1.5B tokens.
    result = run_tool("ai_cost_estimate", {"daily_users": 10_000, "requests_per_user_per_day": 5,
                                           "input_tokens_per_request": 1000, "price_per_1k_input": 0.001})
    assert result["monthly_input_tokens"] == 1_500_000_000 and result["token_cost"] == 1500
    assert "requests per month = 10,000 users x 5 a day x 30 days = 1,500,000" in result["formula"]
    per_day = run_tool("ai_cost_estimate", {"requests_per_day": 1000, "days_per_month": 22,
                                            "input_tokens_per_request": 100, "price_per_1k_input": 1})
    assert per_day["monthly_input_tokens"] == 2_200_000 and per_day["monthly_cost"] == 2200


def test_gpus_run_all_month_by_default() -> None:
    # 2 GPUs x 720 h x $2.5 = $3,600, plus 50M tokens x $0.002 per 1k = $100.
    result = run_tool("ai_cost_estimate", {"gpus": 2, "gpu_hourly_rate": 2.5, "monthly_input_tokens": 50_000_000,
                                           "price_per_1k_input": 0.002, "currency": "$"})
    assert result["gpu_hours_per_month"] == 1440 and result["gpu_cost"] == 3600
    assert result["monthly_cost"] == 3700
    assert "GPU hours = 2 GPUs x 720 h = 1,440 h" in result["formula"]
    part_time = run_tool("ai_cost_estimate", {"gpus": 3, "hours_per_gpu": 100, "gpu_hourly_rate": 2})
    assert part_time["gpu_cost"] == 600


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"daily_users": 10, "input_tokens_per_request": 1, "price_per_1k_input": 1}, "requests_per_user_per_day"),
        ({"requests_per_user_per_day": 2, "input_tokens_per_request": 1, "price_per_1k_input": 1}, "daily_users"),
        ({"requests_per_day": 10, "requests_per_month": 300, "input_tokens_per_request": 1, "price_per_1k_input": 1},
         "requests_per_day"),
        ({"requests_per_day": 10, "price_per_1k_input": 1}, "input_tokens_per_request"),
        ({"requests_per_day": 10, "monthly_input_tokens": 5, "input_tokens_per_request": 1, "price_per_1k_input": 1},
         "requests_per_day"),
        ({"gpus": 2}, "gpu_hourly_rate"),
        ({"gpus": 2, "gpu_hours_per_month": 10, "gpu_hourly_rate": 1}, "gpus"),
        ({"gpus": 0, "gpu_hourly_rate": 1}, "gpus"),
        ({"gpus": 1, "hours_per_gpu": 800, "gpu_hourly_rate": 1}, "hours_per_gpu"),
        ({"current_monthly_cost": 100, "gpus": 1}, "gpus"),
    ],
)
def test_per_day_and_gpu_count_inputs_are_validated(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("ai_cost_estimate", args)
    assert caught.value.field == field


def test_per_day_token_volumes_and_gpu_hours_a_day_are_converted_by_the_tool() -> None:
    from pm_assistant.tools.registry import run_tool

    # 1.2M tokens a day at $0.5 per million; 2 GPUs 8 hours a day at $2.1 per GPU-hour
    result = run_tool("ai_cost_estimate", {"daily_input_tokens": 1_200_000, "price_per_1k_input": 0.0005,
                                           "gpus": 2, "gpu_hours_per_day": 8, "gpu_hourly_rate": 2.1})
    assert result["token_cost"] == 18 and result["gpu_cost"] == 1008 and result["monthly_cost"] == 1026
    assert "1,200,000 a day x 30 days" in result["formula"] and "8 h a day x 30 days" in result["formula"]


def test_per_day_and_per_month_token_totals_are_not_both_taken() -> None:
    import pytest

    from pm_assistant.tools.errors import ToolInputError
    from pm_assistant.tools.registry import run_tool

    with pytest.raises(ToolInputError, match="daily_input_tokens"):
        run_tool("ai_cost_estimate", {"daily_input_tokens": 1, "monthly_input_tokens": 1, "price_per_1k_input": 1})
    with pytest.raises(ToolInputError, match="gpu_hours_per_day"):
        run_tool("ai_cost_estimate", {"gpu_hours_per_day": 8, "gpu_hours_per_month": 10, "gpu_hourly_rate": 1})
