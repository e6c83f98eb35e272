"""Payback period, ROI and net benefit of an AI investment (the value-bridge investment-return table)."""

from __future__ import annotations

import math
from typing import Any

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import Count, Currency, Money, PositiveMoney, ToolInput, examples, slot
from pm_assistant.tools.fmt import money, num, pct, round_money, round_ratio
from pm_assistant.tools.spec import calculator

DEFAULT_HORIZON_MONTHS = 12
# Label words of the recurring inputs, for the offline planner's slot filling (`fields.slot`).
_BENEFIT_EN = ("benefit savings save saved saves saving revenue profit gain return earn bring brings generate "
               "cut reduce value income uplift remove removes eliminate eliminates replace replaces avoid avoids "
               "outsourcing headcount free frees freed deflect deflects deflected resolve resolves resolved automate "
               "automates")
_BENEFIT_ZH = "收益 节省 节约 省下 省 利润 收入 带来 回报 增收 降本 减少 降低 下降 降了 替代 替掉 取代 代替 顶替 解决 自动 人工"
_RUNNING_EN = ("running cost costs operating operate opex upkeep maintenance hosting inference serving server "
               "servers pay bill fee fees license subscription recurring ongoing model spend expense")
_RUNNING_ZH = "运行 运营 运维 维护 费用 成本 服务器 算力 开销 支出 月费 年费 花费 付"
_SAVED = "save saves saving saved cut cuts reduce reduces reducing frees free removes replaces 节约 节省 省下 省 减少 降低 替代 替掉 取代 代替"


class RoiPaybackInput(ToolInput):
    """Arguments of roi_payback."""

    model_config = examples(
        {
            "investment": 800000,
            "investment_breakdown": {"compute": 300000, "labor": 500000},
            "annual_benefit": 1500000,
            "currency": "¥",
        },
        cues="payback roi return break even pays back invest investment savings 回本 回报 回收 投资 节省 收益",
    )

    investment: PositiveMoney | None = Field(
        default=None,
        description="One-off upfront investment, > 0. May be omitted when investment_breakdown is given.",
        json_schema_extra=slot("money", concept="investment", en="invest investment upfront up-front one-off build "
                               "capex initial cost spend budget put in fund outlay project",
                               zh="投资 投入 一次性 前期 建设 开发 预算 成本 花",
                               ask_en="the upfront investment (one-off cost, in your currency)",
                               ask_zh="一次性投入（前期投资金额）"),
    )
    investment_breakdown: dict[str, Money] | None = Field(
        default=None,
        description="Parts of the investment by label, e.g. {\"compute\": 300000, \"labor\": 500000}; "
        "must add up to investment when both are given.",
    )
    annual_benefit: Money | None = Field(
        default=None, description="Benefit (savings or extra profit) per year. Give this or monthly_benefit.",
        json_schema_extra=slot("money", period="year", concept="benefit", en=_BENEFIT_EN, zh=_BENEFIT_ZH,
                               ask_en="the expected benefit (savings or extra profit) per year or per month",
                               ask_zh="预期收益（每年或每月节省的成本或增加的利润）"),
    )
    monthly_benefit: Money | None = Field(
        default=None, description="Benefit per month. Give this or annual_benefit.",
        json_schema_extra=slot("money", period="month", concept="benefit", en=_BENEFIT_EN, zh=_BENEFIT_ZH,
                               ask_en="the expected benefit (savings or extra profit) per year or per month",
                               ask_zh="预期收益（每年或每月节省的成本或增加的利润）"),
    )
    monthly_running_cost: Money | None = Field(
        default=None, description="Recurring cost per month (inference, hosting, upkeep). Default 0.",
        json_schema_extra=slot("money", period="month", concept="running", en=_RUNNING_EN, zh=_RUNNING_ZH, unless=_SAVED,
                               ask_en="the running cost per month", ask_zh="每月运行成本"),
    )
    annual_running_cost: Money | None = Field(
        default=None, description="Recurring cost per year; alternative to monthly_running_cost.",
        json_schema_extra=slot("money", period="year", concept="running", en=_RUNNING_EN, zh=_RUNNING_ZH, unless=_SAVED,
                               ask_en="the running cost per year", ask_zh="每年运行成本"),
    )
    horizon_months: Count = Field(
        default=DEFAULT_HORIZON_MONTHS,
        ge=1,
        le=600,
        description="Months over which ROI and net benefit are counted (1-600). Default 12.",
        json_schema_extra=slot("duration", unit="month", en="over within across horizon next first period",
                               zh="周期 期限 内 以内"),
    )
    currency: Currency

    @model_validator(mode="after")
    def _check_pairs(self) -> RoiPaybackInput:
        if self.investment is None and not self.investment_breakdown:
            raise FieldProblem("investment", "is required (or give investment_breakdown)")
        if self.investment_breakdown:
            parts = math.fsum(self.investment_breakdown.values())
            if parts <= 0:
                raise FieldProblem("investment_breakdown", "must add up to more than 0")
            if self.investment is not None and not math.isclose(parts, self.investment, rel_tol=1e-9):
                raise FieldProblem(
                    "investment_breakdown",
                    f"adds up to {num(parts)}, not the investment of {num(self.investment)}",
                )
        if self.annual_benefit is None and self.monthly_benefit is None:
            raise FieldProblem("annual_benefit", "is required (or give monthly_benefit)")
        if self.annual_benefit is not None and self.monthly_benefit is not None:
            raise FieldProblem("annual_benefit", "give annual_benefit or monthly_benefit, not both")
        if self.annual_running_cost is not None and self.monthly_running_cost is not None:
            raise FieldProblem(
                "annual_running_cost", "give monthly_running_cost or annual_running_cost, not both"
            )
        return self


