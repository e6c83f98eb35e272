"""Argument reading per calculator: the brief's examples, validation by the tool's model, plain requests."""

from __future__ import annotations

import pytest

from pm_assistant.agent.offline.binding import bind
from pm_assistant.agent.offline.extract import extract
from pm_assistant.agent.offline.plan import plan
from pm_assistant.agent.selfcheck.grounding import extract_figures
from pm_assistant.tools.registry import TOOLS


def test_every_calculator_has_a_reader() -> None:
    from pm_assistant.agent.offline.extract import READERS
    from pm_assistant.agent.offline.slots import slots_of

    assert set(READERS) | {t for t in TOOLS if slots_of(t)} == set(TOOLS)
    assert not set(READERS) & {t for t in TOOLS if slots_of(t)}  # one way to read each calculator


def test_the_quality_inspection_example_with_its_breakdown() -> None:
    found = extract("roi_payback",
                    "We invest ¥800k (¥300k compute + ¥500k labour) and expect ¥1.5M a year in savings")
    assert found.complete
    assert found.args["investment"] == 800_000
    assert found.args["investment_breakdown"] == {"compute": 300_000, "labour": 500_000}
    assert found.args["annual_benefit"] == 1_500_000 and found.args["currency"] == "¥"


def test_a_breakdown_that_does_not_add_up_is_reported_not_silently_fixed() -> None:
    found = extract("roi_payback", "We invest ¥900k (¥300k compute + ¥500k labour) and save ¥1.5M a year")
    assert not found.complete
    assert found.missing == ["a valid investment breakdown (the value read from your question is outside what "
                             "the calculator accepts)"]  # the tool's reason names a sum the user never wrote


def test_a_score_outside_the_card_asks_for_a_valid_value() -> None:
    found = extract("investment_score", "Score it: business value 55, maturity 25, resources 22")
    assert found.missing == ["a valid business value (the value read from your question is outside what the "
                             "calculator accepts)"]
    assert extract_figures(found.missing[0]) == []  # no range limit the user never gave


def test_a_monthly_bill_is_scaled_as_it_is_without_guessing_its_tokens() -> None:
    found = extract("ai_cost_estimate", "Our GPT bill is ¥1,980 a month; what if usage triples?")
    assert found.complete
    assert found.args == {"current_monthly_cost": 1980, "usage_multiplier": 3, "currency": "¥"}


def test_a_bills_fixed_part_is_read_and_a_model_name_beside_a_bill_prices_nothing() -> None:
    found = extract("ai_cost_estimate", "Our gpt-4o bill is $9,000 a month including a $1,500/month reserved "
                                        "GPU; what if traffic doubles?")
    assert found.args == {"current_monthly_cost": 9000, "fixed_monthly_cost": 1500, "usage_multiplier": 2,
                          "currency": "$"}


def test_a_bill_without_a_period_is_taken_as_monthly_and_said_so() -> None:
    found = extract("ai_cost_estimate", "Our GPT bill is ¥1,980; what if usage triples?")
    assert found.args == {"current_monthly_cost": 1980, "usage_multiplier": 3, "currency": "¥"}
    assert found.notes == ["¥1,980 has no period: taken as a month"]


def test_token_figures_win_over_a_bill_word() -> None:
    found = extract("ai_cost_estimate", "Our bill: 1 billion tokens a month at ¥0.001 per thousand tokens")
    assert "current_monthly_cost" not in found.args and found.args["price_per_1k_input"] == 0.001


def test_price_per_million_tokens_is_read_per_thousand() -> None:
    found = extract("ai_cost_estimate", "20M tokens a month at $3 per million tokens")
    assert found.args["price_per_1k_input"] == pytest.approx(0.003)
    assert found.args["monthly_input_tokens"] == 20_000_000


def test_a_priced_model_gets_no_currency_so_the_tables_own_applies() -> None:
    found = extract("ai_cost_estimate", "1,000 requests per month, 500 input tokens per request on gpt-4o")
    assert found.complete and found.args["model"] == "gpt-4o" and "currency" not in found.args


@pytest.mark.parametrize(
    ("text", "factor"),
    [("usage triples", 3), ("traffic doubles", 2), ("3x the estimate", 3), ("at 2.5 times today", 2.5),
     ("usage halves", 0.5), ("no change", None)],
)
def test_usage_multiplier(text: str, factor: float | None) -> None:
    assert bind("ai_cost_estimate", text).args.get("usage_multiplier") == factor


def test_risk_levels_in_words_are_read_on_the_tools_scale_and_said_so() -> None:
    found = extract("risk_cost_matrix", "Risks: prompt injection (risk high, mitigation $8k); downtime (risk medium, "
                                        "mitigation $50k)")
    assert [(i["name"], i["risk"]) for i in found.args["items"]] == [("prompt injection", 4), ("downtime", 3)]
    assert len(found.notes) == 2 and "one-to-five" in found.notes[0]


