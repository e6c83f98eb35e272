"""Amounts in a pasted document's bulleted lists, and working days a month for GPUs run on weekdays."""

from __future__ import annotations

from pm_assistant.agent.offline.extract import extract


def test_a_bulleted_investment_list_is_the_investment_in_parts() -> None:
    found = extract("roi_payback", "## Investment\n- Platform: $150,000\n- Data cleaning: $30,000\n\n"
                                   "## Benefit\nSaves $20k a month.\n\nPayback?")
    assert found.complete
    assert found.args["investment_breakdown"] == {"Platform": 150_000, "Data cleaning": 30_000}
    assert found.args["monthly_benefit"] == 20_000


def test_a_lists_total_line_is_the_amount_not_one_more_part() -> None:
    found = extract("roi_payback", "一次性投入：\n- 开发：¥40万\n- 数据：¥20万\n- 合计：¥60万\n\n每年节省¥120万，多久回本？")
    assert found.args.get("investment") == 600_000 and "investment_breakdown" not in found.args


def test_one_amount_on_a_bullet_is_not_a_list() -> None:
    found = extract("roi_payback", "- Build: $90,000\n\nIt saves $15k a month. Payback?")
    assert found.args.get("investment") == 90_000 and "investment_breakdown" not in found.args


def test_gpus_on_weekdays_use_the_working_days_given() -> None:
    found = extract("ai_cost_estimate", "5 L4s at $0.8/hr each, 9 hours every weekday, 21 working days a month. "
                                        "Monthly GPU cost?")
    assert found.complete
    assert found.args["gpus"] == 5 and found.args["gpu_hours_per_day"] == 9 and found.args["days_per_month"] == 21


def test_agent_hours_saved_times_a_wage_is_a_monthly_benefit() -> None:
    found = extract("roi_payback", "The assistant saves 400 agent hours a month at $30/hour. It cost $60k. Payback?")
    assert found.complete
    assert found.args["monthly_benefit"] == 12_000 and found.args["investment"] == 60_000
