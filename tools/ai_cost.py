"""Monthly running cost of an AI feature: tokens x price per 1k + GPU hours x hourly rate, with a usage multiplier."""

from __future__ import annotations

from pydantic import Field, model_validator

from tools.errors import FieldProblem
from tools.fields import Currency, Money, Quantity, ToolInput, examples
from tools.fmt import money, num, round_money
from tools.prices import price_for


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
    )

    monthly_input_tokens: Quantity | None = Field(
        default=None, description="Input (prompt) tokens per month. Or use requests_per_month."
    )
    monthly_output_tokens: Quantity | None = Field(
        default=None, description="Output (completion) tokens per month. Default 0."
    )
    requests_per_month: Quantity | None = Field(
        default=None,
        description="Requests per month; with input_tokens_per_request and output_tokens_per_request "
        "instead of the monthly token totals.",
    )
    input_tokens_per_request: Quantity | None = Field(default=None, description="Input tokens per request.")
    output_tokens_per_request: Quantity | None = Field(default=None, description="Output tokens per request.")
    price_per_1k_input: Money | None = Field(
        default=None, description="Price per 1,000 input tokens in the user's currency (e.g. 0.002)."
    )
    price_per_1k_output: Money | None = Field(
        default=None, description="Price per 1,000 output tokens; defaults to price_per_1k_input."
    )
    model: str | None = Field(
        default=None,
        max_length=100,
        description="Instead of prices: a model name priced from the built-in dated list-price table "
        "(e.g. 'gpt-4o-mini', 'claude-sonnet-4'); its currency is the table's (USD).",
    )
    gpu_hours_per_month: Quantity = Field(default=0, description="GPU hours per month (self-hosted serving).")
    gpu_hourly_rate: Money | None = Field(
        default=None, description="Cost of one GPU hour in the user's currency (e.g. 8). Needed with GPU hours."
    )
    usage_multiplier: float = Field(
        default=1,
        gt=0,
        le=1000,
        allow_inf_nan=False,
        description="What-if factor on usage, e.g. 3 for 'usage is 3x the estimate'. Default 1.",
    )
    gpu_scales_with_usage: bool = Field(
        default=True,
        description="Whether GPU hours grow with usage (true for serving capacity; false for a fixed reservation).",
    )
    currency: Currency

    @model_validator(mode="after")
    def _check_sources(self) -> AiCostEstimateInput:
        monthly = self.monthly_input_tokens is not None or self.monthly_output_tokens is not None
        per_request = self.input_tokens_per_request is not None or self.output_tokens_per_request is not None
        if self.requests_per_month is not None and monthly:
            raise FieldProblem("requests_per_month", "give monthly token totals or per-request figures, not both")
        if per_request and self.requests_per_month is None:
            raise FieldProblem("requests_per_month", "is required with tokens per request")
        if self.requests_per_month is not None and not per_request:
            raise FieldProblem("input_tokens_per_request", "is required with requests_per_month")
        if not (monthly or self.requests_per_month is not None or self.gpu_hours_per_month):
            raise FieldProblem(
                "monthly_input_tokens",
                "is required (or requests_per_month with tokens per request) unless gpu_hours_per_month is given",
            )
        if self.model is not None and (self.price_per_1k_input is not None or self.price_per_1k_output is not None):
            raise FieldProblem("model", "give either model or price_per_1k_input/price_per_1k_output, not both")
        if self.price_per_1k_output is not None and self.price_per_1k_input is None:
            raise FieldProblem("price_per_1k_input", "is required (price_per_1k_output defaults to it)")
        if (monthly or self.requests_per_month is not None) and self.model is None and self.price_per_1k_input is None:
            raise FieldProblem("price_per_1k_input", "is required to price tokens (or give a model name)")
        if self.gpu_hours_per_month and self.gpu_hourly_rate is None:
            raise FieldProblem("gpu_hourly_rate", "is required when gpu_hours_per_month is given")
        return self

    def token_volumes(self) -> tuple[float, float]:
        """(input, output) tokens per month at 1x usage."""
        if self.requests_per_month is not None:
            return (
                self.requests_per_month * (self.input_tokens_per_request or 0),
                self.requests_per_month * (self.output_tokens_per_request or 0),
            )
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


def ai_cost_estimate(inp: AiCostEstimateInput) -> dict:
    """Monthly running cost of an AI feature: token cost + GPU cost, with a what-if usage multiplier.

    token_cost = (input tokens x input price + output tokens x output price) / 1,000; gpu_cost = GPU hours x
    hourly rate; monthly_cost = token_cost + gpu_cost, all multiplied by usage_multiplier (GPU hours too,
    unless gpu_scales_with_usage is false). Give monthly token totals or requests_per_month x tokens per
    request, and prices per 1,000 tokens in the user's currency, or a model name to use the built-in dated
    list prices (USD). Example: 990M tokens x 0.002 per 1k = 1,980 a month; at 3x usage, 5,940.
    """
    price_in, price_out, cur, pricing = _prices(inp)
    base_in, base_out = inp.token_volumes()
    k = inp.usage_multiplier
    gpu_k = k if inp.gpu_scales_with_usage else 1.0
    tokens_in, tokens_out, gpu_hours = base_in * k, base_out * k, inp.gpu_hours_per_month * gpu_k
    rate = inp.gpu_hourly_rate or 0.0
    input_cost, output_cost = tokens_in * price_in / 1000, tokens_out * price_out / 1000
    token_cost, gpu_cost = input_cost + output_cost, gpu_hours * rate
    baseline = (base_in * price_in + base_out * price_out) / 1000 + inp.gpu_hours_per_month * rate
    monthly = token_cost + gpu_cost

    formula = (
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
        "annual_cost": round_money(monthly * 12),
        "baseline_monthly_cost": round_money(baseline),
        "increase_vs_baseline": round_money(monthly - baseline),
        "usage_multiplier": float(k),
        "monthly_input_tokens": round(tokens_in),
        "monthly_output_tokens": round(tokens_out),
        "gpu_hours_per_month": round(float(gpu_hours), 2),
        "prices": {"input_per_1k": price_in, "output_per_1k": price_out, "gpu_hourly_rate": rate, **pricing},
        "currency": cur,
        "formula": formula,
    }
