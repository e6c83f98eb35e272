"""Figures in a text, read by the project's quantity reader, and when two of them state the same measure.

Two figures measure the same thing when their kinds agree (money with money or a bare amount, durations with
durations, percentages with percentages…) and so do their units: a count's unit, a currency, or, for a bare
number, the word written right after it ("4 GB", "1.5积分"). They agree in value when, after the reader's
conversions (durations in seconds, percentages as fractions), a value or range end is equal. Digit strings the
reader does not take as quantities (clock times, codes, phone numbers) are compared verbatim (`literals`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from pm_assistant.agent.diagnose.text import TEXT_CACHE, sentences, tokens
from pm_assistant.core.text.quantities import Quantity, read_quantities

_UNIT_AFTER = re.compile(r"\s?(?:([A-Za-z]{1,12})\b|([\u4e00-\u9fff]{1,2}))")
_LITERAL = re.compile(r"\d+(?:[:.,/-]\d+)*")
_CLOCK = re.compile(r"0\d:\d\d")
_MONEYLIKE = frozenset({"money", "number"})
_ARTICLE_DURATION = re.compile(
    r"(\b(?:for|within|after|least|about|nearly|almost|last|lasts|takes|take)\s+)"
    r"an?(?=\s+(?:second|minute|hour|day|week|fortnight|month|quarter|year)\b)", re.IGNORECASE,
)
"""A duration written with an article ("valid for a week", "within a month"): the article is read as 1, so the
figure meets "7 days" or "30 days"; as a rate ("$49 a year") the article is left alone."""

_IGNORED_KINDS = frozenset({"ordinal"})


@lru_cache(maxsize=TEXT_CACHE)
def _read(text: str) -> tuple[Quantity, ...]:
    return tuple(read_quantities(_ARTICLE_DURATION.sub(r"\g<1>1", text)))


@lru_cache(maxsize=TEXT_CACHE)
def figures(text: str) -> tuple[Quantity, ...]:
    """The quantities of a text, in order (ordinals such as "1st" or 第一 are left out: they count steps)."""
    return tuple(q for q in _read(text or "") if q.kind not in _IGNORED_KINDS)


@lru_cache(maxsize=TEXT_CACHE)
def literals(text: str) -> frozenset[str]:
    """Digit strings outside the reader's quantities ("23:40", "555-0142"), as written, with their pieces
    ("10:00-18:00" also gives "10:00" and "18:00"), a clock time without its leading zero ("08:30" also "8:30")
    and a whole hour without its minutes ("16:00" also "16", "08:00" also "8")."""
    covered = [q.span for q in _read(text or "")]
    found: set[str] = set()
    for match in _LITERAL.finditer(text or ""):
        if any(start <= match.start() < end for start, end in covered):
            continue
        found.add(match.group(0))
        for piece in re.split(r"[-/]", match.group(0)):
            found.add(piece)
            if _CLOCK.fullmatch(piece):
                found.add(piece.lstrip("0") if not piece.startswith("00") else piece[1:])
            if piece.endswith(":00"):
                found.add(piece.removesuffix(":00").lstrip("0") or "0")
    return frozenset(found)


def unit_word(text: str, quantity: Quantity) -> str | None:
    """The word written after a bare number ("4 GB" → "gb", "1.5积分" → "积分"), lower-cased, or None."""
    match = _UNIT_AFTER.match(text, quantity.span[1])
    if not match:
        return None
    word = (match.group(1) or match.group(2) or "").lower()
    return word.removesuffix("s") if match.group(1) and len(word) > 3 else word


def measure(text: str, quantity: Quantity) -> tuple[str, str | None]:
    """What a figure measures: its kind family and unit, e.g. ("duration", None), ("count", "gpu")."""
    if quantity.kind == "duration":
        return "duration", None
    if quantity.kind in _MONEYLIKE:
        if quantity.kind == "money" or quantity.currency:
            return "amount", None
        return "amount", unit_word(text, quantity)
    if quantity.kind in ("count", "tokens", "ratio"):
        return quantity.kind, quantity.unit
    return quantity.kind, None


def comparable(a_text: str, a: Quantity, b_text: str, b: Quantity) -> bool:
    """Whether two figures state the same measure (so different values contradict each other)."""
    kind_a, unit_a = measure(a_text, a)
    kind_b, unit_b = measure(b_text, b)
    if kind_a != kind_b:
        return False
    if kind_a == "amount":
        if a.currency and b.currency and a.currency != b.currency:
            return False
        if (a.kind == "money") != (b.kind == "money"):
            return unit_a is None and unit_b is None
    return unit_a == unit_b or unit_a is None or unit_b is None


@lru_cache(maxsize=TEXT_CACHE)
def _values(quantity: Quantity) -> frozenset[float]:
    scale = 1.0
    if quantity.kind == "duration" and (seconds := quantity.seconds()) is not None and quantity.value:
        scale = seconds / quantity.value
    values = {quantity.value * scale}
    if quantity.high is not None:
        values.add(quantity.high * scale)
    return frozenset(round(v, 9) for v in values)


def same_value(a: Quantity, b: Quantity) -> bool:
    """Whether two figures agree in value (a value or range end equal after unit conversion)."""
    return bool(_values(a) & _values(b))


def value_set(pool: Iterable[Quantity]) -> frozenset[float]:
    """Every value a pool of figures states (converted and as written), for `found_in`; a rate also per month and
    per year ("$12,000 a year" is "$1,000/mo"; 每天50元 is 每月1500元)."""
    return frozenset(v for q in pool for v in (*_values(q), round(q.value, 9), *_per_month_and_year(q)))


def _per_month_and_year(quantity: Quantity) -> tuple[float, ...]:
    monthly = quantity.monthly() if quantity.high is None else None
    return () if monthly is None else (round(monthly, 9), round(monthly * 12, 9))


@lru_cache(maxsize=TEXT_CACHE)
def text_values(text: str) -> frozenset[float]:
    """`value_set` of a text's figures (cached per text)."""
    return value_set(figures(text))


