"""Typed grounding: is every figure of an answer a source quantity of the same kind, as the answer writes it?

A figure matches a source when their kinds agree, their currencies and periods do not differ, and the values
agree at the precision the figure shows. The only conversions are those the units state: a duration between
its units (48 months = 4 years), a rate between its periods ($5k a month = $60k a year) and a fraction
written as a percentage (0.95 = 95%). No ×100, ×12 or sign flip by coincidence: "6.4 years" is not the
6.4 months a calculator returned, and ¥800,000 is not the user's $800k.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, cast

from pm_assistant.agent.selfcheck.sources import (
    UNCHECKED_KINDS,
    Origin,
    Source,
    field_words,
    is_split,
    quantity_sources,
)
from pm_assistant.core.text.quantities import Period, Quantity, read_quantities
from pm_assistant.core.text.quantities.vocab import PER_PERIOD_FACTOR, SECONDS
from pm_assistant.core.text.sentences import split_sentences

_DIGIT = re.compile(r"\d")
_WRITTEN = re.compile(r"[0-9０-９零〇一二两三四五六七八九十百千万亿]")
_SPELLED_SMALL = 12
_NUMERAL = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_CITATION = re.compile(r"\[[^\]]*\]")
_LOOSE_KINDS = frozenset({"number", "count", "factor", "score", "tokens", "ratio"})  # plain amounts of things
_RELATIVE = 0.005  # a figure written with a multiplier or in words is read at half a percent
RANGE_SPAN = 0.5  # the widest range, relative to its upper end, that still states a value
_COMPARED = frozenset({"money", "duration", "percent", "number", "count", "score", "tokens"})  # kinds compared by difference
_COUNTED = frozenset({"count", "number"})  # plain numbers of things, which may multiply an amount
_ADDED = frozenset({"money", "duration", "count", "number", "tokens"})  # kinds whose parts add up to a total


@dataclass(frozen=True)
class Figure:
    """One quantity of an answer to be traced, with the tolerance its written precision allows. A ratio is
    grounded by its share (3 in 10 = a 0.3 miss rate) or by each of its counts."""

    quantity: Quantity
    value: float
    tolerance: float
    parts: tuple[Figure, ...] = ()  # the counts of a ratio ("890 of 1,000"), which may ground it instead
    bracket: Figure | None = None  # a tight range as one figure ("8–9 months" states 8.76 at its precision)

    @property
    def text(self) -> str:
        return self.quantity.text


def extract_figures(text: str) -> list[Quantity]:
    """The figures of a text that a self-check traces: quantities written in digits or Chinese numerals (not
    English number words, which are prose: "two inputs", "forty points"), and not calendar years, ranks or
    citation labels."""
    text = _CITATION.sub(lambda m: " " * len(m.group()), text)
    found = []
    offset = 0
    for line in text.split("\n"):  # a figure never spans lines ("$24,000\n- $144k" is no range)
        found += [replace(q, span=(q.span[0] + offset, q.span[1] + offset)) for q in read_quantities(line)
                  if q.kind not in UNCHECKED_KINDS and _WRITTEN.search(q.text)]
        offset += len(line) + 1
    return found


def answer_figures(answer: str) -> list[Figure]:
    """Every value written in the answer (both ends of a range), with its tolerance; small numbers written in
    Chinese numerals ("三个方案") are counts of things in the prose, not results to trace."""
    figures = []
    for q in extract_figures(answer):
        if not _DIGIT.search(q.text) and abs(q.value) <= _SPELLED_SMALL:  # 两个方案, 三步
            continue

        bracket = _bracket(q)
        for value in (q.value, q.high):
            if value is not None:
                numerals = list(_NUMERAL.finditer(q.text)) if q.kind == "ratio" else []
                split = is_split([float(m.group().replace(",", "")) for m in numerals])
                parts = tuple(_part(q, m, split) for m in numerals)
                figures.append(Figure(q, value, _tolerance(q, value), parts, bracket))
    return figures


def _bracket(q: Quantity) -> Figure | None:
    """A range read as one approximate figure, its midpoint give or take half its width, when the range is
    tight enough to state a value ("8–9 months", "¥9–10万"); a wide range ("1 to 12 months") states none."""
    if q.high is None or q.high <= q.value or q.high - q.value > RANGE_SPAN * abs(q.high):
        return None
    middle = (q.value + q.high) / 2
    return Figure(q, middle, (q.high - q.value) / 2 + _tolerance(q, q.high))


def _part(ratio: Quantity, numeral: re.Match[str], split: bool) -> Figure:
    """One count written in a ratio, as a figure of its own; a percentage when the ratio is a split ("70/30")."""
    value = float(numeral.group().replace(",", ""))
    start = ratio.span[0] + numeral.start()
    part = Quantity(value, "count", (start, start + len(numeral.group())), numeral.group(), unit=ratio.unit)
    if split:
        part = replace(part, kind="percent", value=value / 100, unit=None)
        return Figure(part, part.value, _tolerance(part, value) / 100)
    return Figure(part, value, _tolerance(part, value))


def _tolerance(q: Quantity, value: float) -> float:
    """Half a unit of the last digit the figure shows, in the quantity's own scale."""
    match = _NUMERAL.search(q.text)
    if match is None:
        return abs(value) * _RELATIVE + 1e-9
    shown = float(match.group().replace(",", "")) or 1.0
    scale = abs(q.value / shown) if q.value else 1.0
    decimals = len(match.group(1) or "")
    if scale > 1.5:  # a multiplier ("$1.5M", "80万"): rounding at the multiplier's precision
        return max(0.5 * 10 ** -decimals * scale, abs(value) * _RELATIVE)
    return 0.5 * 10 ** -decimals * scale + 1e-9


