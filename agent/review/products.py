"""Amounts a proposal states as a product of its own figures, worked out the way a reviewer does it:

- a cost per head times the heads: "4 fewer clerks at $75k/yr each", "8 名客服，人均年成本 12 万", "从 30 人减至
  18 人" (the heads are the difference), "2 engineers for 3 months at $15k per engineer-month" (a one-off);
- an hourly rate times the hours: hours per period ("each developer saves 2 hours a week", times the
  developers the proposal counts), or time per item times the items per period ("25 minutes per discharge",
  "3,000 discharges a month"), times the share of items handled ("deflect 60% of those questions");
- a cost per item times the items per period, times the share handled ("each ticket costs us $4 to handle",
  "automates 30% of 20,000 monthly tickets");
- a share of an amount per period: "0.4% of the $600M in claims we pay each year".

Every factor is a figure the text states (read with the shared quantity reader); nothing is assumed. A factor
is looked for in the amount's own sentence first, then its section, then (for the items or heads a unit
names) the whole proposal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pm_assistant.agent.review.vocab import figure_cues
from pm_assistant.core.text.quantities import Quantity
from pm_assistant.core.text.quantities.vocab import PER_PERIOD_FACTOR
from pm_assistant.tools.fmt import num

HEADS = frozenset({"person", "engineer", "user", "customer", "seat", "team"})  # what a cost per head is paid for
_HOURS = {"min": 1 / 60, "hour": 1.0}
_FROM_TO = re.compile(r"减至|降至|减少到|降到|缩减到|减到|\bto\b", re.IGNORECASE)
_SHARE_OF = re.compile(r"^\s*(?:of|of the|of our|的)\s*$", re.IGNORECASE)
_SMALL_HEADCOUNT = 10_000
_FTE = re.compile(r"\bFTEs?\b", re.IGNORECASE)


@dataclass(frozen=True)
class Located:
    """A quantity with where it stands: the text it was read from and its sentence and section."""

    q: Quantity
    text: str
    sentence: int
    section: str | None


@dataclass(frozen=True)
class Product:
    """An amount worked out from stated figures: its value, period (None for a one-off) and factors."""

    value: float
    period: str | None
    factors: tuple[str, ...]

    def formula(self) -> str:
        """The multiplication as written figures ("4 × $75k/yr = 300,000")."""
        return f"{' × '.join(self.factors)} = {num(self.value)}"


def _per_head(q: Quantity, text: str) -> bool:
    """True when an amount is paid per head: its denominator is a person, or a per-head word stands next to it."""
    if q.per is not None:
        return q.per.unit in HEADS
    before, after = text[max(0, q.span[0] - 10) : q.span[0]], text[q.span[1] : q.span[1] + 8]
    return figure_cues().has("per_head", before) or figure_cues().has("per_head_after", after)


def _is_headcount(item: Located) -> bool:
    q = item.q
    if q.kind == "count":
        return q.unit in HEADS or q.unit is None
    follows = item.text[q.span[1] : q.span[1] + 2].strip()[:1]
    return q.kind == "number" and q.value < _SMALL_HEADCOUNT and q.value == int(q.value) and follows.isalpha()


def _heads(q: Quantity, text: str, same: list[Located]) -> tuple[float, str] | None:
    """The heads a per-head amount is multiplied by: the headcount nearest before it in its sentence, or the
    difference when the sentence goes from one headcount to another ("从 30 人减至 18 人")."""
    before = [i for i in same if i.q.span[1] <= q.span[0] and _is_headcount(i)]
    if not before:  # "$30 per user per month for 200 users": the heads after the price
        after = [i for i in same if i.q.span[0] >= q.span[1] and _is_headcount(i) and i.q.kind == "count"]
        return (after[0].q.value, after[0].q.text) if after else None
    last = before[-1]
    if len(before) > 1:
        first = before[-2]
        if _FROM_TO.search(text[first.q.span[1] : last.q.span[0]]) and first.q.value > last.q.value:
            return first.q.value - last.q.value, f"({first.q.text} − {last.q.text})"
    return last.q.value, last.q.text


def per_head(q: Quantity, text: str, same: list[Located]) -> Product | None:
    """A cost per head times the heads; with a stated duration in months, a one-off (people × months × rate)."""
    if not _per_head(q, text):
        return None
    heads = _heads(q, text, same)
    if heads is None:
        return None
    count, written = heads
    months = [i.q for i in same if i.q.kind == "duration" and i.q.unit == "month" and i.q.period is None]
    if q.period == "month" and months:
        return Product(count * months[0].value * q.value, None, (written, months[0].text, q.text))
    period = q.period or ("year" if _FTE.search(written) else None)  # an FTE's cost is a year's cost
    if period not in ("month", "year", "quarter", "week", "day"):
        return None
    return Product(count * q.value, period, (written, q.text))


def share_of(q: Quantity, text: str, same: list[Located]) -> Product | None:
    """A share of an amount per period ("0.4% of the $600M we pay each year")."""
    if q.period is None:
        return None
    for item in same:
        p = item.q
        if p.kind == "percent" and p.span[1] <= q.span[0] and _SHARE_OF.match(text[p.span[1] : q.span[0]]):
            return Product(p.value * q.value, q.period, (p.text, q.text))
    return None


def _stem(word: str) -> str:
    return word.lower().rstrip("s")[:6]


_PERIOD_AFTER = re.compile(
    r"\s*(?:[A-Za-z-]+\s+){1,3}?(?:a|per|each|every)\s+(day|week|month|quarter|year)\b", re.IGNORECASE
)


def _period(item: Located) -> str | None:
    """The period of a count, or of a number whose noun is followed by one ("3,000 discharges a month")."""
    if item.q.period is not None or item.q.kind != "number":
        return item.q.period
    match = _PERIOD_AFTER.match(item.text, item.q.span[1])
    return match.group(1).lower() if match else None


def _volume(unit: str | None, scopes: list[list[Located]]) -> Located | None:
    """How many items a period brings: a count of the unit per period (or a number per period followed by the
    unit's word), nearest scope first; with no unit, a count or number per period in the first scope."""
    for scope in scopes:
        for item in scope:
            q, period = item.q, _period(item)
            if q.kind not in ("count", "number") or period not in PER_PERIOD_FACTOR or period == "hour":
                continue
            if unit is None:
                return item
            words = re.findall(r"[A-Za-z]+", item.text[q.span[1] : q.span[1] + 30])[:2]  # "3,000 discharges", "loan files"
            if q.unit == unit or (q.kind == "number" and _stem(unit) in {_stem(w) for w in words}):
                return item
        if unit is None:
            return None
    return None


def _headcount_of(unit: str, scopes: list[list[Located]]) -> Located | None:
    return next((i for scope in scopes for i in scope if i.q.kind == "count" and i.q.unit == unit), None)


def hourly(rate: Quantity, scopes: list[list[Located]]) -> Product | None:
    """An hourly rate times the hours per period: hours saved per period (per head, times the heads) or time
    per item times the items per period, times a share stated beside the rate or the time."""
    if rate.kind != "money" or rate.period != "hour" or (rate.per is not None and rate.per.unit == "gpu"):
        return None
    own = scopes[0]
    for scope_no, scope in enumerate(scopes):
        times = [i for i in scope if i.q.kind == "duration" and i.q.unit in _HOURS]
        if scope_no == len(scopes) - 1:  # across the whole proposal only a time per item or per head
            times = [i for i in times if i.q.per is not None]
        for time in times:
            product = _hours_product(rate, time, scopes)
            if product is not None:
                shares = [i.q for i in own + [i for i in scope if i.sentence == time.sentence]
                          if i.q.kind == "percent" and 0 < i.q.value < 1]
                if shares:
                    share = shares[0]
                    return Product(product.value * share.value, product.period, (*product.factors, share.text))
                return product
    return None


def per_item(price: Quantity, scopes: list[list[Located]]) -> Product | None:
    """A cost per item times the items per period, times a share stated beside them ("each ticket costs us $4
    to handle", "automates 30% of 20,000 monthly tickets")."""
    unit = price.per.unit if price.per is not None else None
    if price.kind != "money" or price.period is not None or unit is None or unit in HEADS | {"token", "gpu"}:
        return None
    volume = _volume(unit, scopes)
    period = _period(volume) if volume is not None else None
    if volume is None or period is None:
        return None
    shares = [i.q for i in scopes[-1] if i.sentence in (volume.sentence,) and i.q.kind == "percent" and 0 < i.q.value < 1]
    shares += [i.q for i in scopes[0] if i.q.kind == "percent" and 0 < i.q.value < 1]
    value = volume.q.value * price.value * (shares[0].value if shares else 1.0)
    return Product(value, period, (volume.q.text, price.text, *(s.text for s in shares[:1])))


def _hours_product(rate: Quantity, time: Located, scopes: list[list[Located]]) -> Product | None:
    d = time.q
    hours = d.value * _HOURS[str(d.unit)]
    unit = d.per.unit if d.per is not None else None
    if d.period is not None:
        if unit is None:
            return Product(hours * rate.value, d.period, (d.text, rate.text))
        heads = _headcount_of(unit, scopes)
        if heads is None:
            return None
        return Product(heads.q.value * hours * rate.value, d.period, (heads.q.text, d.text, rate.text))
    in_sentence = [i for i in scopes[-1] if i.sentence == time.sentence]
    volume = _volume(unit, [in_sentence, *scopes] if unit else [in_sentence])
    period = _period(volume) if volume is not None else None
    if volume is None or period is None:
        return None
    return Product(volume.q.value * hours * rate.value, period, (volume.q.text, d.text, rate.text))