def found_in(quantity: Quantity, values: frozenset[float]) -> bool:
    """Whether a figure's value is among the values of a pool (any kind: "30" may be "30 days")."""
    return bool(_values(quantity) & values) or round(quantity.value, 9) in values


_SCALES = frozenset({"percent", "factor"})
_NOT_SCALED = frozenset({"percent", "factor", "ratio", "year", "ordinal"})


def derived_values(pool: Iterable[Quantity]) -> frozenset[float]:
    """Values an answer may work out from stated figures: a figure scaled by a percentage or a factor the sources
    state (1300元 at 50% is 650元; 5万 at 0.5% is 250元; five times the postage). Sums are left out: a wrong
    figure is too often the sum of two stated ones (3 and 7 working days, "10 working days"); a sum counts only
    when the answer shows its working (`worked_values`)."""
    stated = list(pool)
    scales = {q.value for q in stated if q.kind in _SCALES}
    return frozenset(round(v * scale, 9) for q in stated if q.kind not in _NOT_SCALED for v in _values(q)
                     for scale in scales)


@lru_cache(maxsize=TEXT_CACHE)
def words_beside_figures(text: str) -> tuple[str, ...]:
    """A text's content tokens outside its figures ("7 days" leaves no token: the figure check judges it)."""
    spans = [q.span for q in figures(text)]
    if not spans:
        return tokens(text)
    kept, start = [], 0
    for begin, end in spans:
        kept.append(text[start:begin])
        start = end
    kept.append(text[start:])
    return tokens(" ".join(kept))


_TIMES = re.compile(r"[×*]|\bx\b|\btimes\b|乘")
WORKING_FIGURES = 6  # figures before a result that its working may combine
ROUNDING = 1e-3  # a worked result may be rounded ("6,897" for 6,897.24)


@lru_cache(maxsize=TEXT_CACHE)
def worked_values(text: str, known: frozenset[float]) -> frozenset[float]:
    """Values an answer works out in the open from figures it states and the sources hold, in the same sentence:
    a sum of two or more of them ("98天 plus 60天, 158天 in all"), a product when the sentence multiplies ("40 seats
    × $18 × 12 months = $8,640", a duration that makes one day, week or year being a conversion factor), or one of them scaled by a percentage the sentence states, as a share, a discount or a
    rise ("$8,640 less 10% is $7,776"). The working is on the page, so the result is checkable rather than
    invented; a wrong result stays unsupported."""
    found: set[float] = set()
    for sentence in sentences(text):
        shown: list[Quantity] = []
        multiplies = bool(_TIMES.search(sentence))
        for quantity in figures(sentence):
            pool = known | found
            factor = multiplies and _one_period(quantity)
            if not found_in(quantity, pool) and (factor or _works_out(quantity, shown[-WORKING_FIGURES:], multiplies)):
                found |= _values(quantity) | {round(quantity.value, 9)}
            if found_in(quantity, pool | found):
                shown.append(quantity)
    return frozenset(found)


def _one_period(quantity: Quantity) -> bool:
    """Whether a duration is one day, week or year in smaller units ("12 months", "24 hours", "52 weeks"): a
    conversion factor a multiplication may use without any source stating it."""
    seconds = quantity.seconds() if quantity.kind == "duration" and quantity.high is None else None
    return seconds is not None and quantity.value > 1 and any(
        math.isclose(seconds, period, rel_tol=0.02) for period in _PERIODS)


_PERIODS = (86_400.0, 604_800.0, 31_104_000.0)  # a day, a week, a year (the reader's year is twelve 30-day months)


def _works_out(result: Quantity, shown: list[Quantity], multiplies: bool) -> bool:
    """Whether the result is a sum, product or percentage of figures shown before it (see `worked_values`)."""
    if result.high is not None:
        return False
    target = next(iter(_values(result)))
    amounts = [q for q in shown if q.kind not in _SCALES and q.high is None]
    same = [next(iter(_values(q))) for q in amounts if measure("", q)[0] == measure("", result)[0]]
    candidates = {sum(group) for size in range(2, len(same) + 1) for group in combinations(same, size)}
    if multiplies:
        raw = [q.value for q in shown if q.kind != "percent" and q.high is None]  # "$18 ×" reads as a factor
        candidates |= {math.prod(group) for size in range(2, len(raw) + 1) for group in combinations(raw, size)}
    rates = [q.value for q in shown if q.kind == "percent"]
    candidates |= {q.value * factor for q in amounts for rate in rates for factor in (rate, 1 - rate, 1 + rate)}
    return any(math.isclose(value, candidate, rel_tol=ROUNDING) for value in {result.value, target}
               for candidate in candidates)
