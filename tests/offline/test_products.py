"""Products of figures (heads × a rate per head × working time), shares as fractions, and the choice of calculator
when the routed one cannot compute."""

from __future__ import annotations

import pytest

from pm_assistant.agent.offline.binding import bind
from pm_assistant.agent.offline.extract import extract
from pm_assistant.agent.offline.plan import plan
from pm_assistant.core.text.quantities import read_quantities
from pm_assistant.core.text.quantities.products import products


@pytest.mark.parametrize(("text", "value", "period"), [
    ("4 support agents at $50k a year each", 200_000, "year"),
    ("two analysts at 6k a month each", 12_000, "month"),
    ("2 contractors at $30/hour, 100 hours a month each", 6_000, "month"),
    ("8名客服，每人每月工资8000元", 64_000, "month"),
    ("it saves 3 hours a day for each of 10 reviewers who cost $40/hour", 1_200, "day"),
])
def test_a_rate_times_its_heads_and_hours_is_one_flow(text: str, value: float, period: str) -> None:
    found = products(text, read_quantities(text))
    assert [(p.quantity.value, p.quantity.period) for p in found] == [(value, period)]


@pytest.mark.parametrize("text", [
    "2 engineers at $800/day",  # a day rate with no days is no flow
    "$90k a year each",  # a rate per head with no heads
    "we run 3 GPUs at $2 an hour",  # a price per GPU-hour is not paid per head
])
def test_no_product_without_what_makes_it_a_flow(text: str) -> None:
    assert products(text, read_quantities(text)) == []


def test_salaries_freed_are_a_yearly_benefit_and_the_working_says_so() -> None:
    found = extract("roi_payback", "Automating intake frees 4 support agents at $50k a year each. "
                                   "Build cost $120k. When do we break even?")
    assert found.complete
    assert found.args["annual_benefit"] == 200_000 and found.args["investment"] == 120_000
    assert any("200,000" in note for note in found.notes)


def test_a_calculator_that_takes_the_parts_gets_them_one_by_one() -> None:
    bound = bind("custom_model_cost", "3 engineers at $700/day for 10 days to fine-tune our own model")
    assert bound.args["people"] == 3 and bound.args["day_rate"] == 700 and bound.args["days"] == 10


def test_wages_times_heads_in_chinese_fill_the_benefit() -> None:
    found = extract("roi_payback", "能替掉4个外包，每人每月1万，项目投入24万，多久回本？")
    assert found.complete
    assert found.args["monthly_benefit"] == 40_000 and found.args["investment"] == 240_000


@pytest.mark.parametrize(("question", "before", "after"), [
    ("Without any cache we'd spend $30k a month; hit rate goes from 0.2 to 0.5. Savings?", 0.2, 0.5),
    ("不加缓存每月花¥5万，命中率从一成提升到四成，能省多少？", 0.1, 0.4),
])
def test_a_share_written_as_a_fraction_or_in_tenths_is_a_hit_rate(question: str, before: float,
                                                                   after: float) -> None:
    found = extract("cache_savings", question)
    assert found.complete
    assert found.args["hit_rate_before"] == pytest.approx(before)
    assert found.args["hit_rate_after"] == pytest.approx(after)


def test_a_routed_calculator_that_cannot_compute_yields_to_one_that_places_every_figure() -> None:
    decided = plan("服务器费用 ¥2万/月，开发一次性花了30万，每月节省人工¥8万，payback多久？")
    assert decided.tool == "roi_payback"
    assert decided.args["investment"] == 300_000 and decided.args["monthly_running_cost"] == 20_000


def test_per_minute_volumes_become_a_month_round_the_clock() -> None:
    found = extract("ai_cost_estimate", "About 50 requests per minute, 2k tokens each, $0.002 per 1k tokens. "
                                        "Monthly cost?")
    assert found.complete
    assert found.args["requests_per_month"] == 50 * 60 * 24 * 30


@pytest.mark.parametrize("question", [
    "Last year we billed $12M. The assistant costs $50k to build and saves $8k a month. Payback?",
    "公司去年营收3亿。质检模型投入40万，每月节省人工5万，多久回本？",
])
def test_the_companys_past_figures_are_not_the_projects_flows(question: str) -> None:
    found = extract("roi_payback", question)
    assert found.complete
    assert found.args.get("monthly_benefit") in (8_000, 50_000) and "annual_benefit" not in found.args


def test_daily_users_without_questions_each_leave_the_daily_volume_in_place() -> None:
    found = extract("ai_cost_estimate", "DAU 50k. About 9,000 chats a day, 1,200 tokens each, $0.5 per million "
                                        "tokens. Monthly cost?")
    assert found.complete
    assert found.args["requests_per_day"] == 9_000 and "daily_users" not in found.args


@pytest.mark.parametrize(("question", "now"), [
    ("Spend on the LLM went from $9k to $14k a month. If usage doubles, what will we pay?", 14_000),
    ("API账单从每月1.5万涨到2.2万，用量再涨到3倍，每月多少？", 22_000),
])
def test_the_bill_now_is_the_second_figure_of_a_change(question: str, now: float) -> None:
    found = extract("ai_cost_estimate", question)
    assert found.complete
    assert found.args["current_monthly_cost"] == now and "fixed_monthly_cost" not in found.args


def test_a_fixed_part_is_filled_only_when_its_words_name_it() -> None:
    found = extract("ai_cost_estimate", "The bill is $30k a month, $6k of it a flat licence fee. If usage triples?")
    assert found.args["fixed_monthly_cost"] == 6_000 and found.args["current_monthly_cost"] == 30_000


def test_the_heads_a_day_rate_pays_beat_the_team_size() -> None:
    found = extract("custom_model_cost", "We are 9 people. To fine-tune our own model: 2 data scientists for 12 days "
                                         "at $900/day. Total?")
    assert found.args["people"] == 2 and found.args["days"] == 12 and found.args["day_rate"] == 900


def test_a_yearly_budget_is_no_limit_on_monthly_option_costs() -> None:
    found = extract("poc_compare", "今年总预算三千万。方案A准确率91%，每月成本8万；方案B准确率94%，每月成本12万。选哪个？")
    assert "constraints" not in found.args or "max_cost" not in found.args["constraints"]


@pytest.mark.parametrize(("question", "benefit"), [
    ("The assistant would handle 40% of our 10,000 monthly chats; each chat costs $3 with a human agent. "
     "Build: $90k. Payback?", 12_000),
    ("每月5万次咨询，机器人能自动解决其中四成，人工处理一次咨询成本8元，系统投入60万，多久回本？", 160_000),
])
def test_a_share_of_a_monthly_volume_times_the_cost_each_is_the_benefit(question: str, benefit: float) -> None:
    found = extract("roi_payback", question)
    assert found.complete
    assert found.args["monthly_benefit"] == pytest.approx(benefit)
