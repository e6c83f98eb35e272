"""Products of quantities: an amount per head or per hour multiplied out into the flow it stands for.

"6 FTEs at $90k/yr each" is $540k a year; "3 contractors at $40/hour, 160 hours a month each" is $19,200 a month;
"5个岗位每人年薪12万" is ¥600k a year. A rate (an amount per counted thing, or per hour/day of work) times the count
of those things written just before it, times the hours or days a period written just after it, in one sentence,
makes one derived quantity with the period of the flow; so does a share of a volume times the cost of each
("30% of our 20,000 monthly tickets … each ticket costs $6"). The planner offers it to flow inputs (a benefit, a
running cost) only where the rate fits no input by itself, so a calculator that takes the parts (people, a day
rate, days) still gets them one by one; the self-check counts it as stated, and its factors as used.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pm_assistant.core.text.quantities.model import Quantity

_SENTENCE_END = re.compile(r"[.;；。!?！？\n]\s")
_CJK_SCALED = re.compile(r"[万亿千]")
_PEOPLE = frozenset({"person", "engineer"})
_TIME_RATES = frozenset({"hour", "day"})


@dataclass(frozen=True)
class Product:
    """A derived quantity and the figures it multiplies (in the order written)."""

    quantity: Quantity
    parts: tuple[Quantity, ...]
    rate: Quantity


def _same_sentence(text: str, a: Quantity, b: Quantity) -> bool:
    first, second = sorted((a, b), key=lambda q: q.span)
    return not _SENTENCE_END.search(text[first.span[1]:second.span[0]] + " ")


def _counts(count: Quantity, each: Quantity) -> bool:
    """Whether `count` counts what `each` is said per ("6 FTEs" for "$90k/yr each" per person, "3 contractors" for
    "160 hours a month each"), or the people a wage by the hour or day pays ("15 analysts who cost $60/hour")."""
    if each.per is None or each.per.unit is None:
        wage = each.kind in ("money", "number") and each.period in _TIME_RATES and each.per is None
        return wage and count.kind == "count" and count.unit in _PEOPLE
    if count.kind == "count":
        return count.unit == each.per.unit or {count.unit, each.per.unit} <= _PEOPLE
    return (count.kind == "number" and count.value.is_integer() and count.period is None and count.per is None
            and count.span[1] <= each.span[0] and not _CJK_SCALED.search(count.text))  # "5个岗位每人…", not "24万"


def _works(time: Quantity, rate: Quantity) -> bool:
    """Whether `time` is the hours or days a period that a rate by the hour or day is paid for."""
    return (rate.period in _TIME_RATES and time.kind == "duration" and time.unit == rate.period
            and time.period is not None and time.period != rate.period)


def _nearest(rate: Quantity, near: Sequence[Quantity], test: Callable[[Quantity], bool]) -> Quantity | None:
    """The last figure before the rate that passes `test`, else the first one after it."""
    passing = [q for q in near if test(q)]
    earlier = [q for q in passing if q.span[0] < rate.span[0]]
    return earlier[-1] if earlier else next(iter(passing), None)


def _volume(rate: Quantity, qs: Sequence[Quantity]) -> Quantity | None:
    """The one volume a period of what a rate is paid per, anywhere in the text ("20,000 tickets a month … each
    ticket costs $6")."""
    if rate.per is None or rate.per.unit is None or rate.per.unit in _PEOPLE:
        return None
    volumes = [q for q in qs if q.kind == "count" and q.unit == rate.per.unit and q.period is not None]
    return volumes[0] if len(volumes) == 1 else None


_SHARE_BEFORE = re.compile(r"\s*of\s+(?:(?:our|the|all|those|these|its|their|them)\s+)?$", re.I)
_SHARE_AFTER = re.compile(r"其中|of (?:them|those|these)|当中", re.I)


def _share(count: Quantity, qs: Sequence[Quantity], text: str) -> Quantity | None:
    """A share of a volume: "30% of our 20,000 tickets", "4万张工单…其中三成"."""
    for q in qs:
        if q.kind != "percent" or not 0 < q.value < 1:
            continue
        if q.span[1] <= count.span[0] and _SHARE_BEFORE.fullmatch(text[q.span[1]:count.span[0]]):
            return q
        between = text[count.span[1]:q.span[0]]
        if count.span[1] <= q.span[0] and len(between) <= 20 and _SHARE_AFTER.search(between) \
                and not _SENTENCE_END.search(between + " "):
            return q
    return None


def products(text: str, qs: Sequence[Quantity]) -> list[Product]:
    """Every rate in the text multiplied by the count of what it is paid per and by the working time a period, both
    the nearest such figures in its sentence, when at least one is written and the result is a flow over a period."""
    found = []
    for rate in qs:
        if rate.kind not in ("money", "number") or not (rate.per is not None or rate.period in _TIME_RATES):
            continue
        near = [q for q in qs if q is not rate and _same_sentence(text, q, rate)]
        time = _nearest(rate, near, lambda q, r=rate: _works(q, r))  # type: ignore[misc]
        each = [q for q in (rate, time) if q is not None]
        count = _nearest(rate, [q for q in near if q is not time], lambda q, e=each: any(_counts(q, x) for x in e))  # type: ignore[misc]
        if count is None:
            count = _volume(rate, qs)
        share = _share(count, qs, text) if count is not None else None
        if time is None and count is None:
            continue
        if count is None and rate.per is not None and rate.per.unit in _PEOPLE:
            continue  # a rate per head with no head count
        volume = count.period if count is not None and count.kind == "count" else None  # "12,000 tickets a month"
        period = time.period if time is not None else volume or rate.period
        if period is None or period in _TIME_RATES and time is None and volume is None:
            continue  # a day rate times heads is no flow until the days are known
        parts = tuple(sorted((q for q in (share, count, rate, time) if q is not None), key=lambda q: q.span))
        value = rate.value * (count.value if count else 1.0) * (time.value if time else 1.0) * (
            share.value if share else 1.0)
        span = (parts[0].span[0], parts[-1].span[1])
        # its text is its factors: words written between them ("; each ticket costs") label the parts, not the flow
        derived = dataclasses.replace(rate, value=value, span=span, text=" × ".join(q.text for q in parts),
                                      period=period, per=None, high=None)
        found.append(Product(derived, parts, rate))
    return found
