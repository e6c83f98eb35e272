"""Money figures and stated rates through the shared quantity reader: investment under any heading, the chosen
option's costs, net over gross, summed items, Chinese spacing, measured vs target rates."""

from __future__ import annotations

import pytest

from pm_assistant.agent.review.figures import read_money
from pm_assistant.agent.review.rates import headline_rate, stated_rates
from pm_assistant.agent.review.sections import read_structure


def money(text: str):
    return read_money(read_structure(text))


@pytest.mark.parametrize(
    "text",
    [
        "# P\n\n## Investment\n- Build: $380,000\n",
        "# P\n\n## Budget\nTotal investment: $380,000 (incl. $40k of labelling).\n",
        "# P\n\n## What we need\n$380,000 up front for the build.\n",
        "# P\n\n## Costs\nEngineering will cost $300,000 and data labelling $80,000.\n",
    ],
)
def test_investment_under_any_heading(text: str) -> None:
    assert money(text).investment.value == 380_000


def test_the_chosen_option_row_gives_the_running_cost() -> None:
    text = (
        "# P\n\n## Options\n| Option | One-off | Running cost |\n|---|---|---|\n"
        "| A. Vendor | $650,000 | $30,000 per month |\n| B. In-house | $420,000 | $9,000 per month |\n\n"
        "We go with option B.\n"
    )
    m = money(text)
    assert (m.investment.value, m.running.value, m.running.period, m.chosen_option) == (420_000, 9_000, "month", "B")


def test_net_benefit_counts_when_the_proposal_says_so() -> None:
    m = money("# P\n\n## Return\nGross saving is $600,000 a year; the figure we count is the net saving of $480,000 a year.\n")
    assert (m.benefit.value, m.benefit.period) == (480_000, "year")


def test_chinese_amounts_with_spaces_and_table_periods() -> None:
    text = (
        "# 方案\n\n## 投资与收益\n| 项目 | 金额 |\n|---|---|\n| 合计一次性投入 | 300 万元 |\n"
        "| 年节省人力成本（毛收益） | 400万元 |\n| 扣除外包费后的年净收益 | 300万元 |\n\n运行：每月约 2.5 万元\n"
    )
    m = money(text)
    assert (m.investment.value, m.benefit.value, m.benefit.period) == (3_000_000, 3_000_000, "year")
    assert (m.running.value, m.running.period) == (25_000, "month")


def test_todays_spend_in_the_problem_is_not_a_benefit_or_cost() -> None:
    m = money("# P\n\n## Background\nOutside firms bill us $250,000 a year.\n\n## Benefit\nWe save $150,000 a year.\n")
    assert m.benefit.value == 150_000 and m.running is None


@pytest.mark.parametrize(
    ("text", "value", "measured"),
    [
        ("In the pilot, 10 of 400 outputs contained an unsupported claim.", 0.025, True),
        ("2.5% of reports described a finding that was not in the image.", 0.025, True),
        ("幻觉率 3%", 0.03, True),
        ("We aim for < 2% hallucinated answers.", 0.02, False),
        ("目标将幻觉率控制在 3% 以内。", 0.03, False),
        ("在 300 份合同上测试；其中 6 份引用了不存在的法条。", 0.02, True),
    ],
)
def test_stated_rates_measured_or_target(text: str, value: float, measured: bool) -> None:
    rate = headline_rate(stated_rates(read_structure("# P\n\n## Results\n" + text)))
    assert rate is not None and rate.value == pytest.approx(value) and rate.measured is measured


@pytest.mark.parametrize("text", ["Routing accuracy was 92%.", "转人工率低于 25%。", "60% of tickets are repeats."])
def test_accuracies_and_shares_are_not_error_rates(text: str) -> None:
    assert stated_rates(read_structure("# P\n\n## Results\n" + text)) == []