@calculator
def roi_payback(inp: RoiPaybackInput) -> dict:
    """Payback period in months, ROI and net benefit of an upfront investment.

    Use it for "when does this pay back?", "what is the ROI?" or an investment-return table for
    executives. Give the upfront investment (or its breakdown, e.g. compute + labour), the benefit per
    year or per month, and optionally a recurring running cost and the horizon (default 12 months).
    payback_months = investment / (monthly benefit - monthly running cost); it is null and pays_back is
    false when the benefit does not exceed the running cost. net_benefit = (monthly benefit - monthly
    running cost) x horizon - investment; roi_ratio = net_benefit / investment (0.875 = 87.5%);
    benefit_cost_ratio = benefit over the horizon / (investment + running cost over the horizon).
    Example: 800,000 invested for 1,500,000 a year pays back in 6.4 months.
    """
    cur = inp.currency
    investment = inp.investment if inp.investment is not None else math.fsum((inp.investment_breakdown or {}).values())
    if inp.monthly_benefit is not None:
        benefit = inp.monthly_benefit
    else:
        assert inp.annual_benefit is not None  # the input model requires one of the two
        benefit = inp.annual_benefit / 12
    running = (
        inp.monthly_running_cost
        if inp.monthly_running_cost is not None
        else (inp.annual_running_cost or 0.0) / 12
    )
    monthly_net = benefit - running
    horizon = inp.horizon_months
    total_benefit = benefit * horizon
    total_cost = investment + running * horizon
    net_benefit = monthly_net * horizon - investment
    pays_back = monthly_net > 0
    payback = investment / monthly_net if pays_back else None

    if payback is not None:
        payback_text = (
            f"payback = investment / (monthly benefit - monthly running cost) = {money(investment, cur)} / "
            f"({money(benefit, cur)} - {money(running, cur)}) = {num(payback)} months"
        )
    else:
        payback_text = (
            f"never pays back: the monthly benefit {money(benefit, cur)} does not exceed the monthly "
            f"running cost {money(running, cur)}"
        )
    formula = (
        f"{payback_text}; net benefit over {horizon} months = ({money(benefit, cur)} - {money(running, cur)})"
        f" x {horizon} - {money(investment, cur)} = {money(net_benefit, cur)}; ROI = net benefit / "
        f"investment = {pct(net_benefit / investment)}; benefit/cost = {money(total_benefit, cur)} / "
        f"{money(total_cost, cur)} = {num(total_benefit / total_cost)}"
    )
    result: dict[str, Any] = {
        "payback_months": round(payback, 2) if payback is not None else None,
        "pays_back": pays_back,
        "roi_ratio": round_ratio(net_benefit / investment),
        "net_benefit": round_money(net_benefit),
        "benefit_cost_ratio": round_ratio(total_benefit / total_cost),
        "investment": round_money(investment),
        "monthly_benefit": round_money(benefit),
        "monthly_running_cost": round_money(running),
        "monthly_net_benefit": round_money(monthly_net),
        "horizon_months": horizon,
        "total_benefit": round_money(total_benefit),
        "total_cost": round_money(total_cost),
        "currency": cur,
        "formula": formula,
    }
    if inp.investment_breakdown:
        result["investment_breakdown"] = {k: round_money(v) for k, v in inp.investment_breakdown.items()}
    if not pays_back:
        result["explanation"] = (
            "The investment is never recovered: each month costs at least as much to run as it returns. "
            "Raise the benefit or cut the running cost before comparing payback."
        )
    return result
