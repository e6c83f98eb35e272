"""One figure's end: a numeral with the multiplier, unit and currency written around it, and the denominator
phrases ("per million tokens", 每条) that may follow or precede a figure.

`read_end` reads "$12k", "3-5 days"'s "5 days", "2000条标注样本" into an `End`; `share` lets two ends of a range or
change share what is written once ("$10–15k", "45→65%"); `read_per` turns a matched denominator phrase into a `Per`.
"""

from __future__ import annotations

import re
from typing import NamedTuple, cast

from pm_assistant.core.text.quantities import patterns as p
from pm_assistant.core.text.quantities.model import Kind, Per, Period
from pm_assistant.core.text.quantities.numerals import (
    CJK_UNITS,
    cjk_value,
    digits_value,
    english_digits_end,
    multiplier,
    trailing_scale,
    words_value,
)
from pm_assistant.core.text.quantities.vocab import EURO_CURRENCIES, EURO_MULTIPLIERS, MULTIPLIERS

NO_UNIT_AFTER = frozenset(",.;:!?)]}\"'，。；：！？）】、")
"""No unit, ratio or range starts with these: after them the anchored patterns are not even tried."""
_CJK_DIGITS = frozenset("零〇一二两三四五六七八九")
_CJK_UNIT_CHARS = frozenset(CJK_UNITS)
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_WEAK_WORDS = frozenset({"one", "zero"})
"""Numerals too common as ordinary words to be figures on their own ("one of us", 一起): they count only when a
unit, currency or other marker makes them one ("one engineer", "一个月", "第一")."""


class End(NamedTuple):
    """One numeral with what is written around it; `number` is numeral × multiplier, before percent scaling.
    (A NamedTuple: the reader derives many variants with `_replace`, which is several times cheaper than
    `dataclasses.replace`.)"""

    start: int
    end: int
    number: float
    scale: float = 1.0
    kind: Kind | None = None
    currency: str | None = None
    unit: str | None = None
    divisor: float = 1.0
    period: Period | None = None  # from a period adjective in the noun phrase ("monthly active users")
    weak: bool = False
    implied: bool = False  # the unit comes from a measure word alone ("4次")
    year_like: bool = False
    euro: bool = False  # written with European separators: a denominator after it is too

    @property
    def value(self) -> float:
        return self.number / self.divisor

    @property
    def final_kind(self) -> Kind:
        return self.kind or ("year" if self.year_like else "number")


def read_end(text: str, core: re.Match[str], prefix: re.Match[str] | None) -> End | None:
    """The numeral at a core match with its multiplier and unit, or None when it reads as an identifier or as
    nothing. `prefix` is what was written before it (a currency decides European separators)."""
    group, start = core.lastgroup, core.start()
    raw, pos = core[0], core.end()
    if group == "words" and words_value(raw) is None:  # "two and three": the first word
        raw = re.split(r"[\s-]", raw, maxsplit=1)[0]
        pos = start + len(raw)
    if group == "cjk" and 1 < len(raw) <= 3 and set(raw) <= _CJK_DIGITS:
        return None  # 一一, 三五: idioms and loose ranges, not numerals
    mult = p.MULTIPLIER.match(text, pos) if group != "cjk" else None
    if mult is not None and mult[0] == " m" and prefix is None and unit_at(text, mult.end() + 1) is None:
        mult = None  # "a 5 m tall pedestrian": metres; "$5 m", "5m", "1.2 m tokens" stay millions
    unit = unit_at(text, mult.end() if mult else pos)
    euro = _is_euro(prefix, mult, unit)
    plain_digits = group == "digits" and _CJK_UNIT_CHARS.isdisjoint(raw)
    if plain_digits and not euro and not raw.isdigit() and (keep := english_digits_end(raw)) < len(raw):
        if raw[keep] == ".":
            return None  # "3.11.2", "1.2.3": a version
        raw, pos, mult = raw[:keep], start + keep, None  # "1,2": two numbers
        unit = unit_at(text, pos)
    value = _numeral_value(group, raw, euro)
    if value is None:
        return None
    scale = multiplier(mult[0]) if mult else trailing_scale(raw)
    pos = mult.end() if mult else pos
    if text[pos : pos + 1] == "+" and not text[pos + 1 : pos + 2].isdigit():  # "10+ engineers"
        pos += 1
        unit = unit_at(text, pos)
    end = End(start, unit.end() if unit else pos, value * (scale if mult else 1.0), scale, euro=euro,
               weak=raw.lower() in _WEAK_WORDS if group == "words" else group == "cjk" and len(raw) == 1,
               year_like=scale == 1.0 and 1900 <= value <= 2100 and (
                   _YEAR.fullmatch(raw) is not None or group == "cjk" and len(raw) == 4))
    if unit is not None:
        return with_unit(end, unit)
    if pos < len(text) and text[pos].isascii() and text[pos].isalpha():
        return None  # "5G", "3D", "4o": part of a name
    return end


