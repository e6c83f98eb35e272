"""The lead line of a calculator answer: the key figures of one tool result, in the user's currency.

Every figure printed here is read from the tool's result object (or formatted from it: thousands
separators, percentages of fractions), so the self-check can trace each one back to the tool.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pm_assistant.tools.fmt import money, num, pct

Result = dict[str, Any]


def _roi(r: Result) -> str:
    cur = r.get("currency")
    if not r.get("pays_back", r.get("payback_months") is not None):
        return (f"**It never pays back:** the monthly benefit of {money(r['monthly_benefit'], cur)} does not exceed "
                f"the monthly running cost of {money(r['monthly_running_cost'], cur)}.")
    months = "month" if r["payback_months"] == 1 else "months"
    return (f"**Payback: {num(r['payback_months'])} {months}.** On {money(r['investment'], cur)} invested, with a net "
            f"benefit of {money(r['monthly_net_benefit'], cur)} a month, the net benefit over "
            f"{r['horizon_months']} months is {money(r['net_benefit'], cur)} (ROI {pct(r['roi_ratio'])}).")


def _ai_cost(r: Result) -> str:
    cur = r.get("currency")
    if r.get("basis") == "bill":
        parts = (f"fixed {money(r['fixed_cost'], cur)} + usage-driven {money(r['variable_cost'], cur)}"
                 if r["fixed_cost"] else "all usage-driven")
    else:
        parts = f"tokens {money(r['token_cost'], cur)} + GPU {money(r['gpu_cost'], cur)}"
    line = f"**Monthly cost: {money(r['monthly_cost'], cur)}** ({parts}; {money(r['annual_cost'], cur)} a year)"
    if r.get("usage_multiplier", 1) != 1:
        line += (f" at {num(r['usage_multiplier'])}x usage, against {money(r['baseline_monthly_cost'], cur)} at "
                 f"today's usage: {money(r['increase_vs_baseline'], cur)} more each month")
    return line + "."


def _custom_model(r: Result) -> str:
    cur = r.get("currency")
    return (f"**Total: {money(r['total'], cur)}** — data {money(r['data_cost'], cur)}, compute "
            f"{money(r['compute_cost'], cur)}, people {money(r['labor_cost'], cur)}.")


def _score(r: Result) -> str:
    project = f" for {r['project']}" if r.get("project") else ""
    label = f" ({r['priority_label']})" if r.get("priority_label") else ""
    return f"**Score{project}: {num(r['total'])} → {r['priority']}**{label}."


def _quadrant_list(items: list[Result], detail: Callable[[Result], str]) -> str:
    lines = [f"{i}. **{item['name']}** — {str(item['quadrant']).replace('_', ' ')} ({detail(item)})"
             + (f": {item['action']}" if item.get("action") else "") for i, item in enumerate(items, start=1)]
    return "\n".join(lines)


def _risk(r: Result) -> str:
    cur, levels = r.get("currency"), r.get("cost_scale") == "level"

    def cost(item: Result) -> str:
        value = item["mitigation_cost"]
        return f"mitigation cost level {num(value)}" if levels else f"mitigation {money(value, cur)}"

    return "**In the order to act on them:**\n" + _quadrant_list(
        r["items"], lambda i: f"risk {num(i['risk'])}, {cost(i)}")


def _differentiation(r: Result) -> str:
    return "**Where each capability sits, best bet first:**\n" + _quadrant_list(
        r["items"], lambda i: f"user value {num(i['user_value'])}, imitation cost {num(i['imitation_cost'])}")


def _metrics(r: Result) -> str:
    shown = [f"{name} {pct(r[key])}" for key, name in
             (("precision", "precision"), ("recall", "recall"), ("f1", "F1"), ("accuracy", "accuracy"))
             if r.get(key) is not None]
    joined = ", ".join(shown)
    line = f"**{joined[:1].upper()}{joined[1:]}.**" if shown else "**The metrics are undefined for these counts.**"
    for name, target in (r.get("targets") or {}).items():
        verdict = "met" if target["met"] else "not met"
        line += f" The {name} target of {pct(target['target'])} is {verdict}."
    if r.get("error_cost") is not None:
        line += f" Errors cost {money(r['error_cost'], r.get('currency'))}."
    return line


def _poc(r: Result) -> str:
    cur = r.get("currency")
    head = f"**Winner: {r['winner']}.**" if r.get("winner") else "**No option meets every constraint.**"
    qualifying = r.get("qualifying") or []
    if qualifying:
        head += f" Qualifying: {', '.join(qualifying)}."
    rows = []
    for row in r.get("ranking") or []:
        figures = [pct(row["accuracy"])]
        if row.get("latency_s") is not None:
            figures.append(f"{num(row['latency_s'])} s")
        if row.get("cost") is not None:
            figures.append(money(row["cost"], cur))
        why = "" if row.get("qualifies") else f" — out: {'; '.join(row.get('reasons') or [])}"
        rows.append(f"{row['rank']}. {row['name']} ({', '.join(figures)}){why}")
    return "\n".join([head, *rows])


def _budget(r: Result) -> str:
    threshold = pct(r["threshold"])
    domain = f" ({r['domain']})" if r.get("domain") else ""
    if r.get("rate") is None:
        return (f"**The hallucination budget is {threshold}** for a {r['domain_class']} domain{domain}: an observed "
                "rate at or below it is acceptable.")
    rate = pct(r["rate"])
    if r["within_budget"]:
        return (f"**Yes: {rate} is within the {threshold} budget** for a {r['domain_class']} domain{domain}, "
                f"with {num(r['headroom'] * 100)} points of headroom.")
    return (f"**No: {rate} is over the {threshold} budget** for a {r['domain_class']} domain{domain}; it has to fall "
            f"by {pct(r['reduction_needed'])} to get there.")


def _cache(r: Result) -> str:
    cur = r.get("currency")
    verb = "Saves" if r["monthly_savings"] >= 0 else "Costs an extra"
    line = (f"**{verb} {money(abs(r['monthly_savings']), cur)} a month** ({money(abs(r['annual_savings']), cur)} a "
            f"year): the cacheable traffic's cost goes from {money(r['cost_before'], cur)} to "
            f"{money(r['cost_after'], cur)} a month")
    if r.get("relative_saving") is not None:
        line += f" ({pct(r['relative_saving'])} less)"
    return line + "."


def _tokens(r: Result) -> str:
    model = f" ({r['model']})" if r.get("model") else ""
    return (f"**{num(r['tokens'])} token{'s' if r['tokens'] != 1 else ''}** with the {r['encoding']} encoding{model}, "
            f"for {num(r['characters'])} characters.")


HEADLINES: dict[str, Callable[[Result], str]] = {
    "roi_payback": _roi,
    "ai_cost_estimate": _ai_cost,
    "custom_model_cost": _custom_model,
    "investment_score": _score,
    "risk_cost_matrix": _risk,
    "classification_metrics": _metrics,
    "poc_compare": _poc,
    "hallucination_budget": _budget,
    "cache_savings": _cache,
    "differentiation_matrix": _differentiation,
    "token_count": _tokens,
}


def headline(tool: str, result: Result) -> str:
    """The key-figures line for one tool result (a generic line for a tool without its own)."""
    try:
        return HEADLINES[tool](result)
    except (KeyError, TypeError):  # a result shape this composer does not know: fall back to the working
        return f"**{tool} result:**"
