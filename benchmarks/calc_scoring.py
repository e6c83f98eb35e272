"""Scoring shared by `offline_calc.py` and `conversations.py`: is a calculator call right?

A call is right when it is the expected tool, its inputs match the expected ones, and its result matches within 1%.
Inputs are compared after putting equivalent forms on one footing (1.2M tokens a day and 36M a month, an annual and
a monthly benefit, GPUs x hours a day and GPU hours a month, a breakdown and its total); currency symbols are not
compared (money is never converted). Results are compared on the fields the contract names for each calculator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TOLERANCE = 0.01
KEY_RESULTS: dict[str, tuple[str, ...]] = {
    "roi_payback": ("payback_months", "roi_ratio", "net_benefit"),
    "ai_cost_estimate": ("monthly_cost",),
    "custom_model_cost": ("total", "data_cost", "compute_cost", "labor_cost"),
    "investment_score": ("total", "priority"),
    "risk_cost_matrix": ("items",),
    "classification_metrics": ("precision", "recall", "f1", "accuracy"),
    "poc_compare": ("winner",),
    "hallucination_budget": ("threshold", "within_budget", "domain_class"),
    "cache_savings": ("monthly_savings",),
    "differentiation_matrix": ("items",),
    "token_count": ("tokens",),
}
_DAYS = 30.0


def close(a: Any, b: Any) -> bool:
    """Numbers within 1%, strings equal ignoring case and spaces, lists and dicts element by element."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= TOLERANCE * max(abs(a), abs(b)) + 1e-9
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().lower() == b.strip().lower()
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return all(k in b and close(v, b[k]) for k, v in a.items())
    return a == b


def normalised(tool: str, args: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments with equivalent forms made one (per month, totals), currency dropped."""
    a = {k: v for k, v in args.items() if k != "currency" and v is not None}
    days = float(a.pop("days_per_month", _DAYS))
    if tool == "ai_cost_estimate":
        for side in ("input", "output"):
            if f"daily_{side}_tokens" in a:
                a[f"monthly_{side}_tokens"] = a.pop(f"daily_{side}_tokens") * days
        if "daily_users" in a:
            a["requests_per_month"] = a.pop("daily_users") * a.pop("requests_per_user_per_day", 0) * days
        if "requests_per_day" in a:
            a["requests_per_month"] = a.pop("requests_per_day") * days
        if a.get("gpus"):
            per_day = a.pop("gpu_hours_per_day", None)
            hours = per_day * days if per_day is not None else a.pop("hours_per_gpu", 720.0)
            a["gpu_hours_per_month"] = a.pop("gpus") * hours
        a.pop("hours_per_gpu", None)
        if a.get("gpu_hours_per_month") == 0:
            a.pop("gpu_hours_per_month")
        if a.get("usage_multiplier") == 1:
            a.pop("usage_multiplier")
    elif tool == "roi_payback":
        for flow in ("benefit", "running_cost"):
            if f"annual_{flow}" in a:
                a[f"monthly_{flow}"] = a.pop(f"annual_{flow}") / 12
        if "investment_breakdown" in a:
            parts = a.pop("investment_breakdown")
            a.setdefault("investment", sum(parts.values()))
        if a.get("horizon_months") == 12:
            a.pop("horizon_months")
    elif tool == "custom_model_cost":
        if "gpu_days" in a:
            a["gpu_hours"] = a.pop("gpu_days") * a.pop("gpu_hours_per_day", 24.0)
        if "gpu_hours" in a:
            a.setdefault("gpus", 1)
    return a


def inputs_right(tool: str, expected: Mapping[str, Any], actual: Mapping[str, Any]) -> bool:
    """Every expected input (in normalised form) is in the call with the same value."""
    want, got = normalised(tool, expected), normalised(tool, actual)
    for key, value in want.items():
        if key in ("domain", "project", "goal"):  # free text: the calculator's class of it is compared instead
            continue
        if key not in got or not close(_names_loose(value), _names_loose(got[key])):
            return False
    return True


def _names_loose(value: Any) -> Any:
    """Lists of options or items compared on their figures, not on how their names were written."""
    if isinstance(value, list):
        return [{k: v for k, v in item.items() if k != "name"} if isinstance(item, Mapping) else item
                for item in value]
    return value


def result_right(tool: str, expected: Mapping[str, Any], actual: Mapping[str, Any]) -> bool:
    """The contract's result fields agree within 1% (quadrants of items by position)."""
    for key in KEY_RESULTS.get(tool, ()):
        if key not in expected:
            continue
        want, got = expected[key], actual.get(key)
        if key == "items":
            want = [i.get("quadrant") for i in want or []]
            got = [i.get("quadrant") for i in got or []]
        if key == "winner" and isinstance(want, str) and isinstance(got, str):
            if want.lower().split()[-1] != got.lower().split()[-1]:  # "Option B" vs "B"
                return False
            continue
        if not close(want, got):
            return False
    return True


def run(tool: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
    """The calculator's result, or None when the arguments are rejected."""
    from pm_assistant.tools.errors import ToolInputError
    from pm_assistant.tools.registry import run_tool

    try:
        return run_tool(tool, dict(args))
    except ToolInputError:
        return None


def asks_right(tool: str, expected: list[str], asked: list[str]) -> bool:
    """Every input expected to be asked for is asked for, in any of its forms (GPU hours a month or hours per GPU,
    a benefit per year or per month: one quantity, one group of inputs)."""
    from pm_assistant.agent.offline.slots import slot_named

    def group(name: str) -> str:
        found = slot_named(tool, name)
        return found.group if found else name

    return {group(n) for n in expected} <= {group(n) for n in asked}
