"""Typed evidence for the self-check: every quantity an answer may rest on, with what it measures and where from.

Figures come from the user's messages and retrieved passages through the shared quantity reader, and from
calculator results, where a field's name says what its number measures (`payback_months` is a duration in
months, `monthly_cost` money per month, `roi_ratio` a fraction) and the result's `currency` names the money.
Search scores, similarities and other metadata are never read: only a passage's text is evidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from pm_assistant.core.text.quantities import Kind, Period, Quantity, parse_number, read_quantities
from pm_assistant.core.text.quantities.products import products

Origin = Literal["user", "tool", "passage", "document"]
UNCHECKED_KINDS = frozenset({"year", "ordinal"})  # calendar years and ranks are not amounts to trace

_FIELD_WORD = re.compile(r"[a-z0-9]+")
_PART = re.compile(r"\d[\d,]*(?:\.\d+)?")
_DURATION_SUFFIX = {"months": "month", "month": "month", "days": "day", "day": "day", "hours": "hour",
                    "hour": "hour", "years": "year", "weeks": "week", "s": "s", "seconds": "s", "ms": "ms",
                    "minutes": "min"}
_PERIOD_WORDS: dict[str, Period] = {"monthly": "month", "annual": "year", "yearly": "year", "annually": "year",
                                    "daily": "day", "hourly": "hour", "weekly": "week"}
_UNIT_PERIODS: dict[str, Period] = {"hour": "hour", "day": "day", "week": "week", "month": "month", "year": "year"}
_MONEY_WORDS = frozenset({"cost", "costs", "benefit", "investment", "savings", "saving", "price", "spend",
                          "budget", "revenue", "bill", "rate", "value", "amount", "fee", "net"})
_FRACTION_WORDS = frozenset({"ratio", "rate", "share", "precision", "recall", "f1", "accuracy", "threshold",
                             "headroom", "reduction", "needed", "roi", "margin", "hit", "coverage", "fraction",
                             "relative", "percent", "pct", "cacheable"})
_TOKEN_WORDS = frozenset({"tokens", "token"})
_EFFORT_WORDS = frozenset({"person", "people", "man"})
TEXT_FIELDS = frozenset({"formula", "rationale", "reasons", "why_not", "warnings", "priority_label", "note"})
"""Result fields that explain in words; their figures are evidence but name no single quantity."""
_SKIPPED_FIELDS = frozenset({"id", "index", "rank", "position", "encoding"})


@dataclass(frozen=True)
class Source:
    """One number some evidence states: its value, kind, currency, period and unit, and where it came from
    (`label`: "question", "roi_payback.payback_months", a passage id)."""

    value: float
    kind: Kind
    origin: Origin
    label: str
    currency: str | None = None
    period: Period | None = None
    unit: str | None = None
    per: float | None = None  # a price's denominator ("per million tokens" → 1e6)
    echo: bool = False  # a result field that repeats one of the call's own arguments (an input, not an output)

    @property
    def field(self) -> str:
        """The result field name for a tool source (`payback_months`), else ""."""
        return self.label.rpartition(".")[2] if self.origin == "tool" else ""


@cache
def currency_code(symbol: str | None) -> str | None:
    """The ISO code of a currency as a tool result echoes it ('$', '¥', 'EUR'), via the quantity reader."""
    if not symbol:
        return None
    for text in (f"{symbol}1", f"1 {symbol}"):
        found = read_quantities(text)
        if found and found[0].currency:
            return found[0].currency
    return symbol.upper()


def quantity_sources(text: str, origin: Origin, label: str) -> list[Source]:
    """Sources for the figures written in a text (both ends of a range, and the parts of a ratio: "30/40" and
    "10 of 400 outputs" state 30, 40, 10 and 400 as well as the share)."""
    sources = []
    for q in read_quantities(text):
        if q.kind == "ordinal" and origin == "user":
            q = replace(q, kind="number")  # a rank the user states ("ranks 6th") grounds the 6 an answer repeats
        elif q.kind in UNCHECKED_KINDS:
            continue
        sources.append(_from_quantity(q, q.value, origin, label))
        if q.high is not None:
            sources.append(_from_quantity(q, q.high, origin, label))
        parts = ratio_parts(q)
        if is_split(parts):  # "a 70/30 mix": 70% and 30%
            sources += [Source(part / 100, "percent", origin, label) for part in parts]
        else:
            sources += [Source(part, "count", origin, label, unit=q.unit) for part in parts]
    return sources


def is_split(parts: list[float]) -> bool:
    """True when a ratio's parts add up to 100: a split written in percentages ("70/30", "60/40"), not counts."""
    return len(parts) >= 2 and abs(sum(parts) - 100) < 1e-9


def product_sources(text: str, origin: Origin, label: str) -> list[Source]:
    """Sources for the flows a text states as products ("6 FTEs at $90k/yr each" states $540k a year)."""
    return [_from_quantity(p.quantity, p.quantity.value, origin, label)
            for p in products(text, read_quantities(text))]


def ratio_parts(q: Quantity) -> list[float]:
    """The counts a ratio is written with ("30/40", "10 of 400 outputs" → 30, 40); none for other kinds."""
    if q.kind != "ratio":
        return []
    return [part for n in _PART.findall(q.text) if (part := parse_number(n)) is not None]


