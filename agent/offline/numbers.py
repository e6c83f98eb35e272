"""Find amounts, percentages, durations and plain counts in ordinary PM phrasing.

The offline planner never does arithmetic on user intent beyond reading these figures, so the parser
keeps what the user wrote: the currency symbol or name is preserved (never converted), "3%" becomes the
fraction 0.03, "¥800k" becomes 800000 yuan-symbol money, "¥1.5M a year" carries the period "year".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pm_assistant.core.text.numerals import NUMERAL, multiplier, parse_numeral

Kind = Literal["money", "percent", "duration", "number"]

# Currency words and codes, as written; symbols are kept verbatim.
_CURRENCY_WORDS: dict[str, str] = {
    "yuan": "yuan", "rmb": "RMB", "cny": "CNY", "元": "元", "usd": "USD", "dollars": "$", "dollar": "$",
    "eur": "EUR", "euro": "EUR", "euros": "EUR", "gbp": "GBP", "pounds": "£",
}
_DURATION_UNITS: dict[str, str] = {
    "ms": "ms", "millisecond": "ms", "milliseconds": "ms",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
    "min": "min", "mins": "min", "minute": "min", "minutes": "min",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "day": "day", "days": "day", "week": "week", "weeks": "week",
    "month": "month", "months": "month", "year": "year", "years": "year",
}
_PERIOD_WORDS: dict[str, str] = {
    "year": "year", "yr": "year", "annum": "year", "annually": "year", "yearly": "year", "annual": "year",
    "month": "month", "mo": "month", "monthly": "month",
    "week": "week", "weekly": "week", "day": "day", "daily": "day",
    "hour": "hour", "hr": "hour", "h": "hour", "hourly": "hour",
}
_NUMBER_WORDS: dict[str, float] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100,
}

NUMBER_WORDS = "|".join(rf"\b{word}\b" for word in _NUMBER_WORDS)
"""A regex alternation of the number words `find_quantities(words=True)` reads ("three engineers")."""

_MULT = r"(?:k|K|mn|mm|m|M|bn|b|B|thousand|millions?|billion|千|万|亿)(?![A-Za-z])"
_SYM = r"(?:[¥￥$€£]|RMB|CNY|USD|EUR|GBP)"
_CUR_AFTER = r"(?:yuan|RMB|CNY|元|USD|dollars?|EUR|euros?|GBP|pounds)(?![A-Za-z])"
_PCT = r"(?:\s?%|\s?percent(?:age points?)?(?![A-Za-z])|\s?per\s?cent(?![A-Za-z])|\s?pct(?![A-Za-z])|\s?pp(?![A-Za-z]))"
_DUR = r"(?:milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|min|hours?|hrs?|h|days?|weeks?|months?|years?)(?![A-Za-z])"
_PERIOD = (
    r"(?:\s*/\s*(?P<slash>year|yr|annum|month|mo|week|day|hour|hr|h)(?![A-Za-z])"
    r"|\s+(?:a|an|per|each|every)\s+(?P<per>year|annum|month|week|day|hour)(?![A-Za-z])"
    r"|\s+(?P<adv>annually|yearly|monthly|weekly|daily|hourly)(?![A-Za-z])"
    r"|\s+(?:in|of)\s+(?P<save>annual|monthly|yearly)\b)"
)

_QUANTITY_RE = re.compile(
    rf"(?:(?P<sym>{_SYM})\s?)?(?P<num>{NUMERAL})(?!\d|\.\d)(?:\s?(?P<mult>{_MULT}))?"
    rf"(?:(?P<pct>{_PCT})|\s?(?P<cur>{_CUR_AFTER})|\s?(?P<dur>{_DUR}))?"
    rf"(?:{_PERIOD})?",
)
_WORD_NUMBER_RE = re.compile(r"\b(?P<word>" + "|".join(_NUMBER_WORDS) + r")\b(?=\s+[a-z])", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """One figure found in text: its value, what kind it is, and where it sits."""

    value: float
    kind: Kind
    unit: str | None  # currency as written ("¥", "yuan", "USD"), "%" or a duration unit ("s", "day")
    period: str | None  # "year" | "month" | "week" | "day" | "hour" for rates such as "¥1.5M a year"
    span: tuple[int, int]
    raw: str

    @property
    def currency(self) -> str | None:
        """The currency as the user wrote it, for money; None otherwise."""
        return self.unit if self.kind == "money" else None

    @property
    def seconds(self) -> float | None:
        """The duration in seconds for sub-day durations (latencies); None otherwise."""
        scale = {"ms": 0.001, "s": 1.0, "min": 60.0, "h": 3600.0}
        return self.value * scale[self.unit] if self.kind == "duration" and self.unit in scale else None


def _period(match: re.Match[str]) -> str | None:
    word = match.group("slash") or match.group("per") or match.group("adv") or match.group("save")
    return _PERIOD_WORDS.get(word.lower()) if word else None


def _classify(match: re.Match[str]) -> Quantity:
    """Turn one regex match into a Quantity."""
    value = parse_numeral(match.group("num"))
    mult = match.group("mult")
    sym, cur, pct, dur = match.group("sym"), match.group("cur"), match.group("pct"), match.group("dur")
    raw, span = match.group(0), match.span()
    value *= multiplier(mult)
    period = _period(match)
    if pct:
        return Quantity(value / 100.0, "percent", "%", None, span, raw)
    if sym or cur:
        unit = sym if sym and sym in "¥￥$€£" else _CURRENCY_WORDS.get((sym or cur).lower(), sym or cur)
        return Quantity(value, "money", "¥" if unit == "￥" else unit, period, span, raw)
    if dur and not mult:
        return Quantity(value, "duration", _DURATION_UNITS[dur.lower()], period, span, raw)
    return Quantity(value, "number", None, period, span, raw)


def _is_name_part(text: str, start: int) -> bool:
    before = text[max(0, start - 2):start]  # Latin letters only: in "投资80万元" the figure follows a word
    return bool(before) and before.isascii() and (before[-1].isalpha() or (before[-1] == "-" and before[:1].isalnum()))


def find_quantities(text: str, *, words: bool = False) -> list[Quantity]:
    """Every figure in `text`, in order of appearance; `words` also reads "three engineers" as 3."""
    found: list[Quantity] = []
    for match in _QUANTITY_RE.finditer(text):
        if not match.group("sym") and _is_name_part(text, match.start()):
            continue  # "FP1", "GPT-4", "A100": part of a name, not a figure
        found.append(_classify(match))
    if words:
        for match in _WORD_NUMBER_RE.finditer(text):
            value = _NUMBER_WORDS[match.group("word").lower()]
            found.append(Quantity(float(value), "number", None, None, match.span(), match.group(0)))
        found.sort(key=lambda q: q.span[0])
    return found


def parse_count(token: str) -> float | None:
    """A bare count written in digits or as a word: "1,200" → 1200, "two" → 2; None otherwise."""
    token = token.strip().lower()
    if token in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[token])
    return parse_numeral(token) if re.fullmatch(NUMERAL, token) else None


_MULTIPLIER_WORDS = {"doubles": 2, "double": 2, "doubled": 2, "triples": 3, "triple": 3, "tripled": 3,
                     "quadruples": 4, "quadruple": 4, "halves": 0.5, "halve": 0.5,
                     "halved": 0.5}


def factor_in(text: str) -> re.Match[str] | None:
    """Where a what-if factor is written: "triples", "3x", "3 times", "×3"."""
    word = re.search(r"\b(" + "|".join(_MULTIPLIER_WORDS) + r")\b", text, re.I)
    return word or re.search(r"(?<![\w.])(\d+(?:\.\d+)?)\s?(?:x|×|times)(?![\w])|(?<![\w])[x×]\s?(\d+(?:\.\d+)?)\b",
                             text, re.I)


def usage_multiplier(text: str) -> float | None:
    """A what-if usage factor: "usage triples" → 3, "3x the estimate" / "3 times" → 3."""
    factor = factor_in(text)
    if factor is None:
        return None
    word = factor.group(0).lower()
    return float(_MULTIPLIER_WORDS[word] if word in _MULTIPLIER_WORDS else factor.group(1) or factor.group(2))
