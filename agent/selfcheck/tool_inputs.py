"""Are a calculator's inputs the user's, bound to the right fields? And did every figure the user gave get used?

A model that "computes" payback from inputs it made up passes a figures-only check, since the answer repeats the
tool's result. So every numeric argument must be a stated quantity of the kind its field takes: `rate` a
fraction the user wrote (3% or 0.03), `current_monthly_cost` an amount per month (or one per year converted
by the period), `gpu_hours` a duration (7 days = 168 hours). An argument equal to a stated figure of another
kind or period is misbound ("$24k a year" passed as a monthly cost, a yearly benefit passed as the one-off
investment); one equal to no stated figure is invented. An argument equal to the field's default is not an
input. The converse, a figure the user gave that no argument used and the answer does not mention, tells the
prompt layer an input was dropped or misread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, cast

from pm_assistant.agent.selfcheck.grounding import Figure, extract_figures, matches
from pm_assistant.agent.selfcheck.sources import Source, currency_code, field_type, field_words, numeric_leaves
from pm_assistant.core.text.quantities import Per, Period, Quantity, read_quantities
from pm_assistant.core.text.quantities.products import products
from pm_assistant.core.text.quantities.vocab import PER_PERIOD_FACTOR
from pm_assistant.core.text.tokens import tokenize

LEVEL_WORDS = {"severe": 5, "critical": 5, "very high": 5, "high": 4, "medium": 3, "moderate": 3, "low": 2,
               "very low": 1, "negligible": 1}
"""Words that stand for a level on a 1-5 scale ("risk high" is risk 4), shared with the offline planner."""
_LEVEL = re.compile(r"\b(" + "|".join(sorted(LEVEL_WORDS, key=len, reverse=True)) + r")\b")
SHARE_WORDS = {"half": 0.5, "a third": 1 / 3, "a quarter": 0.25, "一半": 0.5, "三分之一": 1 / 3, "四分之一": 0.25}
"""Shares written in words, which the quantity reader leaves as words."""
_SHARE = re.compile("|".join(sorted(SHARE_WORDS, key=len, reverse=True)))
ONE_OFF_WORDS = frozenset({"investment", "upfront", "capex", "setup", "build"})
"""Words of a field holding a one-off amount, which a figure stated per period cannot fill."""
_DECLARED_PERIOD = re.compile(r"\b(?:per|a|an)\s+(hour|day|week|month|year)\b", re.IGNORECASE)
_MONEY_ARGS = ("cost", "benefit", "investment", "price", "rate", "budget", "spend", "savings", "bill")
_EXACT = 1e-6  # relative tolerance for a number passed as an argument
_COUNTED = frozenset({"count", "number"})  # plain counts of things, whose shares are fractions
_ADDABLE = _COUNTED | {"money", "duration", "tokens"}  # kinds whose figures add up and subtract
_NUMERIC = re.compile(r"^(?!(?:typing\.)?(?:dict|list|Dict|List)\b).*\b(?:float|int)\b")  # one number, no mapping


def word_sources(texts: Iterable[str]) -> list[Source]:
    """Level words ("impact high") as the 1-5 scores they stand for, and shares in words ("half") as fractions."""
    sources = []
    for text in texts:
        lowered = text.lower()
        sources += [Source(float(LEVEL_WORDS[w]), "score", "user", "question") for w in _LEVEL.findall(lowered)]
        sources += [Source(SHARE_WORDS[w], "percent", "user", "question") for w in _SHARE.findall(lowered)]
    return sources


def derived(stated: list[Source]) -> list[Source]:
    """Inputs one step of arithmetic away from what the user stated: an amount times a stated factor ("the
    investment doubles": 800k x 2), the sum or difference of two figures of one kind, currency and period
    ("120 alerts, 30 of them false" → 90 true ones), and a count's share of a larger count ("2 out of every
    100" → 2%)."""
    factors = [s.value for s in stated if s.kind == "factor"]
    found = [replace(s, value=s.value * f) for s in stated if s.kind != "factor" for f in factors]
    amounts = [s for s in stated if s.origin == "user" and s.kind in _ADDABLE]
    for i, a in enumerate(amounts):
        for b in amounts[i + 1:]:
            if a.value == b.value:
                continue
            small, large = sorted((a, b), key=lambda s: s.value)
            if small.kind in _COUNTED and large.kind in _COUNTED and 0 < small.value:
                found.append(replace(small, value=small.value / large.value, kind="percent", unit=None))
            if (a.kind, a.currency, a.period, a.unit) == (b.kind, b.currency, b.period, b.unit) or (
                    {a.kind, b.kind} <= _COUNTED and None in (a.unit, b.unit)):
                found += [replace(large, value=a.value + b.value), replace(large, value=large.value - small.value)]
    return found


def _default_of(tool: str, field: str) -> Any:
    """The declared default of a calculator's top-level field (None when unknown or required)."""
    from pm_assistant.tools.registry import TOOLS

    spec = TOOLS.get(tool)
    info = spec.input_model.model_fields.get(field) if spec else None
    return None if info is None or info.is_required() else info.default


def declared_period(tool: str, path: str) -> Period | None:
    """The period a calculator's field is declared in by its description ("Hours each of `gpus` runs per month")."""
    from pm_assistant.tools.registry import TOOLS

    spec = TOOLS.get(tool)
    info = spec.input_model.model_fields.get(path) if spec else None
    found = _DECLARED_PERIOD.search(info.description or "") if info else None
    return cast(Period, found.group(1).lower()) if found else None


def _per_units(path: str) -> float | None:
    """The denominator a price field is quoted per ("price_per_1k_input" → 1000)."""
    words = field_words(path)
    for marker, value in (("1k", 1e3), ("1m", 1e6), ("million", 1e6), ("1000", 1e3)):
        if marker in words:
            return value
    return None


def arg_figure(call: Mapping[str, Any], path: str, value: float) -> Figure:
    """A calculator argument as a typed figure, so it can be traced like a figure in an answer (its currency is
    checked once, as the call's `currency` argument)."""
    args = call.get("args") or {}
    money = bool(args.get("currency")) or any(w in path for w in _MONEY_ARGS)
    kind, unit, period = field_type(path, value, money)
    period = period or (declared_period(str(call.get("name", "")), path) if "." not in path else None)
    per_units = _per_units(path)
    quantity = Quantity(value=value, kind=kind, span=(0, 0), text=f"{value:g}", period=period,
                        unit=unit, per=Per(per_units, "token") if per_units else None)
    return Figure(quantity, value, abs(value) * _EXACT + 1e-9)


def trace_input(call: Mapping[str, Any], path: str, value: float, stated: list[Source],
                context_currency: str | None) -> str | None:
    """None when the argument traces to a stated quantity of its kind; else why not ("invented", "misbound")."""
    figure = arg_figure(call, path, value)
    candidates = stated
    one_off = figure.quantity.kind == "money" and bool(set(field_words(path)) & ONE_OFF_WORDS)
    per_period = figure.quantity.period is not None
    if any(matches(figure, s, context_currency) and not (one_off and s.period)
           and not (per_period and s.kind == "duration" and s.period is None)  # a total time is no monthly rate
           for s in candidates):
        return None
    same_value = [s for s in candidates if abs(s.value - value) <= figure.tolerance]
    if same_value:
        what = f"{figure.quantity.kind}" + (f" per {figure.quantity.period}" if figure.quantity.period else "")
        stated_as = same_value[0]
        said = stated_as.kind + (f" per {stated_as.period}" if stated_as.period else "")
        return f"misbound ({said} used as {what})"
    return "invented"


def untraceable_inputs(calls: Iterable[Mapping[str, Any]], stated: list[Source], context_currency: str | None = None,
                       judged: Iterable[str] = ()) -> list[str]:
    """`tool.field=value (why)` for each calculator argument no stated quantity of its kind accounts for;
    arguments under a `judged` prefix (a review's scoring-card subscores, judgements by design) are exempt.
    Another call's result may feed a call (a running cost into a payback), never its own echo."""
    exempt = tuple(judged)
    calls = list(calls)
    loose = []
    for call in calls:
        chained = [s for other in calls if other is not call for s in other.get("sources", ())]
        args = call.get("args") or {}
        named = currency_code(str(args["currency"])) if args.get("currency") else None
        if named and context_currency and named != context_currency:
            loose.append(f"{call['name']}.currency={args['currency']} (the user's amounts are {context_currency})")
        for path, value in numeric_leaves(args, ""):
            if exempt and f"{call['name']}.{path}".startswith(exempt):
                continue
            default = _default_of(call["name"], path)
            if isinstance(default, (int, float)) and abs(float(default) - value) <= 1e-9:
                continue
            why = trace_input(call, path, value, [*stated, *chained], context_currency)
            if why:
                loose.append(f"{call['name']}.{path}={value:g} ({why})")
    return loose


def _arg_source(call: Mapping[str, Any], path: str, value: float, echo: bool = False) -> Source:
    """One argument (or default) of a call as a typed source."""
    q = arg_figure(call, path, value).quantity
    return Source(value, q.kind, "tool", f"{call['name']}.{path}", q.currency, q.period, q.unit,
                  q.per.value if q.per else None, echo=echo)


def _arg_sources(calls: Iterable[Mapping[str, Any]]) -> list[Source]:
    """Every argument of the calls as a typed source, plus the length of each list argument (3 options)."""
    sources = []
    for call in calls:
        args = call.get("args") or {}
        sources += [_arg_source(call, path, value) for path, value in numeric_leaves(args, "")]
        sources += [Source(float(len(v)), "count", "tool", f"{call['name']}.{k}") for k, v in args.items()
                    if isinstance(v, list)]
    return sources


def _unset_fields(call: Mapping[str, Any]) -> list[str]:
    """The numeric top-level fields of a call's calculator that the call left unset."""
    from pm_assistant.tools.registry import TOOLS

    spec = TOOLS.get(str(call.get("name", "")))
    args = call.get("args") or {}
    fields = spec.input_model.model_fields.items() if spec else ()
    return [name for name, info in fields if name not in args and _NUMERIC.search(str(info.annotation))]


def default_sources(call: Mapping[str, Any]) -> list[Source]:
    """The declared defaults a call ran with, as sources: an answer may state the assumption it rests on
    ("30 days a month", "over 12 months"). They echo inputs, so they never overrule anything."""
    found = []
    for name in _unset_fields(call):
        default = _default_of(str(call["name"]), name)
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            found.append(_arg_source(call, name, float(default), echo=True))
    return found


def fills(call: Mapping[str, Any], field: str, q: Quantity) -> bool:
    """True when a figure the user gave could be the value of a calculator field: of the field's kind (a bare
    number may be an amount or a count, a count of things any counted field), in the field's period when the
    field is money per period, and traceable to it as an input would be."""
    slot = arg_figure({"name": call.get("name"), "args": {}}, field, q.value).quantity
    kinds = {q.kind, slot.kind}
    if not (len(kinds) == 1 or kinds <= _COUNTED | {"tokens"}
            or (q.kind == "number" and slot.kind == "money")):
        return False
    if slot.kind == "money" and slot.period and q.period is None:
        return False
    source = Source(q.value, q.kind, "user", "question", q.currency, q.period, q.unit, q.per.value if q.per else None)
    return trace_input({"name": call.get("name"), "args": {}}, field, q.value, [source], None) is None


def fillable(question: str, calls: Iterable[Mapping[str, Any]], asked: Iterable[tuple[str, str]] = ()
             ) -> list[tuple[Quantity, str]]:
    """Figures of the question no argument used that could fill a field a call left unset (only the fields
    `asked` for, (calculator, field), when given): the user gave the input, and it was dropped."""
    calls, wanted = list(calls), set(asked)
    slots = [(call, name) for call in calls for name in _unset_fields(call)
             if not wanted or (call["name"], name) in wanted]
    found = []
    for q in unused_figures(question, calls):
        fitting = [f"{call['name']}.{name}" for call, name in slots if fills(call, name, q)]
        if fitting:  # the field that names what the figure counts, if one does
            found.append((q, max(fitting, key=lambda slot: counts_what(q, slot))))
    return found


def counts_what(q: Quantity, slot: str) -> bool:
    """True when a figure's unit names what a calculator field counts ("100万 output" → `daily_output_tokens`)."""
    terms = {t.rstrip("s") for t in tokenize(" ".join(field_words(slot)))}
    return bool(q.unit) and bool({t.rstrip("s") for t in tokenize(str(q.unit))} & terms)


def _factors_used(question: str, used: list[Source]) -> list[Quantity]:
    """The figures multiplied into a product of the question (`products`) that some calculator input took."""
    found: list[Quantity] = []
    for product in products(question, read_quantities(question)):
        q = product.quantity
        figure = Figure(q, q.value, abs(q.value) * 0.005 + 1e-9)
        if any(matches(figure, s) for s in used):
            found += product.parts
    return found


def unused_figures(question: str, calls: Iterable[Mapping[str, Any]], answer: str = "",
                   strict: bool = False) -> list[Quantity]:
    """Quantities of the question that no calculator argument used (in its own unit or one the units convert
    to) and the answer does not mention either (a figure set aside is named, not dropped); `strict` counts a
    mention only as the same quantity (kind and value), not merely the same number."""
    used = _arg_sources(calls)
    mentioned = [Source(q.value, q.kind, "tool", "answer", q.currency, q.period, q.unit)
                 for q in extract_figures(answer)]
    factors = _factors_used(question, used)
    unused = []
    for q in extract_figures(question):
        if any(q.span == part.span for part in factors):
            continue  # a factor of a product an input took ("$90k/yr each" of 6 FTEs' $540k a year)
        if q.kind == "duration" and q.value == 1 and q.high is None and q.unit in PER_PERIOD_FACTOR:
            continue  # "a month", "一个月": the period asked about, not an input
        figure = Figure(q, q.value, abs(q.value) * 0.005 + 1e-9)
        loose = Figure(Quantity(q.value, "number", q.span, q.text), q.value, figure.tolerance)
        if any(matches(figure, s) or matches(loose, s) for s in used):
            continue
        if any(matches(figure if strict else loose, s) for s in mentioned):
            continue
        unused.append(q)
    return unused