def test_a_risk_without_a_cost_is_asked_for_by_name() -> None:
    found = extract("risk_cost_matrix", "Risks: data leak risk 5 mitigation ¥20k; model drift risk 3")
    assert found.missing == ["the risk score (one to five) and mitigation cost of 'model drift'"]


def test_poc_constraints_come_from_after_the_options() -> None:
    found = extract("poc_compare", "Option 1: 80% at 900 ms; option 2: 86% at 1.6 s. We need at least 85% and at "
                                   "most 2 s")
    assert [o["name"] for o in found.args["options"]] == ["Option 1", "Option 2"]
    assert found.args["options"][0]["latency_s"] == pytest.approx(0.9)
    assert found.args["constraints"] == {"min_accuracy": 0.85, "max_latency_s": 2}


def test_one_poc_option_is_not_a_comparison() -> None:
    found = extract("poc_compare", "Option A scored 91% accuracy")
    assert found.missing and "two options" in found.missing[0]


def test_custom_model_groups_read_their_own_rates() -> None:
    found = extract("custom_model_cost", "3 engineers at ¥2,000/day for 60 days, 8 GPUs at ¥30/hour for 20 days")
    assert found.args == {"people": 3, "day_rate": 2000, "days": 60, "gpus": 8, "gpu_hourly_rate": 30,
                          "gpu_days": 20, "currency": "¥"}


def test_custom_model_group_without_its_rate_asks_for_it() -> None:
    found = extract("custom_model_cost", "custom model with 8 GPUs for 20 days")
    assert found.missing == ["the cost of one GPU hour"]


@pytest.mark.parametrize(
    ("question", "domain"),
    [("What hallucination rate is acceptable for a medical assistant?", "medical assistant"),
     ("What's the hallucination budget for a legal Q&A product?", "legal Q&A product")],
)
def test_asking_for_the_budget_needs_only_the_domain(question: str, domain: str) -> None:
    found = extract("hallucination_budget", question)
    assert found.complete and found.args == {"domain": domain}


def test_asking_whether_our_rate_is_within_budget_still_needs_the_rate() -> None:
    found = extract("hallucination_budget", "Our legal assistant hallucinates now and then. Is it within budget?")
    assert found.args == {"domain": "legal assistant"}
    assert found.missing == ["the observed hallucination rate (a percentage)"]


def test_hallucination_domain_and_own_budget() -> None:
    found = extract("hallucination_budget", "Our marketing copy tool hallucinates 4%; our budget is 2%. OK?")
    assert found.args["rate"] == pytest.approx(0.04) and found.args["threshold"] == pytest.approx(0.02)
    assert found.args["domain"] == "marketing copy tool"


def test_cache_rates_written_as_a_range() -> None:
    found = extract("cache_savings", "hit rate 45 → 65% on ¥210k a month")
    assert (found.args["hit_rate_before"], found.args["hit_rate_after"]) == (0.45, 0.65)


def test_token_count_takes_the_quoted_text_only() -> None:
    assert extract("token_count", "how many tokens is “你好，世界”?").args == {"text": "你好，世界"}
    assert extract("token_count", "count the tokens in `SELECT 1`").args == {"text": "SELECT 1"}


def test_a_chinese_payback_question_is_read_and_computed() -> None:
    decided = plan("投资80万元，每年节省150万元，多久回本？")
    assert decided.intent == "roi_payback"
    args = next(c.args for c in decided.calls if c.name == "roi_payback")
    assert args == {"investment": 800000, "annual_benefit": 1500000, "currency": "元"}
    monthly = extract("roi_payback", "投入50万元，每月节省10万元，回收期是多少？")
    assert monthly.args == {"investment": 500000, "monthly_benefit": 100000, "currency": "元"}
    assert plan("我们的幻觉率是3%，法律助手可以接受吗？").intent == "hallucination_budget"


def test_monthly_tokens_beside_a_request_volume_are_not_forced_into_tokens_per_request() -> None:
    found = extract("ai_cost_estimate", "3 million requests a month and 500M tokens a month at $0.002 per 1k tokens")
    assert found.missing_fields == ["input_tokens_per_request"]
    assert "input_tokens_per_request" not in found.args
    assert found.notes == ["Not used: “500M tokens a month” (no input of `ai_cost_estimate` takes it)"]


def test_the_request_for_inputs_is_worded_for_each_calculator() -> None:
    tokens = plan("How many tokens does our system prompt use?").reply or ""
    assert "Reply with the text in quotes" in tokens and "currency" not in tokens
    scores = plan("Score our project on the investment scoring card").reply or ""
    assert "Reply with those scores" in scores


@pytest.mark.parametrize("question", [
    "法律问答机器人的幻觉率多少可以接受？",
    "营销文案工具的幻觉率上限是多少？",
    "What hallucination rate should a legal bot stay under?",
])
def test_asking_what_the_hallucination_budget_is_needs_only_the_domain(question: str) -> None:
    found = extract("hallucination_budget", question)
    assert found.complete and "rate" not in found.args and found.args.get("domain")
