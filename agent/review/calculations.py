"""Every number in a review comes from here: the calculators run on the proposal's own figures and the
judge's subscores, and each call (name, args, result) is recorded for the self-check and `tool_calls`.

Nothing is computed when its inputs are absent: no investment or no benefit means no payback, and no
stated hallucination rate means the budget is reported without a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pm_assistant.agent.review.extract import Extraction
from pm_assistant.agent.review.rates import StatedRate, headline_rate
from pm_assistant.agent.review.schema import (
    Financials,
    HallucinationBudget,
    PocPlan,
    RiskItem,
    RiskJudgement,
    ScoreJudgements,
    Scoring,
    Subscore,
)
from pm_assistant.agent.review.wording import join, say, tr
from pm_assistant.core.text.quantities import read_quantities

POC_LIMITS = {"data_items": 1000, "days": 10, "people": 2}  # the POC four-step card's caps
RISK_COST_THRESHOLD = 2  # mitigation cost levels 1-2 are "low", 3-5 "high" (the judges rate 2 cheap, 3 not)


@dataclass
class ToolLog:
    """Runs calculators through the registry and keeps every call; a rejected call is kept as a note."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def run(self, name: str, args: dict[str, Any]) -> dict[str, Any] | None:
        """The tool's result, or None (with a note) when it rejects the arguments."""
        from pm_assistant.tools.errors import ToolInputError
        from pm_assistant.tools.registry import run_tool

        try:
            result = run_tool(name, args)
        except ToolInputError as exc:
            self.notes.append(f"{name} was not run: {exc}")
            return None
        self.calls.append({"name": name, "args": args, "result": result})
        return result


@dataclass
class Facts:
    """Tool results the judges may use: the financials (payback, running cost) and the hallucination budget."""

    financials: Financials
    hallucination: HallucinationBudget


def _estimate(ex: Extraction, log: ToolLog) -> dict[str, Any] | None:
    """ai_cost_estimate from the stated monthly requests, tokens per request and price (plus GPU hours)."""
    f = ex.usage
    args: dict[str, Any] = {}
    if all(k in f for k in ("requests_per_month", "tokens_per_request", "price_per_1k_tokens")):
        args |= {
            "requests_per_month": f["requests_per_month"].value,
            "input_tokens_per_request": f["tokens_per_request"].value,
            "price_per_1k_input": f["price_per_1k_tokens"].value,
        }
    if "gpu_hours_per_month" in f and "gpu_hourly_rate" in f:
        args |= {"gpu_hours_per_month": f["gpu_hours_per_month"].value, "gpu_hourly_rate": f["gpu_hourly_rate"].value}
    if not args:
        return None
    currency = next((f[k].unit for k in ("price_per_1k_tokens", "gpu_hourly_rate") if k in f and f[k].unit), None)
    return log.run("ai_cost_estimate", args | {"currency": currency})


def _running(ex: Extraction, log: ToolLog) -> tuple[dict[str, float], str | None, str]:
    """The running cost for roi_payback (argument, currency, source): ai_cost_estimate's monthly cost from stated
    usage, else the cost the proposal states per month or per year (the tool converts)."""
    computed = _estimate(ex, log)
    if computed is not None:
        usage = ex.usage.get("requests_per_month", ex.usage.get("gpu_hours_per_month"))
        source = say("running_from_usage", ex.lang, source=usage.source if usage else "")
        return {"monthly_running_cost": computed["monthly_cost"]}, computed["currency"], source
    f = ex.figures
    key = next((k for k in ("monthly_running_cost", "annual_running_cost") if k in f), None)
    return ({key: f[key].value}, f[key].unit, f[key].source) if key else ({}, None, "")