MAX_FIGURES_FOR_TOTALS = 12  # user figures up to which totals and products count as stated (a question's worth)


@cache
def calendar_facts() -> tuple[Source, ...]:
    """How many of one period make up a longer one (30 days a month, 12 months a year, 24 hours a day), by the
    conventions the calculators convert with: a figure stating such a rate ("assumed 30 days a month") states
    a unit conversion, not a result."""
    facts = []
    for short, per_short in PER_PERIOD_FACTOR.items():
        for long, per_long in PER_PERIOD_FACTOR.items():
            if per_short > per_long:
                facts.append(Source(per_short / per_long, "duration", "tool", f"calendar.{short}s_per_{long}",
                                    period=cast(Period, long), unit=short, echo=True))
    return tuple(facts)


def comparisons(sources: Sequence[Source]) -> list[Source]:
    """Figures an answer may state by one step of arithmetic on stated or computed quantities: the difference of
    two of one kind, unit, currency and period ("10 points short of P0", "the remaining 7 months"), the relative
    change from one amount of money to another ("up 100%", "down 20%") or the share one is of the other ("20%
    of the spend"), a fraction's complement ("misses 4 in 10" at a 60% recall), the total of parts (see
    `_addable`) and a per-unit amount times how many units the user stated (see `products`). Passage figures
    are compared only within their own sentence (`passage_comparisons`)."""
    usable = [s for s in sources if s.origin in ("user", "tool") and s.kind in _COMPARED and s.value > 0]
    # totals and products multiply the figures an answer could state by chance: over a whole document (a proposal
    # with dozens of figures) they would trace almost any invented amount, so they are taken from a question only
    sparse = sum(s.origin == "user" for s in usable) <= MAX_FIGURES_FOR_TOTALS
    found = [replace(s, value=1 - s.value, kind="percent", label=f"1 - {s.label}") for s in usable
             if s.kind in ("percent", "number") and s.value < 1]  # a number under 1 is a fraction written bare
    for i, a in enumerate(usable):
        for b in usable[i + 1:]:
            found += _pair(a, b, changes=a.kind == "money", totals=sparse)
    return found + products(usable) if sparse else found


def _pair(a: Source, b: Source, changes: bool, totals: bool = True) -> list[Source]:
    """What two quantities of one kind, unit, currency and period state together: their difference, their total
    when they are parts of one whole, and (`changes`) the change from the smaller to the larger either way and
    the share the smaller is of the larger."""
    if a.value == b.value or not _alike(a, b):
        return []
    large, small = (a, b) if a.value > b.value else (b, a)
    found = [replace(large, value=large.value - small.value, label=f"{large.label} - {small.label}")]
    if totals and _addable(a, b):
        found.append(replace(large, value=large.value + small.value, label=f"{large.label} + {small.label}"))
    if changes:  # a change of an amount, or a part's share of it; counts in formulas
        label = f"{small.label} → {large.label}"
        found += [Source(large.value / small.value - 1, "percent", large.origin, label),
                  Source(1 - small.value / large.value, "percent", large.origin, label),
                  Source(small.value / large.value, "percent", large.origin, f"{small.label} / {large.label}")]
    return found


def _alike(a: Source, b: Source) -> bool:
    """True for two quantities that can be compared: one kind (plain numbers and counts of one thing count as one
    kind), unit, currency and period."""
    kinds = {a.kind, b.kind}
    return (len(kinds) == 1 or kinds <= _COUNTED) and (a.currency, a.period, a.unit) == (b.currency, b.period, b.unit)


def _addable(a: Source, b: Source) -> bool:
    """True when two quantities are parts of one whole, so their total is a figure an answer may state: two
    amounts the user gave (450 caught + 150 missed = 600 bad orders), or two result fields of one call whose
    names differ in one word only (`monthly_input_tokens` + `monthly_output_tokens`). A user's figure plus a
    result is no total: "$12k + $30k" adds today's bill to the new one."""
    if a.kind not in _ADDED:
        return False
    if a.origin == b.origin == "user":
        return True
    if a.origin != "tool" or b.origin != "tool" or a.label.rpartition(".")[0] != b.label.rpartition(".")[0]:
        return False
    words_a, words_b = field_words(a.label), field_words(b.label)
    return len(words_a) == len(words_b) and sum(x != y for x, y in zip(words_a, words_b, strict=True)) == 1