@pytest.mark.parametrize(
    ("text", "investment", "running", "benefit"),
    [
        ("# P\n\n## Cost\nThe build team costs $60k a month for 5 months.\n\n## Value\nWe save $40k a month.",
         300_000, None, (40_000, "month")),
        ("# P\n\n## The ask\nPhase 1 budget: $250k. Ongoing: $6k monthly.\n\n## Payoff\nAnnual savings of $400k.",
         250_000, (6_000, "month"), (400_000, "year")),
        ("# 方案\n\n## 预算\n申请预算人民币 300 万元，其中硬件 120 万元、软件 180 万元。\n\n## 收益\n年化收益约 500 万元。",
         3_000_000, None, (5_000_000, "year")),
        ("# P\n\n## Financials\n| | Year 1 |\n|---|---|\n| Build | $200,000 |\n| Run | $48,000 |\n| Savings | $300,000 |",
         200_000, (48_000, "year"), (300_000, "year")),
        ("# P\n\n## Costs\nEngineering will cost $210,000, labelling $45,000 and integration $65,000.\n\n"
         "## Running costs\nHosting is about $1,100 a week.\n\n## Benefits\n- Clerk time: $380,000 per annum\n"
         "- Avoided penalties: $80,000 per annum\n", 320_000, (1_100, "week"), (460_000, "year")),
    ],
)
def test_figures_written_in_parts(text: str, investment, running, benefit) -> None:
    m = money(text)
    assert m.investment.value == investment
    assert (m.running.value, m.running.period) == running if running else m.running is None
    assert (m.benefit.value, m.benefit.period) == benefit


def test_each_amount_is_read_by_its_own_words() -> None:
    m = money("# P\n\n## Savings\nNet of the extra reviewer time ($8k a month), the figure we count is a net saving of "
              "$22k a month.\n\n## Benefit\n")
    assert (m.benefit.value, m.benefit.period) == (22_000, "month")
    m = money("# P\n\n## Benefit\nThat saves roughly $27,000 a month at a loaded cost of $90 an hour.\n")
    assert (m.benefit.value, m.benefit.period) == (27_000, "month")


def test_a_quarterly_benefit_and_options_listed_under_a_lead_in() -> None:
    text = (
        "# P\n\n## The ask\n\n$1.2M, spread over three quarters:\n\n- Q3: $400k for data\n- Q4: $500k for build\n"
        "- Q1: $300k for rollout\n\n## Numbers\n\nRunning it: we costed two ways.\n\n"
        "1. Vendor-hosted, at about 42,000 studies a month it comes to $38k/month.\n"
        "2. Self-hosted on our GPUs: about $22k/month.\n\nWe're going with option 2.\n\n"
        "Benefit: we expect to cut overtime spend by about $210k per quarter.\n"
    )
    m = money(text)
    assert (m.investment.value, m.running.value, m.benefit.value, m.benefit.period) == (
        1_200_000, 22_000, 210_000, "quarter")


def test_chat_messages_and_a_rejected_alternative() -> None:
    chat = ("#people-ops-ai (exported thread)\n\n[10:03] Dana: cost: about $60k one-off to build, and it runs ~$1.2k/month on the API\n"
            "[10:04] Dana: benefit: saves about $9,000 a month of HR time\n")
    m = money(chat)
    assert (m.investment.value, m.running.value, m.benefit.value) == (60_000, 1_200, 9_000)
    zh = ("# 项目\n\n一次性投入：80 万元\n\n运行成本：月均3.5万元（GPU 服务器租赁）\n\n"
          "备选方案：采购外部 SaaS 产品，报价每月 6 万元，信息安全部不同意，故未采用。\n")
    assert money(zh).running.value == 35_000


def test_todays_spend_in_an_untitled_opening_and_the_cost_stated_with_the_investment() -> None:
    text = ("目前咨询主要靠外包客服团队，每年外包费用约 180 万元。\n\n方案比较：采购某 SaaS 机器人，每年 40 万元；"
            "自研开发费 35 万元，之后大模型调用费每月约 1.5 万元。\n\n上线后预计每年节省外包客服费用 120 万元。\n")
    m = money(text)
    assert (m.investment.value, m.running.value, m.running.period, m.benefit.value) == (350_000, 15_000, "month",
                                                                                        1_200_000)


@pytest.mark.parametrize(("text", "value", "measured"), [
    ("质控组从模型建议中随机抽检200条，错误6条。", 0.03, True),
    ("回测 2,000 笔申请中，模型生成的拒绝理由与实际拒绝原因不符的有 50 笔。", 0.025, True),
    ("Acceptable error: 3%.", 0.03, False),
])
def test_more_rate_wordings(text: str, value: float, measured: bool) -> None:
    rate = headline_rate(stated_rates(read_structure(f"# P\n\n## Pilot\n\n{text}\n")))
    assert rate is not None and (round(rate.value, 4), rate.measured) == (value, measured)