def financials(ex: Extraction, log: ToolLog) -> Financials:
    """Investment, benefit, running cost and payback from the proposal's figures; null where absent."""
    f, lang = ex.figures, ex.lang
    sources: dict[str, str] = {k: f[k].source for k in ("investment", "annual_benefit", "monthly_benefit") if k in f}
    out = Financials(
        investment=f["investment"].value if "investment" in f else None,
        annual_benefit=f["annual_benefit"].value if "annual_benefit" in f else None,
        monthly_benefit=f["monthly_benefit"].value if "monthly_benefit" in f else None,
        currency=ex.currency,
        sources=sources,
    )
    running, running_currency, running_source = _running(ex, log)
    for key, value in running.items():
        setattr(out, key, value)
        out.sources[key] = running_source
    benefit = (
        {"annual_benefit": out.annual_benefit}
        if out.annual_benefit is not None
        else ({"monthly_benefit": out.monthly_benefit} if out.monthly_benefit is not None else {})
    )
    if out.investment is None or not benefit:
        lacking = [tr(n, lang) for n, v in (("investment", out.investment), ("benefit per year or month", benefit)) if not v]
        out.note = say("payback_lacking", lang, items=join(lacking, lang, "and_no"))
        return out
    units = sorted({f[k].unit or "" for k in ("investment", "annual_benefit", "monthly_benefit") if k in f})
    if len(units) > 1:
        out.note = say("payback_currency", lang, units=", ".join(units))
        return out
    if running and running_currency != out.currency:
        log.notes.append(say("note_running_currency", lang))
        running = {}
    result = log.run("roi_payback", {"investment": out.investment, **benefit, **running, "currency": out.currency})
    if result is not None:
        out.payback_months, out.roi_ratio = result["payback_months"], result["roi_ratio"]
        out.net_benefit, out.horizon_months = result["net_benefit"], result["horizon_months"]
        out.note = say("payback_on", lang)
        if running:
            out.monthly_running_cost = result["monthly_running_cost"]
            out.sources.setdefault("monthly_running_cost", say("running_from_annual", lang))
            how = "from ai_cost_estimate" if running_source.startswith("ai_cost_estimate") else "the proposal states"
            out.note += say("net_of", lang, how=tr(how, lang))
    return out


def hallucination(
    domain_class: str, rates: list[StatedRate], domain: str, log: ToolLog, lang: str = "en"
) -> HallucinationBudget:
    """hallucination_budget on the stated rate (the highest measured one, else the target); without one (or if
    the tool rejects it), the class's budget from the same tool with no verdict. A target is compared with the
    budget too, but only a measured rate over it is a release blocker (see `verdict`)."""
    rate = headline_rate(rates)
    args: dict[str, Any] = {"domain_class": domain_class, "domain": domain[:200]}
    result = log.run("hallucination_budget", args | {"rate": rate.value}) if rate is not None else None
    stated = [
        {"value": r.value, "measured": r.measured, "baseline": r.baseline, "text": r.text, "source": r.source}
        for r in rates
    ]
    if result is not None and rate is not None:
        kind = tr("measured" if rate.measured else "target", lang)
        source = say("rate_source", lang, kind=kind, quote=rate.source)
    else:
        result = log.run("hallucination_budget", args)
        if result is None:
            raise RuntimeError("hallucination_budget rejected a domain class")  # the schema's literal rules it out
        source = say("no_rate_source", lang)
    return HallucinationBudget(
        threshold=result["threshold"],
        domain_class=result["domain_class"],
        rate=result["rate"],
        measured=rate.measured if rate is not None and result["rate"] is not None else None,
        within_budget=result["within_budget"],
        source=source,
        stated_rates=stated,
    )


def scoring(scores: ScoreJudgements, project: str, log: ToolLog, lang: str = "en") -> Scoring:
    """investment_score on the judged subscores: the tool, never the judge, adds them up and sets priority."""
    parts = {name: getattr(scores, name) for name in ("business_value", "technical_maturity", "resource_demand")}
    result = log.run("investment_score", {**{n: float(s.score) for n, s in parts.items()}, "project": project[:200]})
    if result is None:
        raise RuntimeError("investment_score rejected the judged subscores")  # schema ranges make this unreachable
    provisional = [tr(n.replace("_", " "), lang) for n, s in parts.items() if s.provisional]
    return Scoring(
        **{n: s.score for n, s in parts.items()},
        total=result["total"],
        priority=result["priority"],
        priority_label=result["priority_label"],
        rationale=" | ".join(f"{n.replace('_', ' ')}: {s.rationale}" for n, s in parts.items()),
        subscores={
            n: Subscore(
                score=s.score,
                max=result["breakdown"][n]["max"],
                rationale=s.rationale,
                judged=s.judged,
                provisional=s.provisional,
            )
            for n, s in parts.items()
        },
        provisional=bool(provisional),
        note=say("scoring_note", lang, parts=join(provisional, lang, "comma")) if provisional else "",
    )


