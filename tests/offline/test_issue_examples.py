"""Every calculator example of the quantity-reader issue and every follow-up example of the offline-conversation issue,
driven through the planner and the real calculators (`run_turn`), English and Chinese."""

from __future__ import annotations

import pytest

from pm_assistant.agent.offline.plan import plan
from pm_assistant.agent.selfcheck.checks import check_grounding
from pm_assistant.agent.selfcheck.evidence import collect_evidence
from tests.offline.fakes import run_turn, turn_calls


def _call(messages: list) -> dict:
    (call,) = [c for c in turn_calls(messages) if c["name"] != "search_knowledge"]
    return call


def _result(planner, question: str, history: list | None = None) -> tuple[dict, list]:
    messages = run_turn(planner, question, history=history or [])
    call = _call(messages)
    from pm_assistant.tools.registry import run_tool

    return {**call, "result": run_tool(call["name"], call["args"])}, messages


@pytest.mark.parametrize(("question", "tool", "field", "expected"), [
    ("1.2M tokens per day at $0.5 per million — what's our monthly cost?", "ai_cost_estimate", "monthly_cost", 18),
    ("2 GPUs running 8 hours per day at $2.1/GPU-hour: monthly cost?", "ai_cost_estimate", "monthly_cost", 1008),
    ("4 H100s 24/7 at $3.2/hr — what does that cost a month?", "ai_cost_estimate", "monthly_cost", 9216),
    ("Custom model: twenty-five engineers at $800 per day for 30 days, 10,000 labelled samples at $1.5 each and "
     "4 GPUs at $2.5/hour for 650 hours", "custom_model_cost", "total", 621500),
    ("We invest ¥1.2M, expect ¥2M a year in savings, and we pay ¥30k a month for model and servers. Payback?",
     "roi_payback", "payback_months", 8.78),
    ("3万元的账单翻三倍，每月要花多少？", "ai_cost_estimate", "monthly_cost", 90000),
    ("投入八十万，每月节省三千元，多久回本？", "roi_payback", "payback_months", 266.67),
    ("投资80万元，每年节省150万元，每月运维费用3万元，回收期多长？", "roi_payback", "payback_months", 8.42),
])
def test_the_quantity_reader_issue_examples(planner, question: str, tool: str, field: str, expected: float) -> None:
    call, messages = _result(planner, question)
    assert call["name"] == tool
    assert call["result"][field] == pytest.approx(expected, rel=0.01)
    assert check_grounding(question, messages[-1].content, collect_evidence(messages)).status == "pass"


def test_irrelevant_counts_are_reported_as_unused_never_bound() -> None:
    decided = plan("A team of 12 handles 10,000 tickets a month; the bot costs $200k and saves $15k a month. Payback?")
    (call,) = [c for c in decided.calls if c.name == "roi_payback"]
    assert call.args == {"investment": 200000, "monthly_benefit": 15000, "currency": "$"}
    assert any("“10,000 tickets a month”" in note and "Not used" in note for note in decided.notes)


def test_a_period_is_converted_and_the_assumption_stated(planner) -> None:
    call, messages = _result(planner, "What's the monthly cost of 1.2M tokens per day at $0.5 per million?")
    assert call["args"]["daily_input_tokens"] == 1_200_000 and "30 days" in messages[-1].content


PAYBACK = "¥800k in, ¥1.5M a year — what's the payback?"


def test_what_ifs_after_a_payback_edit_the_last_calculation_and_show_old_against_new(planner) -> None:
    first = run_turn(planner, PAYBACK)
    assert _call(first)["args"] == {"investment": 800000, "annual_benefit": 1500000, "currency": "¥"}
    tripled = run_turn(planner, "what if the cost triples?", history=first)
    assert _call(tripled)["args"]["investment"] == 2_400_000
    assert "6.4 → 19.2" in tripled[-1].content
    doubled = run_turn(planner, "what if the investment doubles?", history=tripled)
    assert _call(doubled)["args"]["investment"] == 1_600_000  # twice the stated investment
    running = run_turn(planner, "and if there's a running cost of ¥40k/month?", history=doubled)
    assert _call(running)["args"] == {"investment": 1600000, "annual_benefit": 1500000, "monthly_running_cost": 40000,
                                      "currency": "¥"}
    assert "Compared with the last calculation" in running[-1].content
    chinese = run_turn(planner, "如果每月费用涨到6万呢？", history=running)
    assert _call(chinese)["args"]["monthly_running_cost"] == 60000
    assert "与上次计算相比" in chinese[-1].content and "回收期" in chinese[-1].content
    for turn in (tripled, doubled, running):
        assert check_grounding("", turn[-1].content, collect_evidence(turn)).status == "pass"


@pytest.mark.parametrize(("message", "changed"), [
    ("only ¥1M a year", {"annual_benefit": 1_000_000}),
    ("add ¥40k/month running cost", {"monthly_running_cost": 40_000}),
    ("如果每年只节省100万呢？", {"annual_benefit": 1_000_000}),
])
def test_one_what_if_changes_one_input(planner, message: str, changed: dict) -> None:
    first = run_turn(planner, PAYBACK)
    edited = run_turn(planner, message, history=first)
    assert _call(edited)["args"] == {"investment": 800000, "annual_benefit": 1500000, "currency": "¥"} | changed


@pytest.mark.parametrize("answer", ["8 hours a day, every day", "240 hours a month"])
def test_with_2_gpus_asks_for_the_hours_once_and_the_answer_is_bound_to_that_question(planner, answer: str) -> None:
    call, first = _result(planner, "4 GPUs at $3 an hour running all month — monthly cost?")
    assert call["result"]["monthly_cost"] == 8640
    fewer = run_turn(planner, "and with 2 GPUs?", history=first)
    assert _call(fewer)["args"]["gpus"] == 2  # the earlier "all month" still holds
    asked = run_turn(planner, "What would 2 GPUs at $3 an hour cost us per month?")
    assert turn_calls(asked) == [] and asked[-1].response_metadata["planner"]["missing_fields"] == ["hours_per_gpu"]
    call, _ = _result(planner, answer, history=asked)
    assert call["name"] == "ai_cost_estimate" and call["result"]["gpu_cost"] == 1440  # 2 x 240 h x $3


def test_the_chinese_follow_up_to_a_question_for_inputs(planner) -> None:
    asked = run_turn(planner, "我们的项目多久能回本？")
    assert turn_calls(asked) == [] and "一次性投入" in asked[-1].content
    answered = run_turn(planner, "投入60万，每月节省10万", history=asked)
    assert _call(answered)["args"] == {"investment": 600000, "monthly_benefit": 100000}
    assert "回收期" in answered[-1].content
