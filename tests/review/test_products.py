"""Amounts stated as products of a proposal's figures: heads × cost per head, hours × hourly rate, a share of
an amount, and what the review reads from whole proposals written that way."""

from __future__ import annotations

import pytest

from pm_assistant.agent.review.figures import read_money
from pm_assistant.agent.review.products import Located, hourly, per_head, share_of
from pm_assistant.agent.review.sections import read_structure
from pm_assistant.core.text.quantities import read_quantities


def _located(text: str, sentence: int = 0, section: str | None = "s") -> list[Located]:
    return [Located(q, text, sentence, section) for q in read_quantities(text)]


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        ("We need 4 fewer contract AP clerks at a fully loaded $75k/yr each.", 300_000, "year"),
        ("the planning team can shrink by 6 FTEs (planners at $52k/yr each)", 312_000, "year"),
        ("上线后可替代 8 名客服，人均年成本 12 万。", 960_000, "year"),
        ("审批人员可从 30 人减至 18 人，人均年成本 20 万。", 2_400_000, "year"),
        ("导诊台 10 名护士中可释放 6 名，每人每月人力成本 1.5 万", 90_000, "month"),
        ("2 engineers for 3 months at $15k per engineer-month", 90_000, None),
        ("it frees 2.5 FTE at $80k each", 200_000, "year"),
    ],
)
def test_cost_per_head_times_heads(text: str, value: float, period: str | None) -> None:
    items = _located(text.replace(" 万", "万"))
    amount = [i for i in items if i.q.kind in ("money", "number") and i.q.value >= 1000][-1]
    product = per_head(amount.q, amount.text, items)
    assert product is not None
    assert product.value == pytest.approx(value)
    assert product.period == period


def test_an_amount_without_heads_is_no_product() -> None:
    items = _located("Run: $8k/mo for API and hosting.")
    assert per_head(items[0].q, items[0].text, items) is None


def test_share_of_an_amount_per_period() -> None:
    items = _located("we expect to cut leakage by 0.4% of the $600M in claims we pay each year.")
    base = next(i for i in items if i.q.kind == "money")
    product = share_of(base.q, base.text, items)
    assert product is not None and product.value == pytest.approx(2_400_000) and product.period == "year"


def test_a_percent_not_of_the_amount_is_no_share() -> None:
    items = _located("Conversion rose 2% and revenue is $600M a year.")
    base = next(i for i in items if i.q.kind == "money")
    assert share_of(base.q, base.text, items) is None


def test_minutes_per_item_times_items_per_month_times_rate() -> None:
    first = _located("The tool saves about 25 minutes per discharge.", 0)
    second = _located("At 3,000 discharges a month, at a loaded cost of $85 per hour.", 1)
    rate = next(i for i in second if i.q.period == "hour")
    product = hourly(rate.q, [second, first, first + second])
    assert product is not None
    assert product.value == pytest.approx(3000 * 25 / 60 * 85) and product.period == "month"


def test_hours_per_head_times_heads_and_share() -> None:
    team = _located("120 developers, ~900 PRs a week", 0, "team")
    saved = _located("each developer saves ~2 hours a week of review back-and-forth", 1)
    rate = _located("at a loaded $70/hour", 2)
    product = hourly(rate[0].q, [rate, saved, team + saved + rate])
    assert product is not None and product.value == pytest.approx(120 * 2 * 70) and product.period == "week"


def test_share_handled_scales_the_hours() -> None:
    background = _located("HR partners answer about 1,100 policy questions a month, ~12 minutes each.", 0, "b")
    benefit = _located("the bot should deflect 60% of those questions; HR time costs about $55/h loaded.", 1)
    rate = next(i for i in benefit if i.q.period == "hour")
    product = hourly(rate.q, [benefit, [], background + benefit])
    assert product is not None and product.value == pytest.approx(1100 * 12 / 60 * 55 * 0.6)


def test_an_hourly_rate_with_no_time_is_no_product() -> None:
    items = _located("Contractors cost $60/hour.")
    assert hourly(items[0].q, [items, [], items]) is None


def test_read_money_uses_the_product_for_the_benefit() -> None:
    text = (
        "# 导诊助手\n\n## 投入\n- 总投资 ¥3,600,000\n- 运行费用：每年 48 万\n\n"
        "## 收益\n- 导诊台 10 名护士中可释放 6 名，每人每月人力成本 1.5 万\n"
    )
    money = read_money(read_structure(text), "zh")
    assert money.benefit is not None and money.benefit.value == pytest.approx(90_000)
    assert money.benefit.period == "month"
    assert money.running is not None and money.running.value == pytest.approx(480_000)


def test_running_cost_parts_in_one_line_are_summed_but_alternatives_are_not() -> None:
    parts = "## Costs\n- Build: $200k\n- Running: API ~$3k/mo, hosting and monitoring ~$1.5k/mo\n"
    money = read_money(read_structure(parts))
    assert money.running is not None and money.running.value == pytest.approx(4500)
    either = "## Costs\n- Build: $200k\n- Running: $3k/mo on the API or $4.5k/mo self-hosted\n"
    money = read_money(read_structure(either))
    assert money.running is not None and money.running.value in (3000, 4500)


@pytest.mark.parametrize(
    ("text", "investment", "running", "benefit"),
    [
        (  # the figure after "=" is the one stated; its factors are not added to it
            "## Cost\n- Build: $120k\n- Run: $3k/month\n\n## Savings\n- 3 agents × $4,000/month = $12,000/month\n",
            120_000, 3_000, 12_000,
        ),
        (  # a cost per item saved, times the items per period, times the share handled
            "## Investment\n$250k build.\n\n## Return\nAutomates 30% of 20,000 monthly tickets; each ticket costs us"
            " $4 to handle by hand.\n",
            250_000, None, 24_000,
        ),
        (  # a price per user with the users after it
            "## Costs\n- Build: $90k\n- Licences: $30 per user per month for 200 users\n\n## Benefit\nSaves $20k a month.\n",
            90_000, 6_000, 20_000,
        ),
        (  # a label does not swallow the total; a build amount does not take the running cost's period
            "## Budget\nTotal year-one cost is $260k: $200k build plus $5k/month to run.\n\n## Benefit\n$40k/month saved.\n",
            260_000, 5_000, 40_000,
        ),
        (  # a breakdown in parentheses is part of the amount before it; 年 before the cost word gives the period
            "## 预算\n一期投入 120 万元（含硬件 60 万、软件 60 万）。年运营成本约 36 万。\n\n## 效益\n年节约人力成本约 200 万。\n",
            1_200_000, 360_000, 2_000_000,
        ),
    ],
)
def test_money_as_people_write_it(text: str, investment: float, running: float | None, benefit: float) -> None:
    money = read_money(read_structure(text))
    assert money.investment is not None and money.investment.value == pytest.approx(investment)
    assert (money.running.value if money.running else None) == (pytest.approx(running) if running else None)
    assert money.benefit is not None and money.benefit.value == pytest.approx(benefit)
