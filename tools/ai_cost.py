"""Monthly running cost of an AI feature, with a usage multiplier: priced from tokens x price per 1k + GPU hours x
hourly rate, or scaled from a known monthly bill (its fixed part stays, the rest grows with usage).

Volumes may be given per day (requests a day, or daily users x requests each) and GPUs as a count running all
month: the tool converts them to a month (days_per_month, hours_per_gpu) so a caller never multiplies.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import Count, Currency, Money, Quantity, ToolInput, examples, slot
from pm_assistant.tools.fmt import money, num, round_money
from pm_assistant.tools.prices import price_for
from pm_assistant.tools.spec import calculator

# The token/GPU pricing arguments; none of them may be set (away from its default) beside a known bill.
USAGE_FIELDS = (
    "monthly_input_tokens", "monthly_output_tokens", "daily_input_tokens", "daily_output_tokens", "requests_per_month", "requests_per_day", "daily_users",
    "requests_per_user_per_day", "days_per_month", "input_tokens_per_request", "output_tokens_per_request",
    "price_per_1k_input", "price_per_1k_output", "model", "gpu_hours_per_month", "gpus", "hours_per_gpu",
    "gpu_hourly_rate", "gpu_scales_with_usage", "gpu_hours_per_day",
)
HOURS_ALL_MONTH = 720.0  # 24 h x 30 days: one GPU running all month


class AiCostEstimateInput(ToolInput):
    """Arguments of ai_cost_estimate."""

    model_config = examples(
        {
            "monthly_input_tokens": 990000000,
            "price_per_1k_input": 0.002,
            "usage_multiplier": 3,
            "currency": "¥",
        },
        {
            "requests_per_month": 300000,
            "input_tokens_per_request": 1200,
            "output_tokens_per_request": 300,
            "model": "gpt-4o-mini",
            "gpu_hours_per_month": 0,
        },
        {
            "daily_users": 10000,
            "requests_per_user_per_day": 5,
            "input_tokens_per_request": 1000,
            "model": "gpt-4o-mini",
        },
        {"gpus": 2, "gpu_hourly_rate": 2.5, "monthly_input_tokens": 50000000, "price_per_1k_input": 0.002},
        {"current_monthly_cost": 1980, "usage_multiplier": 3, "currency": "¥"},
        cues="running cost monthly per month a month bill spend serving inference tokens api usage traffic 每月 月 运行 推理 账单 费用 调用 用量",
    )

    monthly_input_tokens: Quantity | None = Field(
        default=None, description="Input (prompt) tokens per month. Or use requests_per_month.",
        json_schema_extra=slot("tokens", period="month", excludes="requests_per_month requests_per_day daily_users", concept="input_tokens", en="input prompt tokens volume total", zh="输入 token 总量", ask_en="the monthly token volume (or requests per month and tokens per request), or your current monthly bill", ask_zh="每月的 token 用量（或每月请求数和每次请求的 token 数），或目前每月的账单"),
    )
    monthly_output_tokens: Quantity | None = Field(
        default=None, description="Output (completion) tokens per month. Default 0.",
        json_schema_extra=slot("tokens", period="month", excludes="requests_per_month requests_per_day daily_users", concept="output_tokens", en="output completion tokens generated", zh="输出 生成"),
    )
    daily_input_tokens: Quantity | None = Field(
        default=None, description="Instead of monthly_input_tokens: input tokens per day (times days_per_month).",
        json_schema_extra=slot("tokens", period="day", excludes="requests_per_month requests_per_day daily_users",
                               concept="input_tokens", en="input prompt tokens volume total", zh="输入 token 总量"),
    )
    daily_output_tokens: Quantity | None = Field(
        default=None, description="Instead of monthly_output_tokens: output tokens per day (times days_per_month).",
        json_schema_extra=slot("tokens", period="day", excludes="requests_per_month requests_per_day daily_users",
                               concept="output_tokens", en="output completion tokens generated", zh="输出 生成"),
    )
    requests_per_month: Quantity | None = Field(
        default=None,
        description="Requests per month; with input_tokens_per_request and output_tokens_per_request "
        "instead of the monthly token totals.",
        json_schema_extra=slot("count", period="month", excludes="daily_users", concept="requests", unit="request question message conversation ticket output answer document page image", en="requests calls queries questions messages volume traffic", zh="请求 调用 次 问题 对话 工单"),
    )
    requests_per_day: Quantity | None = Field(
        default=None, description="Requests per day, instead of requests_per_month (times days_per_month).",
        json_schema_extra=slot("count", period="day", excludes="daily_users", concept="requests", unit="request question message conversation ticket output answer document page image", en="requests calls queries questions messages volume traffic", zh="请求 调用 次 问题 对话 工单"),
    )
    daily_users: Quantity | None = Field(
        default=None, description="Active users per day; with requests_per_user_per_day, instead of requests_per_month.",
        json_schema_extra=slot("count", period="day", unit="user customer", needs="requests_per_user_per_day", en="daily active users dau", zh="日活 用户"),
    )
    requests_per_user_per_day: Quantity | None = Field(
        default=None, description="Requests (questions) each daily user makes per day.",
        json_schema_extra=slot("count", period="day", per="user", needs="daily_users", unit="request question message", en="each per user asks asking questions requests", zh="每人 每个用户 每位 提问 问"),
    )
    days_per_month: float = Field(
        default=30, gt=0, le=31, allow_inf_nan=False, description="Days in a month for per-day volumes (default 30).",
        json_schema_extra=slot("duration", period="month", unit="day", en="days working business weekdays operating",
                               zh="天 工作日"),
    )
    input_tokens_per_request: Quantity | None = Field(default=None, description="Input tokens per request.",
        json_schema_extra=slot("tokens", per="request", concept="input_tokens", en="input prompt tokens each per request call", zh="输入 每次 每条 每个请求", ask_en="the tokens per request (input, and output if it is priced separately)", ask_zh="每次请求的 token 数（输入；输出单独计价时也请给出）"),
    )
    output_tokens_per_request: Quantity | None = Field(default=None, description="Output tokens per request.",
        json_schema_extra=slot("tokens", per="request", concept="output_tokens", en="output completion tokens out each per request answer reply", zh="输出 回复 生成"),
    )
    price_per_1k_input: Money | None = Field(
        default=None, description="Price per 1,000 input tokens in the user's currency (e.g. 0.002).",
        json_schema_extra=slot("money", per="token", per_value=1000, concept="price", en="price input prompt tokens per thousand million cost", zh="单价 价格 输入 每千 每百万 token", position="first", ask_en="the price per thousand tokens (or the model name)", ask_zh="每千 token 的价格（或模型名称）"),
    )
    price_per_1k_output: Money | None = Field(
        default=None, description="Price per 1,000 output tokens; defaults to price_per_1k_input.",
        json_schema_extra=slot("money", per="token", per_value=1000, concept="output_price", en="output completion price", zh="输出 价格", position="last"),
    )
    model: str | None = Field(
        default=None,
        max_length=100,
        description="Instead of prices: a model name priced from the built-in dated list-price table "
        "(e.g. 'gpt-4o-mini', 'claude-sonnet-4'); its currency is the table's (USD).",
    )
    gpu_hours_per_month: Quantity = Field(default=0, description="GPU hours per month (self-hosted serving).",
        json_schema_extra=slot("duration", period="month", unit="hour", concept="gpu_time", en="gpu hours compute serving", zh="GPU 小时 算力 卡时", excludes="gpus", ask_en="how many hours a month the GPUs run (or say they run all month)", ask_zh="GPU 每月运行多少小时（或说明全天候运行）"),
    )
    gpus: Count | None = Field(
        default=None, description="Instead of gpu_hours_per_month: GPUs serving, each running hours_per_gpu a month.",
        json_schema_extra=slot("count", unit="gpu", en="gpus gpu cards servers", zh="GPU 显卡 卡"),
    )
    hours_per_gpu: float = Field(
        default=HOURS_ALL_MONTH, ge=0, le=744, allow_inf_nan=False,
        description="Hours each of `gpus` runs per month; default 720 (24 h x 30 days, i.e. all month).",
        json_schema_extra=slot("duration", period="month", unit="hour", concept="gpu_time", en="hours run running each gpu", zh="小时 运行 每天 每张", needs="gpus", cues="all month|around the clock|round the clock|always on|always-on|non-stop|nonstop|full time|whole month|全天候|全月|不间断|24小时", cue_value=720, ask_en="how many hours a month the GPUs run (or say they run all month)", ask_zh="GPU 每月运行多少小时（或说明全天候运行）"),
    )
    gpu_hours_per_day: float | None = Field(
        default=None, ge=0, le=24, allow_inf_nan=False,
        description="Instead of hours_per_gpu: hours each of `gpus` runs per day (times days_per_month).",
        json_schema_extra=slot("duration", period="day", unit="hour", concept="gpu_time", needs="gpus",
                               en="hours run running each gpu day", zh="小时 运行 每天 每张"),
    )
    gpu_hourly_rate: Money | None = Field(
        default=None, description="Cost of one GPU hour in the user's currency (e.g. 8). Needed with GPU hours.",
        json_schema_extra=slot("money", period="hour", unit="gpu", en="gpu hour hourly rate per hour rent rental", zh="每小时 GPU 租金 单价", ask_en="the cost of one GPU hour", ask_zh="每 GPU 小时的价格"),
    )
    usage_multiplier: float = Field(
        default=1,
        gt=0,
        le=1000,
        allow_inf_nan=False,
        description="What-if factor on usage, e.g. 3 for 'usage is 3x the estimate'. Default 1.",
        json_schema_extra=slot("factor", en="usage traffic volume load requests calls demand users grows grow", zh="用量 流量 调用量 请求 业务量 用户 增长"),
    )
    gpu_scales_with_usage: bool = Field(
        default=True,
        description="Whether GPU hours grow with usage (true for serving capacity; false for a fixed reservation).",
    )
    current_monthly_cost: Money | None = Field(
        default=None, description="Instead of tokens/GPU: today's monthly bill, scaled by usage_multiplier.",
        json_schema_extra=slot("money", period="month", assumed=True, concept="bill", en="bill spend pay paying paid invoice cost costs today current", zh="账单 费用 花费 成本 支出 目前 现在", excludes="monthly_input_tokens input_tokens_per_request requests_per_month requests_per_day daily_users gpus gpu_hours_per_month price_per_1k_input", ask_en="your total monthly bill today, and the part of it that stays fixed as usage grows (if any)", ask_zh="目前每月的账单总额（以及其中不随用量变化的固定部分，如有）"),
    )
    fixed_monthly_cost: Money | None = Field(
        default=None, description="Part of current_monthly_cost that does not grow with usage. Default 0.",
        json_schema_extra=slot("money", period="month", concept="fixed", named=True, en="fixed flat subscription license reserved platform fee", zh="固定 包月 订阅 不变"),
    )
    currency: Currency

    @model_validator(mode="after")
    def _check_sources(self) -> AiCostEstimateInput:
        if self.current_monthly_cost is not None:
            return self._check_bill()
        if self.fixed_monthly_cost is not None:
            raise FieldProblem("fixed_monthly_cost", "is only used with current_monthly_cost (the bill it is part of)")
        daily = self.daily_input_tokens is not None or self.daily_output_tokens is not None
        if daily and (self.monthly_input_tokens is not None or self.monthly_output_tokens is not None):
            raise FieldProblem("daily_input_tokens", "give token totals per month or per day, not both")
        if self.gpu_hours_per_day is not None and not self.gpus:
            raise FieldProblem("gpu_hours_per_day", "is only used with gpus (hours each GPU runs a day)")
        monthly = daily or self.monthly_input_tokens is not None or self.monthly_output_tokens is not None
        per_request = self.input_tokens_per_request is not None or self.output_tokens_per_request is not None
        if (self.daily_users is None) != (self.requests_per_user_per_day is None):
            missing = "requests_per_user_per_day" if self.requests_per_user_per_day is None else "daily_users"
            raise FieldProblem(missing, "give daily_users and requests_per_user_per_day together")
        volumes = [name for name in ("requests_per_month", "requests_per_day", "daily_users")
                   if getattr(self, name) is not None]
        if len(volumes) > 1:
            raise FieldProblem(volumes[1], f"give one request volume, not both {volumes[0]} and {volumes[1]}")
        requests = volumes[0] if volumes else None
        if requests and monthly:
            raise FieldProblem(requests, "cannot be combined with monthly token totals: give one or the other")
        if per_request and requests is None:
            raise FieldProblem("requests_per_month", "is required with tokens per request (or requests_per_day)")
        if requests and not per_request:
            raise FieldProblem("input_tokens_per_request", f"is required with {requests}")
        if self.gpus is not None and (self.gpu_hours_per_month or self.gpus < 1):
            raise FieldProblem("gpus", "must be at least 1, and not given with gpu_hours_per_month")
        if not (monthly or requests or self.gpu_hours_per_month or self.gpus):
            raise FieldProblem(
                "monthly_input_tokens",
                "is required (or requests_per_month with tokens per request) unless gpu_hours_per_month, gpus or "
                "current_monthly_cost is given",
            )
        if self.model is not None and (self.price_per_1k_input is not None or self.price_per_1k_output is not None):
            raise FieldProblem("model", "give either model or price_per_1k_input/price_per_1k_output, not both")
        if self.price_per_1k_output is not None and self.price_per_1k_input is None:
            raise FieldProblem("price_per_1k_input", "is required (price_per_1k_output defaults to it)")
        if (monthly or requests) and self.model is None and self.price_per_1k_input is None:
            raise FieldProblem("price_per_1k_input", "is required to price tokens (or give a model name)")
        if (self.gpu_hours_per_month or self.gpus) and self.gpu_hourly_rate is None:
            raise FieldProblem("gpu_hourly_rate", "is required when gpu_hours_per_month or gpus is given")
        return self

    def monthly_requests(self) -> float | None:
        """Requests per month from whichever volume was given (per day x days_per_month), None for token totals."""
        if self.requests_per_month is not None:
            return self.requests_per_month
        if self.requests_per_day is not None:
            return self.requests_per_day * self.days_per_month
        if self.daily_users is not None:
            return self.daily_users * (self.requests_per_user_per_day or 0) * self.days_per_month
        return None

    def gpu_hours(self) -> float:
        """GPU hours per month at 1x usage: as given, or gpus x hours_per_gpu."""
        if self.gpus is not None:
            return self.gpus * self.hours_each()
        return self.gpu_hours_per_month or 0.0

    def hours_each(self) -> float:
        """Hours each GPU runs a month: gpu_hours_per_day x days_per_month, else hours_per_gpu."""
        if self.gpu_hours_per_day is not None:
            return self.gpu_hours_per_day * self.days_per_month
        return self.hours_per_gpu or 0.0

    def _check_bill(self) -> AiCostEstimateInput:
        """A known bill is scaled on its own: no token or GPU pricing beside it, and a fixed part within it."""
        fields = type(self).model_fields
        clash = next((name for name in USAGE_FIELDS if getattr(self, name) != fields[name].default), None)
        if clash:
            raise FieldProblem(
                clash, "cannot be combined with current_monthly_cost: scale a known bill or price tokens/GPU, not both"
            )
        if (self.fixed_monthly_cost or 0) > (self.current_monthly_cost or 0):
            raise FieldProblem("fixed_monthly_cost", "must be at most current_monthly_cost (it is part of that bill)")
        return self

    def token_volumes(self) -> tuple[float, float]:
        """(input, output) tokens per month at 1x usage."""
        requests = self.monthly_requests()
        if requests is not None:
            return requests * (self.input_tokens_per_request or 0), requests * (self.output_tokens_per_request or 0)
        if self.daily_input_tokens is not None or self.daily_output_tokens is not None:
            days = self.days_per_month
            return (self.daily_input_tokens or 0.0) * days, (self.daily_output_tokens or 0.0) * days
        return self.monthly_input_tokens or 0.0, self.monthly_output_tokens or 0.0


def _prices(inp: AiCostEstimateInput) -> tuple[float, float, str | None, dict]:
    """(input price, output price, currency, pricing note) from the arguments or the price table."""
    if inp.model is None:
        price_in = inp.price_per_1k_input or 0.0
        price_out = inp.price_per_1k_output if inp.price_per_1k_output is not None else price_in
        return price_in, price_out, inp.currency, {"source": "given"}
    name, price, table, source = price_for(inp.model)
    if inp.currency is not None and inp.currency != table.currency:
        raise FieldProblem(
            "currency",
            f"the {source} for '{name}' are in {table.currency}, not {inp.currency}; give "
            f"price_per_1k_input/price_per_1k_output in {inp.currency} instead (amounts are never converted)",
        )
    note = {"source": source, "model": name, "as_of": table.as_of.isoformat(), "note": table.note}
    return price.input_per_1k, price.output_per_1k, table.currency, note


@calculator
def ai_cost_estimate(inp: AiCostEstimateInput) -> dict:
    """Monthly running cost of an AI feature from tokens + GPU hours or from today's bill, with a usage what-if.

    token_cost = (input tokens x input price + output tokens x output price) / 1,000; gpu_cost = GPU hours x
    hourly rate; monthly_cost = token_cost + gpu_cost, all multiplied by usage_multiplier (GPU hours too,
    unless gpu_scales_with_usage is false). Give monthly token totals or requests_per_month x tokens per
    request, and prices per 1,000 tokens in the user's currency, or a model name to use the built-in dated
    list prices (USD). Example: 990M tokens x 0.002 per 1k = 1,980 a month; at 3x usage, 5,940.
    Per-day volumes are converted here: requests_per_day (or daily_users x requests_per_user_per_day) x
    days_per_month (30) = requests per month; gpus x hours_per_gpu (720, i.e. all month) = GPU hours.
    Or give only today's bill as current_monthly_cost (optionally the fixed_monthly_cost part of it that does
    not grow with usage): monthly_cost = fixed + (current - fixed) x usage_multiplier, e.g. a 1,980 bill at 3x
    usage = 5,940. A bill does not say how much of it is tokens and how much GPU, so then token_cost and
    gpu_cost are null and variable_cost (the usage-driven part, scaled) and fixed_cost are given instead.
    """
    if inp.current_monthly_cost is not None:
        return _scaled_bill(inp, inp.current_monthly_cost)
    return _priced_usage(inp)


def _priced_usage(inp: AiCostEstimateInput) -> dict:
    """The cost priced from token volumes and GPU hours."""
    price_in, price_out, cur, pricing = _prices(inp)
    base_in, base_out = inp.token_volumes()
    k = inp.usage_multiplier
    gpu_k = k if inp.gpu_scales_with_usage else 1.0
    base_gpu_hours = inp.gpu_hours()
    tokens_in, tokens_out, gpu_hours = base_in * k, base_out * k, base_gpu_hours * gpu_k
    rate = inp.gpu_hourly_rate or 0.0
    input_cost, output_cost = tokens_in * price_in / 1000, tokens_out * price_out / 1000
    token_cost, gpu_cost = input_cost + output_cost, gpu_hours * rate
    baseline = (base_in * price_in + base_out * price_out) / 1000 + base_gpu_hours * rate
    monthly = token_cost + gpu_cost

    formula = _volume_working(inp)
    formula += (
        f"token cost = ({num(tokens_in)} input tokens x {money(price_in, cur)} + {num(tokens_out)} output "
        f"tokens x {money(price_out, cur)}) / 1,000 = {money(token_cost, cur)}; GPU cost = {num(gpu_hours)} h x "
        f"{money(rate, cur)} = {money(gpu_cost, cur)}; monthly cost = {money(monthly, cur)}"
    )
    if k != 1:
        formula += f" (usage x{num(k)}; {money(baseline, cur)} at 1x usage)"
    return {
        "monthly_cost": round_money(monthly),
        "token_cost": round_money(token_cost),
        "gpu_cost": round_money(gpu_cost),
        "input_token_cost": round_money(input_cost),
        "output_token_cost": round_money(output_cost),
        **_what_if(monthly, baseline, k),
        "basis": "usage",
        "monthly_input_tokens": round(tokens_in),
        "monthly_output_tokens": round(tokens_out),
        "gpu_hours_per_month": round(float(gpu_hours), 2),
        "prices": {"input_per_1k": price_in, "output_per_1k": price_out, "gpu_hourly_rate": rate, **pricing},
        "currency": cur,
        "formula": formula,
    }


def _volume_working(inp: AiCostEstimateInput) -> str:
    """The conversions to monthly figures the tool made (per-day requests, GPUs running all month), if any."""
    steps = []
    requests = inp.monthly_requests()
    if inp.daily_users is not None:
        steps.append(f"requests per month = {num(inp.daily_users)} users x {num(inp.requests_per_user_per_day or 0)} "
                     f"a day x {num(inp.days_per_month)} days = {num(requests or 0)}")
    elif inp.requests_per_day is not None:
        steps.append(f"requests per month = {num(inp.requests_per_day)} a day x {num(inp.days_per_month)} days = "
                     f"{num(requests or 0)}")
    for side, daily in (("input", inp.daily_input_tokens), ("output", inp.daily_output_tokens)):
        if daily is not None:
            steps.append(f"{side} tokens per month = {num(daily)} a day x {num(inp.days_per_month)} days = "
                         f"{num(daily * inp.days_per_month)}")
    if inp.gpus is not None and inp.gpu_hours_per_day is not None:
        steps.append(f"GPU hours = {inp.gpus} GPUs x {num(inp.gpu_hours_per_day)} h a day x {num(inp.days_per_month)} "
                     f"days = {num(inp.gpu_hours())} h")
    elif inp.gpus is not None:
        steps.append(f"GPU hours = {inp.gpus} GPUs x {num(inp.hours_per_gpu)} h = {num(inp.gpu_hours())} h")
    return "".join(f"{step}; " for step in steps)


def _scaled_bill(inp: AiCostEstimateInput, current: float) -> dict:
    """Today's bill (`current`) scaled by usage: the fixed part stays, the usage-driven rest is multiplied."""
    cur, k = inp.currency, inp.usage_multiplier
    fixed = inp.fixed_monthly_cost or 0.0
    variable = (current - fixed) * k
    monthly = fixed + variable
    if fixed:
        formula = (
            f"monthly cost = {money(fixed, cur)} fixed + ({money(current, cur)} today's bill - {money(fixed, cur)} "
            f"fixed) x {num(k)} (usage) = {money(fixed, cur)} + {money(variable, cur)} = {money(monthly, cur)}"
        )
    else:
        formula = (
            f"monthly cost = {money(current, cur)} (today's bill, all usage-driven) x {num(k)} (usage) = "
            f"{money(monthly, cur)}"
        )
    return {
        "monthly_cost": round_money(monthly),
        "token_cost": None,  # a bill does not say how much of it is tokens and how much GPU
        "gpu_cost": None,
        "variable_cost": round_money(variable),
        "fixed_cost": round_money(fixed),
        **_what_if(monthly, current, k),
        "basis": "bill",
        "currency": cur,
        "formula": formula,
    }


def _what_if(monthly: float, baseline: float, k: float) -> dict:
    """The fields both ways of costing share: the annual cost and the what-if against today's usage."""
    return {
        "annual_cost": round_money(monthly * 12),
        "baseline_monthly_cost": round_money(baseline),
        "increase_vs_baseline": round_money(monthly - baseline),
        "usage_multiplier": float(k),
    }
