"""`read_quantities`: every figure in a text, with its kind, unit, currency, period and denominator.

The reader finds where a figure may start (`patterns.START`), then reads outwards with anchored patterns: the
prefix (currency, sign, ×, 第, 百分之), the numeral, a multiplier, a unit; then a second figure joined to it (a
range "3-5 days", a change "from 45% to 65%", a ratio "10 of 400 outputs"); then period and denominator phrases
("/mo", "per million tokens"). A period or denominator written earlier in the clause ("monthly spend: $12k",
"每百万token 0.5美元") applies when no other figure sits between. Numbers that are names, labels, dates, ids
or list markers are skipped (`patterns.BLOCKED`, `patterns.NAME_BEFORE`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import cast

from pm_assistant.core.text.quantities import patterns as p
from pm_assistant.core.text.quantities.model import Kind, Per, Period, Quantity
from pm_assistant.core.text.quantities.numerals import (
    CJK_UNITS,
    FULLWIDTH,
    cjk_value,
    digits_value,
    english_digits_end,
    multiplier,
    words_value,
)
from pm_assistant.core.text.quantities.vocab import EURO_CURRENCIES, EURO_MULTIPLIERS, FACTOR_WORDS, MULTIPLIERS

CACHE_SIZE = 16384  # texts repeat (retrieved chunks across samples): their readings are kept
_LOOK_BACK = 80  # characters searched before a figure for a period or denominator written first
_PREFIX_CHARS = 8
_CJK_DIGITS = frozenset("零〇一二两三四五六七八九")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_NO_PERIOD_KINDS = frozenset({"year", "ordinal", "score", "factor", "ratio"})
_WEAK_WORDS = frozenset({"one", "zero"})
"""Numerals too common as ordinary words to be figures on their own ("one of us", 一起): they count only when a
unit, currency or other marker makes them one ("one engineer", "一个月", "第一")."""


@dataclass(frozen=True)
class _End:
    """One numeral with what is written around it; `number` is numeral × multiplier, before percent scaling."""

    start: int
    end: int
    number: float
    scale: float = 1.0
    kind: Kind | None = None
    currency: str | None = None
    unit: str | None = None
    divisor: float = 1.0
    weak: bool = False
    year_like: bool = False

    @property
    def value(self) -> float:
        return self.number / self.divisor

    @property
    def final_kind(self) -> Kind:
        return self.kind or ("year" if self.year_like else "number")


def read_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order of appearance (see `Quantity` for what each field holds).

    Reads English and Chinese: "$12k/mo", "¥0.02/1k tokens", "3-5 days", "2 A100s 8h a day", "from 45% to 65%",
    "10 of 400 outputs", "每月服务器费用4万", "400条里错了10条", "翻倍". Names, versions, labels, dates, ids, phone
    numbers and list markers are not quantities ("GPT-4", "v2.1", "P0", "2026-03-01", "1. ").
    """
    if not text or not p.HAS_NUMBER.search(text):
        return []
    return list(_read(text))


@lru_cache(maxsize=CACHE_SIZE)
def _read(original: str) -> tuple[Quantity, ...]:
    return tuple(_Scanner(original).scan())


