"""Products of quantities: an amount per head or per hour multiplied out into the flow it stands for.

"6 FTEs at $90k/yr each" is $540k a year; "3 contractors at $40/hour, 160 hours a month each" is $19,200 a month;
"5个岗位每人年薪12万" is ¥600k a year. A rate (an amount per counted thing, or per hour/day of work) times the count
of those things written just before it, times the hours or days a period written just after it, in one sentence,
makes one derived quantity with the period of the flow. Binding offers it to flow inputs (a benefit, a running
cost) only where the rate fits no input by itself, so a calculator that takes the parts (people, a day rate, days)
still gets them one by one.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pm_assistant.core.text.quantities import Quantity

_SENTENCE_END = re.compile(r"[.;；。!?！？\n]\s")
_PEOPLE = frozenset({"person", "engineer"})
_TIME_RATES = frozenset({"hour", "day"})


@dataclass(frozen=True)
class Product:
    """A derived quantity and the figures it multiplies (in the order written)."""

    quantity: Quantity
    parts: tuple[Quantity, ...]
    rate: Quantity


def _same_sentence(text: str, a: Quantity, b: Quantity) -> bool:
    return not _SENTENCE_END.search(text[a.span[1]:b.span[0]] + " ")


def _counts(count: Quantity, each: Quantity) -> bool:
    """Whether `count` counts what `each` is said per ("6 FTEs" for "$90k/yr each" per person, "3 contractors" for
    "160 hours a month each")."""
    if each.per is None or each.per.unit is None:
        return False
    rate = each
    if count.kind == "count":
        return count.unit == rate.per.unit or {count.unit, rate.per.unit} <= _PEOPLE
    return count.kind == "number" and count.value.is_integer() and count.period is None and count.per is None


def _works(time: Quantity, rate: Quantity) -> bool:
    """Whether `time` is the hours or days a period that a rate by the hour or day is paid for."""
    return (rate.period in _TIME_RATES and time.kind == "duration" and time.unit == rate.period
            and time.period is not None and time.period != rate.period)


def products(text: str, qs: Sequence[Quantity]) -> list[Product]:
    """Every rate in the text multiplied by the count before it and the working time after it, when at least one
    of them is written and the result is a flow over a period."""
    found = []
    for i, rate in enumerate(qs):
        if rate.kind not in ("money", "number") or not (rate.per is not None or rate.period in _TIME_RATES):
            continue
        before = qs[i - 1] if i > 0 and _same_sentence(text, qs[i - 1], rate) else None
        after = qs[i + 1] if i + 1 < len(qs) and _same_sentence(text, rate, qs[i + 1]) else None
        time = after if after is not None and _works(after, rate) else None
        each = [q for q in (rate, time) if q is not None]
        count = before if before is not None and any(_counts(before, q) for q in each) else None
        if time is None and count is None:
            continue
        if count is None and rate.per is not None and rate.per.unit in _PEOPLE:
            continue  # a rate per head with no head count
        period = time.period if time is not None else rate.period
        if period is None or period in _TIME_RATES and time is None:
            continue  # a day rate times heads is no flow until the days are known
        parts = tuple(q for q in (count, rate, time) if q is not None)
        value = rate.value * (count.value if count else 1.0) * (time.value if time else 1.0)
        span = (parts[0].span[0], parts[-1].span[1])
        derived = dataclasses.replace(rate, value=value, span=span, text=text[span[0]:span[1]], period=period,
                                      per=None, high=None)
        found.append(Product(derived, parts, rate))
    return found


def product_note(product: Product, lang: str) -> str:
    """The multiplication behind a derived amount, in words."""
    factors = " × ".join(q.text for q in product.parts)
    value = product.quantity.value
    shown = f"{value:,.0f}" if value == int(value) else f"{value:,.4g}"
    return f"{factors} = {shown}" if lang != "zh" else f"{factors} = {shown}（相乘得出）"