def risks(judged: list[RiskJudgement], log: ToolLog) -> list[RiskItem]:
    """risk_cost_matrix on the judged risk and mitigation-cost levels (1-5, cost_scale "level"), in the order to
    act on them."""
    items = {r.risk[:200]: r for r in judged}
    if not items:
        return []
    args = {
        "items": [
            {
                "name": name,
                "risk": r.business_risk,
                "mitigation_cost": r.mitigation_cost,
                "mitigation": r.mitigation[:500],
            }
            for name, r in items.items()
        ],
        "cost_scale": "level",
        "cost_threshold": RISK_COST_THRESHOLD,
    }
    result = log.run("risk_cost_matrix", args)
    if result is None:
        return []
    return [
        RiskItem(
            risk=i["name"],
            quadrant=i["quadrant"],
            mitigation=i["mitigation"] or "",
            rank=i["rank"],
            business_risk=int(i["risk"]),
            mitigation_cost=int(i["mitigation_cost"]),
            action=i["action"],
            evidence=items[i["name"]].evidence,
            why=items[i["name"]].why,
            ask=items[i["name"]].ask,
            source=items[i["name"]].source,
            covered=items[i["name"]].covered,
        )
        for i in result["items"]
    ]


def poc_plan(ex: Extraction, goal: str | None, options: list[str], log: ToolLog) -> PocPlan:
    """The POC plan; poc_compare ranks the stated options when they carry accuracy figures."""
    stated = [o for o in ex.poc_options if o.accuracy is not None][:3]
    if len(ex.poc_options) > 3:
        log.notes.append(say("note_poc_options", ex.lang))
    limits = _stated_limits(ex) or {**POC_LIMITS, "source": say("poc_caps", ex.lang)}
    winner = None
    rows: list[dict[str, Any]] = [{"name": o, "description": None} for o in options]
    if stated:
        goal_text = ex.poc_goal.text if ex.poc_goal else goal
        target = next((q.value for q in read_quantities(goal_text or "") if q.kind == "percent"), None)
        args: dict[str, Any] = {
            "options": [
                {"name": o.name, "accuracy": o.accuracy}
                | ({"latency_s": o.latency_s} if o.latency_s is not None else {})
                for o in stated
            ]
        }
        if target is not None:
            args["constraints"] = {"min_accuracy": target}
        if goal_text:
            args["goal"] = goal_text[:500]
        result = log.run("poc_compare", args)
        winner = result["winner"] if result else None
        rows = [
            {"name": o.name, "description": o.text, "accuracy": o.accuracy, "latency_s": o.latency_s} for o in stated
        ]
    return PocPlan(goal=goal, options=rows, limits=limits, winner=winner, report=say("poc_report", ex.lang))


def _stated_limits(ex: Extraction) -> dict[str, Any] | None:
    """Resource caps the POC goal sentence states (data items, days, people)."""
    import re

    if ex.poc_goal is None:
        return None
    text = ex.poc_goal.text
    found: dict[str, Any] = {}
    for key, pattern in (
        ("data_items", r"([\d,]+)\s+(?:\w+\s){0,3}?(?:items|samples|tickets|records|examples|cases|dialogues)"),
        ("days", r"([\d,]+)\s+(?:working\s+)?days"),
        ("people", r"([\d,]+)\s+(?:people|engineers|persons)"),
    ):
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            found[key] = int(match.group(1).replace(",", ""))
    return found | {"source": f'stated: "{text}"'} if found else None