def _singular(word: str) -> str:
    """A generic noun's singular, lower-cased ("seats" → "seat", "replies" → "reply")."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _trailing_scale(numeral: str) -> float:
    """The product of the Chinese multipliers ending a numeral ("20万" → 1e4, "3千5" → 1)."""
    scale = 1.0
    for ch in reversed(numeral):
        if ch not in CJK_UNITS:
            break
        scale *= CJK_UNITS[ch]
    return scale


class _Scanner:
    """One pass over one text; `last_end` is where the previous quantity ended (the look-back stops there)."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = original.translate(FULLWIDTH)  # same length: spans carry over to the original
        self.blocked = [m.span() for m in p.BLOCKED.finditer(self.text)] if p.BLOCKED.search(self.text) else []
        self.last_end = 0

    def scan(self) -> list[Quantity]:
        found: list[Quantity] = []
        pos = 0
        while match := p.START.search(self.text, pos):
            blocked_end = self._blocked_end(match.start())
            if blocked_end is not None:
                pos = max(blocked_end, match.start() + 1)
                continue
            quantities, pos = self._at(match)
            if quantities:
                found += quantities
                self.last_end = pos
        return found

    def _blocked_end(self, start: int) -> int | None:
        while self.blocked and self.blocked[0][1] <= start:
            self.blocked.pop(0)
        return self.blocked[0][1] if self.blocked and self.blocked[0][0] <= start else None

    def _quantity(self, start: int, end: int, value: float, kind: Kind, **fields: object) -> Quantity:
        return Quantity(value, kind, (start, end), self.original[start:end], **fields)  # type: ignore[arg-type]

    # ------------------------------------------------------------------------------------------------ dispatch
    def _at(self, match: re.Match[str]) -> tuple[list[Quantity], int]:
        """The quantities starting at a START match, and where scanning resumes."""
        group, start, end = match.lastgroup, match.start(), match.end()
        if group == "fy":
            year = int(match["fy"])
            return [self._quantity(start, end, float(year + 2000 if year < 100 else year), "year")], end
        if group == "always":  # 24/7, 7×24: round the clock
            return [self._quantity(start, end, 24.0, "duration", unit="hour", period="day")], end
        if group == "fword":
            return [self._quantity(start, end, float(FACTOR_WORDS[match[0].lower()]), "factor")], end
        if group == "xfactor":
            return [self._quantity(start, end, float(match["xfactor"]), "factor")], end
        return self._figure(match)

    def _figure(self, core: re.Match[str]) -> tuple[list[Quantity], int]:
        first = self._first_end(core)
        if first is None:
            return [], core.end()
        ratio = self._ratio(first)
        if ratio is not None:
            ends, pos, is_range = [ratio], ratio.end, False
        else:
            ends, pos, is_range = self._joined(first)
        period, per, pos = self._tails(pos)
        if len(ends) == 1 and ends[0].weak and ends[0].final_kind in ("number", "year", "score"):
            return [], pos
        if self._is_denominator(first, ends, period, per):
            return [], pos
        kind = ends[0].final_kind
        if kind not in _NO_PERIOD_KINDS and (period is None or per is None):
            before_period, before_per = self._before(first.start)
            period, per = period or before_period, per or before_per
        return self._emit(ends, pos, period, per, is_range), pos

    def _emit(self, ends: list[_End], end: int, period: Period | None, per: Per | None,
              is_range: bool) -> list[Quantity]:
        """A range is one quantity (low end in `value`); a change ("45→65%") is one per end, sharing the period
        and denominator written after it."""
        if is_range:
            low, high = ends
            return [self._quantity(low.start, end, low.value, low.final_kind, high=high.value,
                                   currency=low.currency, period=period, unit=low.unit, per=per)]
        return [
            self._quantity(item.start, end if item is ends[-1] else item.end, item.value, item.final_kind,
                           currency=item.currency, period=period, unit=item.unit, per=per)
            for item in ends
        ]

    # ------------------------------------------------------------------------------------------------ one end
    def _first_end(self, core: re.Match[str]) -> _End | None:
        """The figure at a START match with its prefix, or None when the numeral is a name, label or id."""
        text, start = self.text, core.start()
        prefix = p.PREFIX.search(text, max(0, start - _PREFIX_CHARS), start)
        if prefix is None and p.NAME_BEFORE.search(text, max(0, start - 12), start):
            return None
        end = self._end(core, prefix)
        if end is None or prefix is None:
            return end
        sign = -1.0 if (prefix["sign"] or prefix["bare_sign"]) == "-" else 1.0
        end = replace(end, start=prefix.start(), number=sign * end.number)
        if prefix["times"]:
            return replace(end, kind="factor", weak=False)
        if prefix["ord"]:
            return replace(end, kind="ordinal", unit=None, currency=None, weak=False)
        if prefix["pct"] or prefix["permille"]:
            return replace(end, kind="percent", divisor=100.0 if prefix["pct"] else 1000.0, weak=False)
        currency = next((p.split_group(k)[1] for k, v in prefix.groupdict().items() if v and k.startswith("cur_")),
                        None)
        if currency and end.kind in (None, "money"):
            return replace(end, kind="money", currency=currency, weak=False)
        return end

    def _end(self, core: re.Match[str], prefix: re.Match[str] | None) -> _End | None:
        """Numeral, multiplier and unit at a core match; None when it reads as an identifier or as nothing."""
        text, group = self.text, core.lastgroup
        raw, pos = core[0], core.end()
        weak, scale = False, 1.0
        if group == "words":
            value = words_value(raw)
            if value is None:  # "two and three": take the first word
                raw = re.split(r"[\s-]", raw, maxsplit=1)[0]
                pos, value = core.start() + len(raw), words_value(raw)
            weak = raw.lower() in _WEAK_WORDS
        elif group == "cjk" or any(ch in CJK_UNITS for ch in raw):
            if group == "cjk" and 1 < len(raw) <= 3 and set(raw) <= _CJK_DIGITS:
                return None  # 一一, 三五: idioms and loose ranges, not numerals
            value, scale = cjk_value(raw), _trailing_scale(raw)
            weak = group == "cjk" and len(raw) == 1
        else:
            value = None
        mult = p.MULTIPLIER.match(text, pos) if group != "cjk" else None
        unit = p.UNIT.match(text, mult.end() if mult else pos)
        currency_before = prefix is not None and any(
            v for k, v in prefix.groupdict().items() if k.startswith("cur_") and p.split_group(k)[1] in EURO_CURRENCIES)
        if group == "digits" and value is None:
            euro = currency_before or bool(
                (mult and mult[0].strip().rstrip(".").lower() in EURO_MULTIPLIERS)
                or (unit and unit.lastgroup and p.split_group(unit.lastgroup)[1] in EURO_CURRENCIES))
            if not euro and (keep := english_digits_end(raw)) < len(raw):
                if raw[keep] == ".":
                    return None  # "3.11.2", "1.2.3": a version
                raw, pos = raw[:keep], core.start() + keep  # "1,2": two numbers
                mult, unit = None, p.UNIT.match(text, pos)
            value = digits_value(raw, euro=euro)
        if value is None:
            return None
        if mult:
            scale, pos = multiplier(mult[0]), mult.end()
        if plus := p.PLUS.match(text, pos):
            pos = plus.end()
            unit = p.UNIT.match(text, pos)
        year_like = scale == 1.0 and (_YEAR.fullmatch(raw) is not None or (
            group == "cjk" and len(raw) == 4 and 1900 <= value <= 2100))
        number = value * (scale if mult else 1.0)
        if unit is None:
            if pos < len(text) and text[pos].isascii() and text[pos].isalpha():
                return None  # "5G", "3D", "4o": part of a name
            return _End(core.start(), pos, number, scale, weak=weak, year_like=year_like)
        return self._with_unit(_End(core.start(), unit.end(), number, scale, weak=weak, year_like=year_like), unit)

    @staticmethod
    def _with_unit(end: _End, unit: re.Match[str]) -> _End:
        category, name = p.split_group(unit.lastgroup or "")
        if category == "pct":
            return replace(end, kind="percent", divisor=100.0)
        if category == "cur":
            return replace(end, kind="money", currency=name)
        if category == "factor":
            return replace(end, kind="factor")
        if category == "dur":
            if name == "year" and end.year_like and unit[0].strip() == "年":
                return replace(end, kind="year")  # 2025年: the calendar year
            return replace(end, kind="duration", unit=name, year_like=False)
        if category == "score":
            return replace(end, kind="score", year_like=False)
        if category == "ordsuffix":
            return replace(end, kind="ordinal", year_like=False) if end.number.is_integer() else end
        kind: Kind = "tokens" if name == "token" else "count"
        return replace(end, kind=kind, unit=name, year_like=False)

    # ------------------------------------------------------------------------------------------------ two figures
    def _joined(self, first: _End) -> tuple[list[_End], int, bool]:
        """The first end alone, or with the figure joined to it: [low, high] and True for a range ("3-5 days"),
        [from, to] and False for a change ("45→65%"); and where the last end stops."""
        text = self.text
        connector = p.CONNECTOR.match(text, first.end)
        if connector is None or connector.end() == first.end:
            return [first], first.end, False
        pos = connector.end()
        currency = p.CURRENCY_PREFIX.match(text, pos)
        core = p.CORE.match(text, currency.end() if currency else pos)
        if core is None or self._blocked_end(core.start()) is not None:
            return [first], first.end, False
        second = self._end(core, currency)
        if second is None:
            return [first], first.end, False
        if currency:
            cur = next(p.split_group(k)[1] for k, v in currency.groupdict().items() if v)
            second = replace(second, start=currency.start(), kind="money", currency=cur)
        change = bool(connector["arrow"]) or (
            bool(connector["to"] or connector["zhto"]) and p.FROM_BEFORE.search(text, max(0, first.start - 8),
                                                                                first.start) is not None
        ) or (bool(connector["zhto"]) and len(connector["zhto"]) > 1)
        if connector["and"] and not p.BETWEEN_BEFORE.search(text, max(0, first.start - 10), first.start):
            return [first], first.end, False
        shared = _share(first, second)
        if shared is None:
            return [first], first.end, False
        low, high = shared
        if change:
            return [low, high], high.end, False
        if low.value > high.value or (low.weak and high.weak):
            return [first], first.end, False
        return [low, high], high.end, True

    def _ratio(self, first: _End) -> _End | None:
        """"10 of 400 outputs" / "400个中有10个": the ratio (value = part / total), or None."""
        if first.kind not in (None, "count", "tokens"):
            return None
        text = self.text
        english = p.RATIO_EN.match(text, first.end)
        link = english or p.RATIO_ZH.match(text, first.end)
        core = p.CORE.match(text, link.end()) if link else None
        if link is None or core is None:
            return None
        other = self._end(core, None)
        if other is None or other.kind not in (None, "count", "tokens") or other.weak and english is None:
            return None
        part, total = (first, other) if english else (other, first)
        end = other.end
        unit = other.unit or first.unit
        if unit is None and (thing := p.THING_AFTER.match(text, end)):
            unit, end = p.split_group(thing.lastgroup or "")[1], thing.end()
        elif english is None and (classifier := p.CLASSIFIER.match(text, end)):
            end = classifier.end()
        if total.number == 0:
            return None
        return _End(first.start, end, part.number / total.number, kind="ratio", unit=unit)

    # ------------------------------------------------------------------------------------------------ periods, per
    def _tails(self, pos: int) -> tuple[Period | None, Per | None, int]:
        """Period and denominator phrases after a figure ("/mo", " per engineer per day", "/GPU-hour")."""
        period: Period | None = None
        per: Per | None = None
        for _ in range(3):
            if period is None and (match := p.PERIOD_TAIL.match(self.text, pos)):
                period, pos = cast(Period, p.split_group(match.lastgroup or "")[1]), match.end()
            elif per is None and (match := p.PER_TAIL.match(self.text, pos)) and (found := _per(match)):
                per, pos = found
                period = period or cast("Period | None", match["hyphen"])
                pos = match.end()
            else:
                break
        return period, per, pos

    def _before(self, start: int) -> tuple[Period | None, Per | None]:
        """A period or denominator written earlier in the clause, with no other figure in between."""
        lo = max(self.last_end, start - _LOOK_BACK)
        for clause_end in p.CLAUSE_END.finditer(self.text, lo, start):
            lo = clause_end.end()
        period: Period | None = None
        per: Per | None = None
        for match in p.PERIOD_BEFORE_RE.finditer(self.text, lo, start):
            period = cast(Period, p.split_group(match.lastgroup or "")[1])
        for match in p.PER_BEFORE.finditer(self.text, lo, start):
            found = _per(match)
            per = found[0] if found else per
        return period, per

    def _is_denominator(self, first: _End, ends: list[_End], period: Period | None, per: Per | None) -> bool:
        """True for "每1000次调用" or "per 1,000 requests" before the figure they divide: `_before` reads it."""
        return (len(ends) == 1 and first.kind in (None, "count", "tokens") and period is None and per is None
                and p.PER_SIGN_BEFORE.search(self.text, max(0, first.start - 6), first.start) is not None)


