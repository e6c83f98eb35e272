"""Monthly savings from raising a cache hit rate: cached requests skip the model call.

The traffic's cost is given per month (with no cache, or today's) or as calls per month x cost per call; the
tool does that multiplication, so a caller never has to derive the monthly cost itself.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import Currency, Fraction, Money, Quantity, ToolInput, examples, slot
from pm_assistant.tools.fmt import money, num, pct, round_money, round_ratio
from pm_assistant.tools.spec import calculator


class CacheSavingsInput(ToolInput):
    """Arguments of cache_savings."""

    model_config = examples(
        {"monthly_cost_without_cache": 210000, "hit_rate_before": 0.45, "hit_rate_after": 0.65,
         "currency": "¥"},
        {"current_monthly_cost": 115500, "hit_rate_before": 0.45, "hit_rate_after": 0.65, "currency": "¥"},
        {"calls_per_month": 1000000, "cost_per_call": 0.002, "hit_rate_after": 0.4, "currency": "$"},
        cues="cache caching hit rate repeat duplicate 缓存 命中",
    )

    monthly_cost_without_cache: Money | None = Field(
        default=None, description="What the traffic would cost per month if every request reached the model.",
        json_schema_extra=slot("money", period="month", assumed=True, concept="cost", en="without cache no cache uncached full cost costs bill spend traffic model inference llm api", zh="不用缓存 无缓存 全部 账单 费用 成本 花费 推理 调用", ask_en="the monthly model cost (what the traffic costs per month, or calls per month and cost per call)", ask_zh="每月的模型调用成本（或每月调用次数和每次调用成本）"),
    )
    current_monthly_cost: Money | None = Field(
        default=None, description="What the traffic costs per month now, at hit_rate_before (alternative).",
        json_schema_extra=slot("money", period="month", assumed=True, concept="cost", en="current currently today now at present", zh="目前 现在 当前 眼下"),
    )
    calls_per_month: Quantity | None = Field(
        default=None, description="Model calls per month (alternative cost source, with cost_per_call).",
        json_schema_extra=slot("count", period="month", unit="request question message conversation", en="calls requests queries volume", zh="调用 请求 次"),
    )
    cost_per_call: Money | None = Field(
        default=None, description="Cost of one model call; with calls_per_month it gives the cost with no cache.",
        json_schema_extra=slot("money", per="request", en="each per call request query cost price", zh="每次 单次 每个请求"),
    )
    cacheable_share: Fraction = Field(
        default=1, description="Share (0-1) of that cost coming from cacheable traffic. Default 1 (all of it).",
        json_schema_extra=slot("percent", en="cacheable share eligible part portion", zh="可缓存 占比"),
    )
    hit_rate_before: Fraction = Field(
        default=0, description="Cache hit rate now, as a fraction 0-1 (0.45 for 45%). Default 0 (no cache yet).",
        json_schema_extra=slot("percent", position="first", en="hit rate current now today from before baseline existing", zh="命中率 目前 现在 当前 从 原来", ask_en="the cache hit rate now", ask_zh="目前的缓存命中率"),
    )
    hit_rate_after: Fraction = Field(description="Cache hit rate after the change, as a fraction 0-1.",
        json_schema_extra=slot("percent", position="last", en="hit rate to target after raise new improve goal reach repeat repeats repeated duplicate duplicates", zh="命中率 提高到 提升到 到 目标 之后 达到 重复", ask_en="the cache hit rate you expect after the change", ask_zh="改进后预期的缓存命中率"),
    )
    currency: Currency

    @model_validator(mode="after")
    def _one_cost(self) -> CacheSavingsInput:
        if (self.calls_per_month is None) != (self.cost_per_call is None):
            missing = "cost_per_call" if self.cost_per_call is None else "calls_per_month"
            raise FieldProblem(missing, "give calls_per_month and cost_per_call together")
        sources = [self.monthly_cost_without_cache, self.current_monthly_cost, self.calls_per_month]
        if sum(source is not None for source in sources) != 1:
            raise FieldProblem(
                "monthly_cost_without_cache",
                "give exactly one of monthly_cost_without_cache, current_monthly_cost or calls_per_month with "
                "cost_per_call",
            )
        if self.current_monthly_cost is not None and self.hit_rate_before == 1 and self.cacheable_share == 1:
            raise FieldProblem(
                "hit_rate_before", "must be below 1 with current_monthly_cost (nothing reaches the model at 100%)"
            )
        return self


@calculator
def cache_savings(inp: CacheSavingsInput) -> dict:
    """Monthly compute savings from raising the cache hit rate.

    Only cache misses reach the model, so the cost of cacheable traffic is C x (1 - hit rate), where C is its
    cost with no cache. monthly_savings = C x (hit_rate_after - hit_rate_before). Give C directly
    (monthly_cost_without_cache) or today's cost at hit_rate_before (current_monthly_cost, from which C is
    derived), or calls_per_month x cost_per_call (C itself); cacheable_share limits the calculation to the
    cacheable part of that cost. Rates are fractions; hit_rate_before defaults to 0 (no cache yet).
    Example: C = 210,000 a month, hit rate 45% -> 65%: saves 42,000 a month; 1M calls x 0.002 = 2,000 a month,
    0% -> 40% hits: saves 800 a month.
    """
    cur, share = inp.currency, inp.cacheable_share
    before, after = inp.hit_rate_before, inp.hit_rate_after
    if inp.monthly_cost_without_cache is not None:
        total_uncached = inp.monthly_cost_without_cache
        derivation = ""
    elif inp.calls_per_month is not None:
        total_uncached = inp.calls_per_month * (inp.cost_per_call or 0.0)
        derivation = (
            f"cost with no cache = {num(inp.calls_per_month)} calls x {money(inp.cost_per_call or 0, cur)} = "
            f"{money(total_uncached, cur)}; "
        )
    else:
        # today's cost = fixed part + cacheable part x (1 - before), with the fixed part (1 - share) of C
        current = inp.current_monthly_cost or 0.0  # the input model requires one of the three sources
        total_uncached = current / ((1 - share) + share * (1 - before))
        divisor = f"(1 - {pct(before)})" if share == 1 else f"((1 - {pct(share)}) + {pct(share)} x (1 - {pct(before)}))"
        derivation = (
            f"cost with no cache = {money(current, cur)} / {divisor} = {money(total_uncached, cur)}; "
        )
    cacheable = total_uncached * share
    cost_before, cost_after = cacheable * (1 - before), cacheable * (1 - after)
    savings = cost_before - cost_after
    formula = (
        f"{derivation}cacheable cost with no cache C = {money(cacheable, cur)}; before = C x (1 - {pct(before)}) = "
        f"{money(cost_before, cur)}; after = C x (1 - {pct(after)}) = {money(cost_after, cur)}; monthly savings "
        f"= {money(cost_before, cur)} - {money(cost_after, cur)} = {money(savings, cur)}"
    )
    result = {
        "monthly_savings": round_money(savings),
        "annual_savings": round_money(savings * 12),
        "cost_before": round_money(cost_before),
        "cost_after": round_money(cost_after),
        "cacheable_cost_without_cache": round_money(cacheable),
        "relative_saving": round_ratio(savings / cost_before) if cost_before else None,
        "hit_rate_before": before,
        "hit_rate_after": after,
        "currency": cur,
        "formula": formula,
    }
    if savings < 0:
        result["explanation"] = "The hit rate falls, so this is an extra cost, not a saving."
    return result