def products(sources: Sequence[Source]) -> list[Source]:
    """A per-unit amount or a rate times how many the user said there are: 12 agents x $4,500 a month is $54,000
    a month (money keeps its currency and period), 0.8% of 2,000 clauses is 16 clauses. Only a whole number the
    user stated multiplies, so a result times a duration the answer picked ("over three years") stays the
    model's own arithmetic."""
    counts = [s for s in sources if s.origin == "user" and s.kind in _COUNTED and s.value >= 2 and s.value.is_integer()]
    found = []
    for count in counts:
        for s in sources:
            if s.kind == "money":
                found.append(replace(s, value=s.value * count.value, label=f"{count.value:g} x {s.label}", echo=False))
            elif s.kind == "percent" and s.value < 1:
                found.append(Source(s.value * count.value, "count", s.origin, f"{s.label} of {count.label}",
                                    unit=count.unit))
    return found


def passage_comparisons(passages: Iterable[Mapping[str, Any]]) -> list[Source]:
    """Figures an answer may state by comparing two figures one sentence of a passage states together ("fell
    from 9.5 to 7 minutes" → 2.5 minutes, 26% faster; "4.3 against 3.9" → 0.4): the comparison the passage
    itself makes. Figures of different sentences are never compared, so a passage's many figures do not ground
    a figure by coincidence."""
    found = []
    for passage in passages:
        pid = str(passage.get("id", ""))
        origin: Origin = "document" if pid.startswith("user:") else "passage"
        for sentence in split_sentences(str(passage.get("text", ""))):
            stated = [s for s in quantity_sources(sentence.text.replace("\n", " "), origin, pid)
                      if s.kind in _COMPARED and s.value > 0]
            for i, a in enumerate(stated):
                for b in stated[i + 1:]:
                    found += [replace(s, origin=origin, label=pid) for s in _pair(a, b, changes=True)]
    return found


def _money_ok(figure: Quantity, source: Source, context_currency: str | None) -> bool:
    currency = source.currency or context_currency
    return figure.currency is None or currency is None or figure.currency == currency


def _convert(figure: Quantity, source: Source) -> float | None:
    """The source's value in the figure's unit and period, or None when the kinds cannot be compared."""
    kind = figure.kind
    if kind == "duration":
        if source.kind == "duration" and figure.unit in SECONDS and source.unit in SECONDS:
            return source.value * SECONDS[source.unit] / SECONDS[figure.unit]
        return source.value if source.kind == "number" and source.origin == "user" else None
    if kind == "percent":  # a fraction written as a percentage, or the same percentage
        return source.value if source.kind in ("percent", "ratio", "number") else None
    if kind == "money":
        if source.kind not in ("money", "number", "count"):  # an amount the reader took for a count of things
            return None
    elif kind in _LOOSE_KINDS:
        if source.kind not in (*_LOOSE_KINDS, "money", "percent") and not (
                kind == "number" and source.kind == "duration"):
            return None
    value = source.value
    figure_per = figure.per.value if figure.per else None
    if figure_per and source.per and figure_per != source.per:  # a price per 1M tokens quoted per 1k
        value = value * figure_per / source.per
    if figure.period and source.period and figure.period != source.period:
        return value * PER_PERIOD_FACTOR[source.period] / PER_PERIOD_FACTOR[figure.period]
    return value


def matches(figure: Figure, source: Source, context_currency: str | None = None) -> bool:
    """True when the source states this figure: same kind, no other currency, same value in the figure's
    units at its precision (a negative difference may be written as a size: "2 points over")."""
    if figure.quantity.kind == "money" and not _money_ok(figure.quantity, source, context_currency):
        return False
    converted = _convert(figure.quantity, source)
    if converted is None:
        return False
    return abs(converted - figure.value) <= figure.tolerance or (
        converted < 0 < figure.value and abs(-converted - figure.value) <= figure.tolerance)


def misstated(figure: Figure, sources: Iterable[Source]) -> Source | None:
    """A calculator result the figure repeats in value but not in kind, unit, currency or period (the result
    restated wrongly: "6.4 years" for `payback_months` 6.4), if any."""
    for source in sources:
        if source.origin == "tool" and abs(source.value - figure.value) <= figure.tolerance:
            return source
    return None


def period_clash(figure: Figure, found: list[Source], computed: Iterable[Source]) -> Source | None:
    """A calculator result with the figure's value but another period, when nothing that states the figure's
    own period grounds it ("$5,940 a year" for a `monthly_cost` of 5,940 that a period-less echo also holds)."""
    period = figure.quantity.period
    if period is None or any(s.period is not None for s in found):
        return None
    return next((s for s in computed if s.period not in (None, period)
                 and abs(s.value - figure.value) <= figure.tolerance), None)