def unit_at(text: str, pos: int) -> re.Match[str] | None:
    """The unit written at `pos`, if any (punctuation or the end of the text rules one out at once)."""
    if pos >= len(text) or text[pos] in NO_UNIT_AFTER:
        return None
    return p.UNIT.match(text, pos)


def with_unit(end: End, unit: re.Match[str]) -> End:
    """The end with what its unit says: kind, currency, unit, divisor (percent, minor currency unit)."""
    category, name = p.split_group(unit.lastgroup or "")
    if category == "pct":
        return end._replace(kind="percent", divisor=100.0)
    if category == "cur":
        return end._replace(kind="money", currency=name)
    if category == "sub":  # a minor unit: "USD100" is a hundredth of a dollar
        return end._replace(kind="money", currency=name[:3], divisor=float(name[3:]))
    if category == "factor":
        return end._replace(kind="factor")
    if category == "dur":
        if name == "year" and end.year_like and unit[0].strip() == "年":
            return end._replace(kind="year")  # 2025年: the calendar year
        return end._replace(kind="duration", unit=name, year_like=False)
    if category == "score":
        return end._replace(kind="score", year_like=False)
    if category == "ordsuffix":
        return end._replace(kind="ordinal", year_like=False) if end.number.is_integer() else end
    kind: Kind = "tokens" if name == "token" else "count"
    adjective = p.PERIOD_ADJECTIVE.search(unit[0]) if unit[0].count(" ") > 1 else None
    period = cast(Period, p.split_group(adjective.lastgroup or "")[1]) if adjective else None
    return end._replace(kind=kind, unit=name, period=period, implied=category == "cls", year_like=False)


def _numeral_value(group: str | None, raw: str, euro: bool) -> float | None:
    """The value of a numeral as the START/CORE group that matched it reads it."""
    if group == "words":
        return words_value(raw)
    if group == "cjk" or not _CJK_UNIT_CHARS.isdisjoint(raw):
        return cjk_value(raw)
    return digits_value(raw, euro=euro)


def _is_euro(prefix: re.Match[str] | None, mult: re.Match[str] | None, unit: re.Match[str] | None) -> bool:
    """Whether a figure is written the European way: a euro sign or code around it, or "Mio"/"Mrd"."""
    return (p.currency_of(prefix) in EURO_CURRENCIES or p.currency_of(unit) in EURO_CURRENCIES
            or bool(mult and mult[0].strip().rstrip(".").lower() in EURO_MULTIPLIERS))


def share(low: End, high: End) -> tuple[End, End] | None:
    """Both ends of a range or change with the unit, currency and multiplier written once shared ("$10–15k",
    "45→65%"); None when the ends measure different things."""
    fields = ("kind", "currency", "unit", "divisor")
    if low.kind is None and high.kind is not None:
        low = low._replace(**{f: getattr(high, f) for f in fields})
    elif high.kind is None and low.kind is not None:
        high = high._replace(**{f: getattr(low, f) for f in fields})
    if (low.kind, low.currency, low.unit) != (high.kind, high.currency, high.unit):
        return None
    if low.scale == 1.0 and high.scale != 1.0 and low.number <= high.number / high.scale:
        low = low._replace(number=low.number * high.scale, scale=high.scale)
    if low.year_like != high.year_like:
        low, high = low._replace(year_like=False), high._replace(year_like=False)
    return low, high


def _singular(word: str) -> str:
    """A generic noun's singular, lower-cased ("seats" → "seat", "replies" → "reply")."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def classifier_thing(classifier: str) -> str | None:
    """What a measure word counts on its own (次 → request), if anything."""
    found = p.CLASSIFIER_ALONE.fullmatch(classifier)
    return p.split_group(found.lastgroup or "")[1] if found else None


def read_per(match: re.Match[str], euro: bool = False) -> Per | None:
    """The denominator read by PER_TAIL or PER_BEFORE, or None when the match names neither an amount nor a
    thing ("/1000" alone is a fraction, and " a" needs a thing: "$30 a seat"). `euro`: the amount is written
    with European separators ("€0,80 per 1.000 pages")."""
    groups = match.groupdict()
    if groups.get("capita"):
        return Per(1.0, "person")
    thing = next((p.split_group(k)[1] for k, v in groups.items() if v and k.startswith("per_")), None)
    generic = groups.get("generic")
    unit = thing or (_singular(generic) if generic else None)
    if groups.get("via", "").strip() in ("a", "an") and thing is None:
        return None
    if groups["n"]:
        number = digits_value(groups["n"], euro=euro)
        if number is None or (unit is None and not groups["nm"] and "/" in match[0]):
            return None
        value = number * _per_multiplier(groups["nm"])
    elif groups["m"]:
        value = _per_multiplier(groups["m"])
    elif unit is None:
        return None
    else:
        value = 1.0
    return Per(value, unit)


def _per_multiplier(word: str | None) -> float:
    if not word:
        return 1.0
    if word.lower() in MULTIPLIERS:
        return multiplier(word)
    return trailing_scale(word)