def _share(low: _End, high: _End) -> tuple[_End, _End] | None:
    """Both ends of a range or change with the unit, currency and multiplier written once shared ("$10–15k",
    "45→65%"); None when the ends measure different things."""
    fields = ("kind", "currency", "unit", "divisor")
    if low.kind is None and high.kind is not None:
        low = replace(low, **{f: getattr(high, f) for f in fields})
    elif high.kind is None and low.kind is not None:
        high = replace(high, **{f: getattr(low, f) for f in fields})
    if (low.kind, low.currency, low.unit) != (high.kind, high.currency, high.unit):
        return None
    if low.scale == 1.0 and high.scale != 1.0 and low.number <= high.number / high.scale:
        low = replace(low, number=low.number * high.scale, scale=high.scale)
    if low.year_like != high.year_like:
        low, high = replace(low, year_like=False), replace(high, year_like=False)
    return low, high


def _per(match: re.Match[str]) -> tuple[Per, int] | None:
    """The denominator read by PER_TAIL or PER_BEFORE, or None when the match names neither an amount nor a
    thing ("/1000" alone is a fraction, not a denominator)."""
    groups = match.groupdict()
    thing = next((p.split_group(k)[1] for k, v in groups.items() if v and k.startswith("per_")), None)
    generic = groups.get("generic")
    unit = thing or (_singular(generic) if generic else None)
    if groups["n"]:
        number = digits_value(groups["n"])
        if number is None or (unit is None and not groups["nm"] and "/" in match[0]):
            return None
        value = number * _per_multiplier(groups["nm"])
    elif groups["m"]:
        value = _per_multiplier(groups["m"])
    elif unit is None:
        return None
    else:
        value = 1.0
    return Per(value, unit), match.end()


def _per_multiplier(word: str | None) -> float:
    if not word:
        return 1.0
    if word.lower() in MULTIPLIERS:
        return multiplier(word)
    return _trailing_scale(word)
