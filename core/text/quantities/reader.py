"""`read_quantities`: every figure in a text, with its kind, unit, currency, period and denominator.

The reader finds where a figure may start (`patterns.START`), then reads outwards with anchored patterns: the
prefix (currency, sign, ×, 第, 百分之), the numeral, a multiplier, a unit; then a second figure joined to it (a
range "3-5 days", a change "from 45% to 65%", a ratio "10 of 400 outputs"); then period and denominator phrases
("/mo", "per million tokens"). A period or denominator written earlier in the clause ("monthly spend: $12k",
"每百万token 0.5美元") applies when no other figure sits between. Numbers that are names, labels, dates, ids
or list markers are skipped (`patterns.BLOCKED`, `patterns.NAME_BEFORE`).
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import cast

from pm_assistant.core.text.quantities import patterns as p
from pm_assistant.core.text.quantities.ends import (
    NO_UNIT_AFTER,
    End,
    classifier_thing,
    read_end,
    read_per,
    share,
)
from pm_assistant.core.text.quantities.model import Kind, Per, Period, Quantity
from pm_assistant.core.text.quantities.numerals import cjk_value, to_halfwidth
from pm_assistant.core.text.quantities.vocab import FACTOR_WORDS, SHARE_WORDS

CACHE_SIZE = 16384  # texts repeat (retrieved chunks across samples): their readings are kept
_LOOK_BACK = 80  # characters searched before a figure for a period or denominator written first
_PREFIX_CHARS = 8
_NO_TAIL_AFTER = NO_UNIT_AFTER - {","}  # a period may follow a comma (", annually")
_NOUN_THEN_PERIOD = re.compile(r"\s+(?:in\s+|of\s+)?(?:[A-Za-z][A-Za-z-]*\s+){1,3}?(?:(?:a|an|per|each|every)\s+"
                               r"(?P<p>year|month|week|day)\b|(?P<adv>annually|monthly|weekly|daily|yearly)\b)",
                               re.IGNORECASE)
_ADVERB_PERIODS = {"annually": "year", "yearly": "year", "monthly": "month", "weekly": "week", "daily": "day"}
_PERCENT_NEXT = re.compile(r"[0-9][0-9.,]*\s?(?:%|percent\b)")
_NAMING_WORD = re.compile(r"\s*(?:[A-Za-z]{3,}|[\u4e00-\u9fff]{2,3})\s*(?:and|&|or|plus|和|与|及|以及|或|、|,|，)")
"""A word naming what the first of two amounts pays for ("$200k build plus $5k/month"): the period after the
second is its own."""
_CONJUNCTION = re.compile(r"\b(?:and|or|plus)\b|[&和与及或、]")
_SIDE = re.compile(r"\s*(?:out(?:put)?\b|in(?:put)?\b(?!\s+(?:a|the|our|\d))|输出|输入|回复)")
_NOT_LABEL = frozenset("周期拜初之其第号月年日天星礼")  # 周三, 星期五, 初五, 之二: names and dates, not a label
_SIDE_JOINER = re.compile(r"\s*(?:,|，|、|;|；|and|或|和|及)?\s*(?:(?:for\s+)?(?:output|completion|input|prompt)s?"
                          r"(?:\s+tokens?)?\s*(?:is|at|costs?|:)?|输出|输入|回复)\s*[:：]?\s*", re.I)
_WORD = re.compile(r"[A-Za-z']+")
_IF_EVERY = re.compile(r"\b(?:if|when|whenever|suppose)\s+$", re.I)
_PER_GAP_WORDS = 3  # words that may sit between "each user" and its figure ("each user makes 20 queries")
_PRICED_GAP = 16  # characters between "one ticket" and its price ("一张工单成本", " costs about ")
_NO_PERIOD_KINDS = frozenset({"year", "ordinal", "score", "factor", "ratio"})


def read_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order of appearance (see `Quantity` for what each field holds).

    Reads English and Chinese: "$12k/mo", "¥0.02/1k tokens", "3-5 days", "2 A100s 8h a day", "from 45% to 65%",
    "10 of 400 outputs", "每月服务器费用4万", "400条里错了10条", "翻倍". Names, versions, labels, dates, ids, phone
    numbers and list markers are not quantities ("GPT-4", "v2.1", "P0", "2026-03-01", "1. ").
    """
    if not text:
        return []
    return list(_read(text))