def test_a_weak_slice_rate_is_not_the_headline() -> None:
    text = ("# P\n\n## Pilot\n\nOn 8,000 pallets the system got the label check wrong on 2.5% of pallets. It does worst on "
            "shrink-wrapped pallets under glare, where the error was 6%.\n")
    assert headline_rate(stated_rates(read_structure(text))).value == 0.025


def test_running_cost_lines_are_summed_per_month() -> None:
    text = (
        "# P\n\n## Investment\n- Build: $200,000\n\n## Running costs\n- Inference: $3,000 / month\n"
        "- Support contract: $24,000 a year\n"
    )
    m = money(text)
    assert (m.running.value, m.running.period) == (5_000, "month")


def test_running_cost_alternatives_are_not_summed() -> None:
    text = (
        "# P\n\n## Investment\n- Build: $200,000\n\n## Running costs\n- Option A, hosted API: $3,000 / month\n"
        "- Option B, own GPUs: $5,000 / month\n\nWe go with option A.\n"
    )
    assert money(text).running.value == 3_000


def test_own_cost_section_over_an_alternatives_table() -> None:
    text = (
        "# 方案\n\n## 方案比较\n| 方案 | 一次性 | 年费用 |\n|---|---|---|\n| 外采 | 50万 | 200万/年 |\n"
        "| 自建（本方案） | 130万 | 24万/年 |\n\n## 投入\n- 开发：100万元\n- 数据：30万元\n\n## 运维\n每月 2 万元。\n"
    )
    m = money(text)
    assert (m.investment.value, m.running.value, m.running.period) == (1_300_000, 20_000, "month")


@pytest.mark.parametrize(("text", "period"), [("年维护费用 12 万元。", "year"), ("月服务成本 3 万元。", "month")])
def test_a_period_written_into_a_chinese_cost_word(text: str, period: str) -> None:
    m = money(f"# 方案\n\n## 投入\n- 建设：80万元\n\n## 成本\n{text}\n")
    assert m.running is not None and m.running.period == period


def test_table_rate_columns_tell_target_from_result() -> None:
    text = (
        "# P\n\n## Pilot\n| Metric | Goal | Measured |\n|---|---|---|\n| Unsupported answers | < 2% | 3.5% |\n"
        "| Tickets deflected | 30% | 34% |\n"
    )
    rate = headline_rate(stated_rates(read_structure(text)))
    assert rate is not None and (rate.value, rate.measured) == (0.035, True)


def test_a_share_of_the_errors_is_not_an_error_rate() -> None:
    text = "# P\n\n## Results\n12 of 600 summaries had an unsupported claim; 9 of the 12 wrong summaries were long calls.\n"
    rate = headline_rate(stated_rates(read_structure(text)))
    assert rate is not None and rate.value == pytest.approx(0.02)


def test_a_baseline_column_is_todays_process_not_the_measurement() -> None:
    text = (
        "# 质检\n\n## 试点结果\n| 指标 | 现状（人工） | 试点 | 目标 |\n|---|---|---|---|\n| 错误率 | 5% | 2% | ≤3% |\n"
    )
    rate = headline_rate(stated_rates(read_structure(text)))
    assert rate is not None and (rate.value, rate.measured) == (0.02, True)


def test_a_bare_wan_amount_under_a_cost_heading_is_money() -> None:
    m = money("# 助手\n\n## 投入\n开发 50 万元。\n\n## 运营成本\n每年 24 万（每月 2 万）。\n")
    assert m.running is not None and (m.running.value, m.running.period) == (240_000, "year")


def test_an_answer_citing_something_that_does_not_exist_is_an_error() -> None:
    text = "# B\n\n## Results\nOn 1,000 test questions accuracy was 97%; 12 answers cited a policy that does not exist.\n"
    rate = headline_rate(stated_rates(read_structure(text)))
    assert rate is not None and (rate.value, rate.measured) == (0.012, True)
