"""What the session's tokens cost: priced by the `ai_cost_estimate` calculator from the model price table.

The built-in table holds dated list prices; a model it does not know gets "price unknown" and a pointer to
PM_ASSISTANT_PRICES (a JSON price file of the same shape). Offline turns cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from pm_assistant.agent.engine.usage import Usage
from pm_assistant.agent.repl.session import OFFLINE_LABEL
from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool

PRICE_FILE_HINT = (
    "to price it, point PM_ASSISTANT_PRICES at a JSON price file shaped like the built-in table "
    '({"as_of": "YYYY-MM-DD", "currency": "USD", "models": {"NAME": {"input_per_1k": ..., "output_per_1k": ...}}})'
)


@dataclass
class CostLine:
    """Spend of one model in this session; `cost` is None when no price is known."""

    model: str
    usage: Usage
    cost: float | None
    currency: str | None
    note: str


def price_usage(model: str, usage: Usage) -> CostLine:
    """Price one model's session tokens with `ai_cost_estimate` (token cost only, no GPU)."""
    if model == OFFLINE_LABEL:
        return CostLine(model, usage, 0.0, None, "the offline planner makes no LLM calls, so it costs no tokens")
    try:
        tokens = {"monthly_input_tokens": usage.prompt_tokens, "monthly_output_tokens": usage.completion_tokens}
        result = run_tool("ai_cost_estimate", {**tokens, "model": model})
    except ToolInputError as exc:  # unknown model, or an unreadable price file
        hint = f"; {PRICE_FILE_HINT}" if exc.field == "model" else ""
        return CostLine(model, usage, None, None, f"price unknown: {exc.problem}{hint}")
    prices = result["prices"]
    note = (f"{prices['input_per_1k']} / {prices['output_per_1k']} {result['currency']} per 1k input / output "
            f"tokens ({prices.get('source', 'price table')}, as of {prices.get('as_of', '?')})")
    return CostLine(model, usage, result["token_cost"], result["currency"], note)


def session_costs(spent: dict[str, Usage]) -> list[CostLine]:
    """One priced line per model used, in order of first use."""
    return [price_usage(model, usage) for model, usage in spent.items()]