@lru_cache(maxsize=CACHE_SIZE)
def _read(original: str) -> tuple[Quantity, ...]:
    words = p.has_number_words(original)
    if not words and not p.HAS_FIGURE.search(original):
        return ()
    return tuple(_Scanner(original, words).scan())


class _Scanner:
    """One pass over one text. `found` holds the quantities read so far: the look-back for a period written
    before a figure stops at the last one, and "each" / 每条 refer to the thing the last count counted."""

    def __init__(self, original: str, words: bool) -> None:
        self.original = original
        self.text = text = to_halfwidth(original)  # same length: spans carry over to the original
        self.words = words  # whether English number words may occur: only then run START_WORDS
        self.blocked = self._blocked_spans(text)
        self.found: list[Quantity] = []

    @staticmethod
    def _blocked_spans(text: str) -> list[tuple[int, int]]:
        """Where numbers are not quantities, in order: dates, times, phones, ids, line markers, web addresses."""
        spans = [m.span() for m in p.BLOCKED.finditer(text)]
        line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"] if "\n" in text else [0]
        spans += [m.span() for start in line_starts if (m := p.LINE_MARKER.match(text, start))]
        spans += [m.span() for m in p.MONTH_DATE.finditer(text)]
        if "@" in text or "://" in text or "www." in text or "id" in text.lower():
            spans += [m.span() for m in p.BLOCKED_WEB.finditer(text)]
        return sorted(spans)

    @property
    def last_end(self) -> int:
        return self.found[-1].span[1] if self.found else 0

    @property
    def last_thing(self) -> str | None:
        """The unit of the last count or token quantity read, which "each" and 每条 refer back to."""
        return next((q.unit for q in reversed(self.found) if q.kind in ("count", "tokens") and q.unit), None)

    def scan(self) -> list[Quantity]:
        pos = 0
        while match := self._next_start(pos):
            blocked_end = self._blocked_end(match.start())
            if blocked_end is not None:
                pos = max(blocked_end, match.start() + 1)
                continue
            quantities, pos = self._at(match)
            if quantities:
                quantities[0] = self._priced_one(quantities[0])
                self._share_backwards(quantities[0])
                quantities[0] = self._shared_forwards(quantities[0])
                self.found += quantities
        return self.found

    def _next_start(self, pos: int) -> re.Match[str] | None:
        """The first place at or after `pos` where a figure may start, in digits, Chinese or English words."""
        found = p.START.search(self.text, pos)
        if self.words and (word := p.START_WORDS.search(self.text, pos)):
            return word if found is None or word.start() < found.start() else found
        return found

    def _priced_one(self, new: Quantity) -> Quantity:
        """An amount right after "one <thing>" in its clause is a price per that thing ("人工处理一张工单成本15元",
        "one ticket costs $6"): the one is its denominator, not a figure."""
        if not self.found or new.kind not in ("money", "number") or new.per is not None or new.period is not None:
            return new
        one = self.found[-1]
        between = self.text[one.span[1]:new.span[0]]
        if one.kind != "count" or one.value != 1 or one.unit is None or one.period is not None \
                or len(between) > _PRICED_GAP or p.CLAUSE_END.search(between) or re.search("[,，、]", between):
            return new
        self.found.pop()
        return dataclasses.replace(new, per=Per(1.0, one.unit))

    def _share_backwards(self, new: Quantity) -> None:
        """What is written once after two coordinated figures applies to both: a bare number takes the thing
        counted ("2M input and 500k output tokens"), and a figure of the same kind takes the period ("900M input
        tokens and 200M output tokens a month")."""
        if not self.found or not p.COORDINATED.fullmatch(self.text, self.found[-1].span[1], new.span[0]):
            return
        previous = self.found[-1]
        if previous.kind == "number" and new.kind in ("count", "tokens") and previous.unit is None:
            previous = dataclasses.replace(previous, kind=new.kind, unit=new.unit)
        joiner = self.text[self.found[-1].span[1]:new.span[0]]
        named = previous.kind == "money" and _NAMING_WORD.match(joiner)  # "$200k build plus $5k/month": two items
        if previous.kind == new.kind and previous.period is None and _CONJUNCTION.search(joiner) and not named:
            previous = dataclasses.replace(previous, period=new.period)  # a comma alone lists ("¥800k in, ¥1.5M a year")
        if previous.kind == new.kind == "tokens" and previous.per is None and _CONJUNCTION.search(joiner):
            previous = dataclasses.replace(previous, per=new.per)  # "800 input and 200 output tokens per request"
        self.found[-1] = previous

    def _shared_forwards(self, new: Quantity) -> Quantity:
        """A figure after a coordinated one of its sort, told only by its side, takes that one's unit: "700 tokens
        in and 250 out", "1500个输入token、500个输出token" are both tokens per request; "$0.15/$0.60 per million" are
        both prices per million."""
        if not self.found:
            return new
        previous = self.found[-1]
        joiner = self.text[previous.span[1]:new.span[0]]
        if previous.kind == new.kind == "money" and previous.per is None and new.per is not None \
                and joiner.strip() == "/":
            self.found[-1] = dataclasses.replace(previous, per=new.per)
            return new
        if previous.kind == new.kind == "money" and previous.per is not None and new.per is None \
                and new.period is None and _SIDE_JOINER.fullmatch(joiner):
            return dataclasses.replace(new, per=previous.per)  # "每百万token输入1元、输出2元", "$0.15 per 1M in, output $0.60"
        side = _SIDE.match(self.text, new.span[1]) or (new.unit == "output" and _SIDE.search(new.text))
        if previous.kind == "tokens" and new.kind in ("number", "count") and side and (
                _CONJUNCTION.search(joiner) or joiner.strip() in (",", "，")):
            return dataclasses.replace(new, kind="tokens", unit=previous.unit, per=previous.per,
                                       period=new.period or previous.period)
        return new

    def _blocked_end(self, start: int) -> int | None:
        while self.blocked and self.blocked[0][1] <= start:
            self.blocked.pop(0)
        return self.blocked[0][1] if self.blocked and self.blocked[0][0] <= start else None

    def _quantity(self, start: int, end: int, value: float, kind: Kind, **fields: object) -> Quantity:
        """A Quantity over `text[start:end]`, trailing spaces left out of its span."""
        while end > start and self.text[end - 1].isspace():
            end -= 1
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
        if group == "sword":
            return [self._quantity(start, end, SHARE_WORDS[match[0].lower()], "percent")], end
        if group == "tenths":  # 三成 = 30%, 七成五 = 75%
            tenths, _, hundredths = match["tenths"].partition("成")
            value = (cjk_value(tenths) or 0.0) / 10 + (cjk_value(hundredths) or 0.0) / 100
            return [self._quantity(start, end, value, "percent")], end
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
        period, per, pos = self._tails(pos, first.euro)
        lone = ends[0] if len(ends) == 1 else None
        if lone and lone.weak and (lone.implied or lone.final_kind in ("number", "year", "score")) \
                and not self._labelled_digit(lone, pos):
            return [], pos  # 一起, 一次性, 十分: words, not figures
        if self._is_denominator(first, ends, period, per):
            return [], pos
        if lone and lone.kind is None and not lone.weak:
            ends = [self._thing_before(lone)]
        period = period or ends[-1].period
        if period is None and (ends[0].final_kind == "money" or ends[0].final_kind == "duration"
                               and ends[0].unit in ("hour", "day")):  # "1,500 hours of analyst time a month"
            period = self._period_after_noun(pos)
        if ends[0].final_kind not in _NO_PERIOD_KINDS and (period is None or per is None):
            before_period, before_per = self._before(first.start)
            period, per = period or before_period, per or before_per
        return self._emit(ends, pos, period, per, is_range), pos

    def _labelled_digit(self, end: End, pos: int) -> bool:
        """A lone Chinese numeral between a label and a clause end is a figure ("假阳性十，", "风险五。"), not a word
        (一起, 十分, 周三, 之一)."""
        text = self.text
        raw = text[end.start:pos].strip()
        return (len(raw) == 1 and raw != "一" and not end.implied and end.start > 0
                and _is_cjk(text[end.start - 1]) and text[end.start - 1] not in _NOT_LABEL
                and (pos >= len(text) or text[pos] in "，,。；;、！？!?\n"))

    def _emit(self, ends: list[End], end: int, period: Period | None, per: Per | None,
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
    def _first_end(self, core: re.Match[str]) -> End | None:
        """The figure at a START match with its prefix, or None when the numeral is a name, label or id."""
        text, start = self.text, core.start()
        before, before2 = text[start - 1 : start], text[max(0, start - 2) : start]
        prefix = None
        if before in p.PREFIX_ENDS or (before == " " and before2[:1] in p.PREFIX_ENDS):
            prefix = p.PREFIX.search(text, max(self.last_end, start - _PREFIX_CHARS), start)
        if (prefix is None and before in (" ", "-") and (before2[:1].isascii() and before2[:1].isalpha()
                                                         or before2[:1] == ".")
                and p.NAME_BEFORE.search(text, max(0, start - 12), start)
                and not _PERCENT_NEXT.match(text, start)):  # "Claude 90%" is a share, "Llama 3" a name
            return None
        end = read_end(self.text, core, prefix)
        if end is None or prefix is None:
            return end
        if prefix["times"]:  # "× 7 days" in a formula is still a duration
            return end if end.kind else end._replace(start=prefix.start(), kind="factor", weak=False)
        sign = -1.0 if (prefix["sign"] or prefix["bare_sign"]) == "-" else 1.0
        end = end._replace(start=prefix.start(), number=sign * end.number)
        if prefix["ord"]:
            return end._replace(kind="ordinal", unit=None, currency=None, weak=False)
        if prefix["pct"] or prefix["permille"]:
            return end._replace(kind="percent", divisor=100.0 if prefix["pct"] else 1000.0, weak=False)
        currency = p.currency_of(prefix)
        if currency and end.kind in (None, "money", "count", "tokens"):  # "¥50k monthly GPU costs": money for GPUs
            return end._replace(kind="money", currency=currency, weak=False, unit=None)
        return end

    def _thing_before(self, end: End) -> End:
        """A bare number counts the thing named just before it ("注册用户10万", "Active users: 120k")."""
        text, start = self.text, end.start
        near = text[max(0, start - 3) : start]
        if not (near and (_is_cjk(near[-1]) or ":" in near or "：" in near or near[-1] == " " and _is_cjk(near[-2:-1]))):
            return end
        named = p.THING_BEFORE.search(text, max(self.last_end, start - 16), start)
        if named is None:
            return end
        thing = p.split_group(named.lastgroup or "")[1]
        return end._replace(kind="tokens" if thing == "token" else "count", unit=thing, year_like=False)

    # ------------------------------------------------------------------------------------------------ two figures
    def _joined(self, first: End) -> tuple[list[End], int, bool]:
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
        second = read_end(text, core, currency)
        if second is None:
            return [first], first.end, False
        if currency:
            second = second._replace(start=currency.start(), kind="money", currency=p.currency_of(currency))
        change = bool(connector["arrow"]) or (
            bool(connector["to"] or connector["zhto"]) and p.FROM_BEFORE.search(text, max(0, first.start - 8),
                                                                                first.start) is not None
        ) or (bool(connector["zhto"]) and len(connector["zhto"]) > 1)
        if connector["and"] and not p.BETWEEN_BEFORE.search(text, max(0, first.start - 10), first.start):
            return [first], first.end, False
        shared = share(first, second)
        if shared is None:
            return [first], first.end, False
        low, high = shared
        if change:
            return [low, high], high.end, False
        if low.value > high.value or (low.weak and high.weak and low.kind is None):  # "一到两" alone: words
            return [first], first.end, False
        return [low, high], high.end, True

    def _ratio(self, first: End) -> End | None:
        """A ratio starting at the first end, or None. Its value is part / total: "10 of 400 outputs", "1 in 20",
        "1/3 of users" write the part first; "400个中有10个", "50条回答里错了3条", 三分之一 write the total first."""
        if first.kind not in (None, "count", "tokens"):
            return None
        text = self.text
        after = text[first.end : first.end + 1]
        if after.isspace():
            link, part_first = p.RATIO_EN.match(text, first.end), True
        elif after == "/":
            link, part_first = p.FRACTION_SLASH.match(text, first.end), True
        elif _is_cjk(after):
            link, part_first = p.RATIO_ZH.match(text, first.end) or p.FRACTION_ZH.match(text, first.end), False
        else:
            return None
        if link is None or (link.re is p.FRACTION_SLASH and (first.year_like or first.scale != 1.0)):
            return None
        core = p.CORE.match(text, link.end())
        other = read_end(text, core, None) if core else None
        if other is None or other.kind not in (None, "count", "tokens") or (
                other.weak and other.kind is None and link.re is p.RATIO_ZH):
            return None
        part, total = (first, other) if part_first else (other, first)
        if total.number == 0:
            return None
        end = other.end
        named = [e.unit for e in (total, part) if e.unit and not e.implied]
        unit = named[0] if named else total.unit or part.unit
        if unit is None and (thing := p.THING_AFTER.match(text, end)):
            unit, end = p.split_group(thing.lastgroup or "")[1], thing.end()
        elif not part_first and (classifier := p.CLASSIFIER.match(text, end)):
            end = classifier.end()
        return End(first.start, end, part.number / total.number, kind="ratio", unit=unit)

    # ------------------------------------------------------------------------------------------------ periods, per
    def _tails(self, pos: int, euro: bool) -> tuple[Period | None, Per | None, int]:
        """Period and denominator phrases after a figure ("/mo", " per engineer per day", "/GPU-hour")."""
        period: Period | None = None
        per: Per | None = None
        if pos >= len(self.text) or self.text[pos] in _NO_TAIL_AFTER:
            return period, per, pos
        for _ in range(3):
            if (period is None and (match := p.PERIOD_TAIL.match(self.text, pos)) and not self._leads_on(match)
                    and not self._next_clause(match)):
                period, pos = cast(Period, p.split_group(match.lastgroup or "")[1]), match.end()
            elif (per is None and (match := p.PER_TAIL.match(self.text, pos)) and not self._leads_on(match)
                  and not (period is not None and match.groupdict().get("generic"))  # "per minute per API key"
                  and (found := read_per(match, euro))):
                per, pos = found, match.end()
                period = period or cast("Period | None", match["hyphen"])
            elif per is None and (match := p.EACH_TAIL.match(self.text, pos)) and (thing := self.last_thing):
                per, pos = Per(1.0, thing), match.end()
            else:
                break
        return period, per, pos

    def _period_after_noun(self, pos: int) -> Period | None:
        """The period of an amount said after the noun it qualifies ("£45k benefit a year", "¥1.5M in savings per
        year"); reported, not spanned."""
        match = _NOUN_THEN_PERIOD.match(self.text, pos)
        if match is None:
            return None
        return cast(Period, match["p"].lower() if match["p"] else _ADVERB_PERIODS[match["adv"].lower()])

    def _next_clause(self, tail: re.Match[str]) -> bool:
        """True for a period word after a comma that starts the next clause's noun phrase ("800k, annual savings
        1.5M"), unlike a period said after the comma (", annually")."""
        rest = self.text[tail.end():tail.end() + 2].lstrip()
        return "," in tail[0] and bool(rest) and (rest[0].isalpha() or rest[0].isdigit())

    def _leads_on(self, tail: re.Match[str]) -> bool:
        """True for a Chinese 每天 / 一个月 followed by another figure in its clause: it belongs to that one."""
        return any(ch in tail[0] for ch in "每一") and p.FIGURE_AHEAD.match(self.text, tail.end()) is not None

    def _before(self, start: int) -> tuple[Period | None, Per | None]:
        """A period or denominator written earlier in the clause, with no other figure in between."""
        lo = max(self.last_end, start - _LOOK_BACK)
        period: Period | None = None
        per: Per | None = None
        if not p.BEFORE_CUE.search(self.text, lo, start):
            return period, per
        for clause_end in p.CLAUSE_END.finditer(self.text, lo, start):
            lo = clause_end.end()
        for match in p.PERIOD_BEFORE_RE.finditer(self.text, lo, start):
            period = cast(Period, p.split_group(match.lastgroup or "")[1])
        for match in p.PER_BEFORE.finditer(self.text, lo, start):
            if _IF_EVERY.search(self.text, max(0, match.start() - 12), match.start()) \
                    and len(_WORD.findall(self.text, match.end(), start)) > _PER_GAP_WORDS:
                continue  # "if every call went to the model we'd pay $42k": a supposition about all, no denominator
            if match["back"]:  # 每条, 每次: one of the thing counted before, or what the measure word counts
                per = Per(1.0, self.last_thing or classifier_thing(match["back"]))
            elif found := read_per(match):
                per = found
        return period, per

    def _is_denominator(self, first: End, ends: list[End], period: Period | None, per: Per | None) -> bool:
        """True for "每1000次调用" or "per 1,000 requests" before the figure they divide: `_before` reads it."""
        if len(ends) > 1 or first.kind not in (None, "count", "tokens") or period is not None or per is not None:
            return False
        before = self.text[max(0, first.start - 6) : first.start]
        return ("每" in before or "per" in before.lower()) and p.PER_SIGN_BEFORE.search(
            self.text, max(0, first.start - 6), first.start) is not None


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" if ch else False