def _from_quantity(q: Quantity, value: float, origin: Origin, label: str) -> Source:
    return Source(value, q.kind, origin, label, q.currency, q.period, q.unit, q.per.value if q.per else None)


def scalar_leaves(obj: object, path: str = "") -> Iterator[tuple[str, int | float | str]]:
    """Every number and string in a JSON-like object with its path (`items[0].risk`); booleans and nulls skipped."""
    if isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from scalar_leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from scalar_leaves(value, f"{path}[{i}]")
    elif isinstance(obj, (int, float, str)) and not isinstance(obj, bool):
        yield path, obj


def numeric_leaves(obj: object, path: str = "") -> Iterator[tuple[str, float]]:
    """The finite numbers of a JSON-like object (tool arguments or results), with their paths."""
    for where, value in scalar_leaves(obj, path):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            yield where, float(value)


def field_words(path: str) -> list[str]:
    """The words of a field's name, last path step only (`ranking[0].latency_s` → ["latency", "s"])."""
    last = re.sub(r"\[\d+\]", "", path).rpartition(".")[2]
    return _FIELD_WORD.findall(last.lower())


def field_type(path: str, value: float, money_context: bool) -> tuple[Kind, str | None, Period | None]:
    """What a numeric field measures, from its name: (kind, duration unit, period). `money_context` says the
    tool deals in money (it takes or echoes a currency, or its fields name costs)."""
    words = field_words(path)
    period = next((_PERIOD_WORDS[w] for w in words if w in _PERIOD_WORDS), None)
    if period is None and ("rate" in words or "per" in words):  # "day_rate", "requests_per_day"
        period = next((_UNIT_PERIODS[w] for w in words if w in _UNIT_PERIODS), None)
    if "per" in words:  # a duration per something: gpu_hours_per_day (hours a day), days_per_month
        before, after = words[:words.index("per")], words[words.index("per") + 1:]
        timed = [w for w in before if w in _DURATION_SUFFIX and w != "s"]
        if timed and not set(before) & _MONEY_WORDS:
            rate = next((_UNIT_PERIODS[w] for w in after if w in _UNIT_PERIODS), None)
            return "duration", _DURATION_SUFFIX[timed[-1]], rate
    if set(words) & _EFFORT_WORDS:  # person_days is effort, written "60 person-days" or 60人天: a count, not a span
        return "number", None, period
    durations = [w for w in words if w in _DURATION_SUFFIX]  # a duration named last, or before "total"
    if durations and "per" not in words and not (set(words) & _MONEY_WORDS - {"rate"}) and (
            words[-1] in _DURATION_SUFFIX or "rate" not in words):  # gpu_hours_total, but day_rate is money
        return "duration", _DURATION_SUFFIX[durations[-1]], None
    if set(words) & _FRACTION_WORDS and abs(value) <= 1 and not (set(words) & {"cost", "price"}) and not (
            period and "rate" in words):  # gpu_hourly_rate and day_rate are prices per period, not fractions
        return "percent", None, None
    money = money_context and bool(set(words) & _MONEY_WORDS or words in (["total"], ["cost"]))
    if set(words) & _TOKEN_WORDS and not money:  # input_token_cost is money, monthly_input_tokens tokens
        return "tokens", "token", period
    if money:
        return "money", None, period
    return "number", None, period


def tool_sources(name: str, args: Mapping[str, Any], result: object, currency: str | None) -> list[Source]:
    """Typed sources for one calculator call: each numeric result field typed by its name, and the figures
    written in its strings (its formula). `currency` is the user's when the call named none."""
    echoed = result.get("currency") if isinstance(result, Mapping) else None
    code = currency_code(str(echoed)) if echoed else currency_code(str(args.get("currency") or "")) or currency
    money_context = any("cost" in p or "benefit" in p or "investment" in p or "price" in p or "savings" in p
                        for p, _ in numeric_leaves(result))
    inputs = {v for _, v in numeric_leaves(args)}
    sources: list[Source] = []
    for path, value in scalar_leaves(result):
        if set(field_words(path)) & _SKIPPED_FIELDS:
            continue
        label = f"{name}.{path}"
        if isinstance(value, str):
            sources.extend(replace(s, currency=s.currency or (code if s.kind == "money" else None))
                           for s in quantity_sources(value, "tool", label))
            continue
        number = float(value)
        if not math.isfinite(number):
            continue
        kind, unit, period = field_type(path, number, money_context)
        sources.append(Source(number, kind, "tool", label, code if kind == "money" else None, period, unit,
                              echo=number in inputs))
    return sources


def passage_sources(passages: Iterable[Mapping[str, Any]]) -> list[Source]:
    """Sources for the text of retrieved passages (never their scores); a user's document is a `document`."""
    sources: list[Source] = []
    for passage in passages:
        pid = str(passage.get("id", ""))
        origin: Origin = "document" if pid.startswith("user:") else "passage"
        sources.extend(quantity_sources(str(passage.get("text", "")), origin, pid))
    return sources


def user_currency(texts: Iterable[str]) -> str | None:
    """The one currency the user's money figures are in, if they name exactly one."""
    found = {q.currency for text in texts for q in read_quantities(text) if q.kind == "money" and q.currency}
    return found.pop() if len(found) == 1 else None
