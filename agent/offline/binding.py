"""Typed slot filling: bind the quantities of a question to a calculator's declared inputs (`slots.Slot`).

Every quantity comes from the one reader (`read_quantities`). A quantity fits an input when its kind, period and
denominator are compatible with what the input declares; a fit is scored by that compatibility, by how close the
input's English and Chinese label words sit to the figure (shared tokenizer; Chinese words as written), by the
counted thing the figure follows ("$800 a day" after "25 engineers" is a day rate), and by whether the assistant
just asked for that input. The best fits are taken one input and one quantity at a time. Periods are converted
explicitly (per day × 30 → per month, hours a day × 30 → hours a month) and each conversion is stated as an
assumption. A quantity that fits no input is reported as unused, never forced in; an input the calculator still
needs (its own validator says which) is asked for by name.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from pm_assistant.agent.offline.reading import currency_in
from pm_assistant.agent.offline.slots import Slot, slot_named, slots_of
from pm_assistant.core.text.quantities import Period, Quantity, read_quantities
from pm_assistant.core.text.quantities.products import Product, products
from pm_assistant.core.text.quantities.vocab import PER_PERIOD_FACTOR
from pm_assistant.core.text.tokens import tokenize

_WINDOW = 40  # characters of context read on each side of a figure
_CLAUSE_END = re.compile(r"[,，;；。!?！？\n]|\.\s|\band\b|\bwith\b|\bplus\b|[、：:]")
_SENTENCE_END = re.compile(r"[;；。!?！？\n]|\.\s")
_PER_ALIASES = {"request": {"request", "question", "message", "conversation", "call", "ticket", "answer", "output",
                             "document", "page", "image", "sample"},
                "token": {"token", "output", "answer"}, "sample": {"sample", "image", "document", "page"},
                "user": {"user", "customer", "person"}}
_DURATION_FACTORS = {("month", "year"): 12.0, ("day", "week"): 7.0, ("day", "month"): 30.0, ("hour", "min"): 1 / 60}
_PERIOD_WORDS = {"minute": ("a minute", "每分钟"), "hour": ("an hour", "每小时"), "day": ("a day", "每天"), "week": ("a week", "每周"),
                 "month": ("a month", "每月"), "quarter": ("a quarter", "每季度"),
                 "year": ("a year", "每年")}
_MIN_SCORE = 0.2
_EACH = re.compile(r"\beach\b|\bper\b|\bapiece\b|\ba (?:call|request|query|sample|piece)\b|每|@")
_PERIOD_WRITTEN = re.compile(r"[A-Za-z]{3,}|[年月天日周时]")  # words on the figure itself (not just "¥800k")
_PAST = re.compile(r"去年|前年|上一?年度?|上个?月|上季度|\b(?:last|previous|prior) (?:year|quarter|month)\b", re.I)
PAST_PENALTY = 1.5
PAID_BONUS = 1.5
FORMER_PENALTY = 1.0
ASKED_BONUS = 4.0
EDIT_BONUS = 0.3


@dataclass(frozen=True)
class Fit:
    """One quantity placed in one input: the value the input gets, how well it fits, and any assumption made."""

    slot: Slot
    quantity: Quantity | None
    value: float
    score: float
    assumption: str | None = None
    parts: tuple[Quantity, ...] = ()  # the figures a derived quantity multiplies (`products`): all taken with it

    @property
    def taken(self) -> tuple[Quantity, ...]:
        """The question's figures this fit uses."""
        return self.parts or ((self.quantity,) if self.quantity is not None else ())


@dataclass
class Bound:
    """What a question filled in a calculator: its arguments, the fits behind them, what went unused, the
    assumptions stated, and the inputs still needed (field names)."""

    tool: str
    args: dict[str, Any]
    fits: list[Fit] = field(default_factory=list)
    unused: list[Quantity] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # inputs a figure would fill if it said per month or per year


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.4g}"


def _context(text: str, q: Quantity, qs: Sequence[Quantity], clause: re.Pattern[str] = _CLAUSE_END) -> tuple[str, str, float]:
    """The clause text just before and just after a figure, not crossing into a neighbouring figure, and the
    weight of the words after it (half when they run on into the next figure). `clause` says where a clause ends
    (a product of figures reads its whole sentence: "5个岗位每人年薪12万，都能省下")."""
    prev_end = max((o.span[1] for o in qs if o.span[1] <= q.span[0]), default=0)
    next_start = min((o.span[0] for o in qs if o.span[0] >= q.span[1]), default=len(text))
    head = text[max(prev_end, q.span[0] - _WINDOW):q.span[0]]
    tail = text[q.span[1]:min(next_start, q.span[1] + _WINDOW)]
    head = clause.split(head)[-1]
    runs_on = next_start < len(text) and len(tail) == next_start - q.span[1] and not clause.search(tail)
    tail = clause.split(tail)[0]
    return head.lower(), tail.lower(), 0.5 if runs_on else 1.0


def _subject(q: Quantity, qs: Sequence[Quantity], text: str) -> str | None:
    """The counted thing a figure is about: its own denominator, or the last count before it in the sentence
    ("3 engineers at $800/day" → engineer)."""
    if q.per is not None and q.per.unit:
        return q.per.unit
    if q.kind == "count":
        return q.unit
    earlier = [o for o in qs if o.span[1] <= q.span[0] and o.kind == "count" and o.unit]
    if not earlier:
        return None
    last = earlier[-1]
    return last.unit if not re.search(r"[.;；。!?]", text[last.span[1]:q.span[0]]) else None


def _says_any(text: str, words: Sequence[str]) -> bool:
    """True when the text holds one of the words (English as whole words, Chinese as written)."""
    return any(re.search(rf"\b{re.escape(w)}\b", text) if w.isascii() else w in text for w in words)


def label_score(slot: Slot, head: str, tail: str, own: str, tail_weight: float = 1.0) -> float:
    """How strongly the words around a figure name this input: nearer label words count more; words after it
    count less when they run on into the next figure (they may be that figure's label)."""
    score = 0.0
    if slot.terms:
        before, after, mine = tokenize(head), tokenize(tail), set(tokenize(own))
        for term in slot.terms:
            weights = [1.5] if term in mine else []
            weights += [1 / (1 + 0.35 * (len(before) - 1 - i)) for i, t in enumerate(before) if t == term]
            weights += [tail_weight / (1 + 0.35 * i) for i, t in enumerate(after) if t == term]
            score += max(weights, default=0.0)
    for word in slot.words:  # short words the tokenizer drops ("to", "from"), matched as whole words
        weights = [1.0] if re.search(rf"\b{word}\s*$", head) else []
        score += max(weights, default=0.0)
    for word in slot.zh:
        weights = [1.5] if word in own else []
        at = head.rfind(word.lower())
        if at >= 0:
            weights.append(1 / (1 + (len(head) - at - len(word)) / 4))
        at = tail.find(word.lower())
        if at >= 0:
            weights.append(tail_weight / (1 + at / 4))
        score += max(weights, default=0.0)
    return score


def _kind_fit(slot: Slot, q: Quantity) -> float | None:
    """How a quantity's kind suits the input (None: not at all)."""
    if q.kind == slot.kind:
        if slot.kind == "count" and slot.units and q.unit not in slot.units:
            return None
        return 0.5
    if q.kind == "number" and slot.kind in ("money", "count", "tokens", "score") and not slot.unit_rate:
        return -0.8  # a bare figure: only its label words can place it (a price per GPU-hour needs a currency)
    if q.kind == "count" and slot.kind == "tokens" and q.unit == "token":
        return 0.5
    if slot.kind == "percent" and 0 < q.value <= 1:
        if q.kind == "ratio":  # "三分之一", "1 in 5": a share as a fraction
            return 0.3
        if q.kind == "number":  # "hit rate is 0.1 today": a fraction written bare, placed only by its label words
            return -0.8
    return None


def _per_fit(slot: Slot, q: Quantity) -> tuple[float, float] | None:
    """(score, value) for the denominator: a price per million tokens becomes a price per 1,000."""
    if slot.per is None:
        if q.per is None or slot.kind in ("count", "duration") or (slot.unit_rate and q.per.unit in slot.units):
            return 0.0, q.value
        return None
    if q.per is None:  # "each costs $0.002": the denominator said in words around the figure (see `fit`)
        return -1.2, q.value
    accepted = _PER_ALIASES.get(slot.per, {slot.per})
    if q.per.unit is not None and q.per.unit == q.unit:  # "800 tokens … each": each of what the sentence counts
        return 0.3, q.value
    if q.per.unit is not None and q.per.unit not in accepted:
        return None
    return 0.5, q.value * slot.per_value / (q.per.value or 1.0)


def _period_fit(slot: Slot, q: Quantity, value: float, lang: str) -> tuple[float, float, str | None] | None:
    """(score, value, assumption) for the period: flows are converted between periods, unit rates are not."""
    period = q.period
    if slot.kind == "duration":
        return _duration_fit(slot, q, value, lang)
    if slot.per is not None and slot.period is None:
        return (0.3, value, None) if period is None else None  # "800 tokens per request", not a month's tokens
    if slot.period is None:
        if period is None:
            return 0.3, value, None
        return (0.0, value, None) if slot.kind in ("count", "tokens") else None  # "2 A100 GPUs all month": 2 GPUs
    if slot.unit_rate or slot.per is not None:
        return (1.0, value, None) if period == slot.period else None if period is not None else (-0.6, value, None)
    if period is None:
        return None if slot.kind == "money" else (-0.6, value, None)  # "our bill is ¥1,980": a month or a year?
    if period == slot.period:
        return 1.0, value, None
    if period in ("minute", "hour") and slot.kind == "money":
        return None  # money by the hour is a rate ("$3/hr"), not a flow to total over a month
    converted = value * PER_PERIOD_FACTOR[period] / PER_PERIOD_FACTOR[slot.period]
    return 0.2, converted, _conversion_note(q, period, slot.period, converted, lang)


def _conversion_note(q: Quantity, frm: str, to: str, value: float, lang: str) -> str:
    """The assumption behind one period conversion, in words."""
    if lang == "zh":
        basis = {"day": "按每月30天计", "hour": "按每月720小时（全天候）计", "minute": "按每月43,200分钟（全天候）计", "week": "按每月约四周计",
                 "quarter": "按每季度三个月计", "year": "按每年十二个月计", "month": "按每月30天计"}
        return f"{_PERIOD_WORDS[to][1]} {_fmt(value)}，由 {q.text} 换算（{basis[frm if frm != 'month' else to]}）"
    basis = {"day": "assumed 30 days a month", "hour": "assumed 720 hours a month (round the clock)",
             "minute": "assumed 43,200 minutes a month (round the clock)",
             "week": "assumed about four weeks a month", "quarter": "a quarter taken as three months",
             "year": "a year taken as twelve months",
             "month": "assumed 30 days a month"}
    return f"{_fmt(value)} {_PERIOD_WORDS[to][0]} from {q.text} ({basis[frm if frm != 'month' else to]})"


def _duration_fit(slot: Slot, q: Quantity, value: float, lang: str) -> tuple[float, float, str | None] | None:
    """Durations: same unit, or a stated conversion (weeks → days, years → months); hours a day become hours a
    month when the input counts a month."""
    unit = next(iter(slot.units), q.unit)
    if q.unit != unit:
        factor = _DURATION_FACTORS.get((str(unit), str(q.unit)))
        if factor is None:
            return None
        value *= factor
    if slot.period is None:
        return (0.5, value, None) if q.period is None else None
    if q.period is None:
        return -0.4, value, None
    if q.period == slot.period:
        return 1.0, value, None
    converted = value * PER_PERIOD_FACTOR[q.period] / PER_PERIOD_FACTOR[slot.period]
    return 0.6, converted, _conversion_note(q, q.period, slot.period, converted, lang)


def _shared_per(q: Quantity) -> str:
    """The denominator a figure shares with its partner but does not write ("$0.15" of "$0.15/$0.60 per million"),
    as the words that would name it."""
    if q.per is None or "per" in q.text.lower() or "/" in q.text:
        return ""
    size = {1e3: " per thousand", 1e6: " per million"}.get(q.per.value, "")
    return size + (f" {q.per.unit}" if q.per.unit else "")


def fit(slot: Slot, q: Quantity, text: str, qs: Sequence[Quantity], lang: str, edited: bool = False,
        clause: re.Pattern[str] = _CLAUSE_END, derived: bool = False) -> Fit | None:
    """How `q` fits `slot` in this text, or None when its kind, denominator or period rule it out. In an edit of a
    calculation that has this input (`edited`), a figure without a period takes the input's ("only ¥600k" after
    "¥1.5M a year"). A product of figures (`derived`) keeps the period its factors give it."""
    if edited and q.period is None and slot.period is not None and slot.kind in ("money", "count", "tokens"):
        q = dataclasses.replace(q, period=slot.period)
    kind = _kind_fit(slot, q)
    if kind is None:
        return None
    per = _per_fit(slot, q)
    if per is None:
        return None
    period = _period_fit(slot, q, per[1], lang)
    if period is None:
        return None
    head, tail, tail_weight = _context(text, q, qs, clause)
    if slot.unless and _says_any(head, slot.unless):
        return None  # "saves ¥120k of labour cost a month": a cost saved is a benefit
    if slot.per is not None and q.per is None and slot.kind == "money" and not _EACH.search(f"{head} {tail}"):
        return None  # a price is per something ("$3 per sample", "each costs $0.002"); a lump sum is not
    subject = _subject(q, qs, text)
    own = q.text.lower() + (f" {subject}" if subject else "") + _shared_per(q)
    labels = 1.5 * label_score(slot, head, tail, own, tail_weight)
    if (kind < 0 or slot.named) and labels <= 0:
        return None  # a bare number, or an input only its words may fill, with no words naming this input
    borrowed = slot.period is not None and q.period is not None and not derived and not _PERIOD_WRITTEN.search(q.text)
    score = kind + per[0] + period[0] + labels - (0.7 if borrowed else 0.0)  # a period read from around it
    if slot.period is not None and _PAST.search(head):
        score -= PAST_PENALTY  # "去年收入5亿", "last year we billed $2M": the company's history, not this project's flow
    return Fit(slot, q, period[1], score, period[2])


_ONE_OFF_AFTER = re.compile(r"\s*(?:once|one[- ]off|one[- ]time|up[- ]?front)\b", re.I)


def _one_off(text: str, q: Quantity) -> bool:
    """An amount said to be paid once ("$150k once", "一次性投入80万"): never part of a recurring amount."""
    return bool(_ONE_OFF_AFTER.match(text, q.span[1]) or re.search(r"一次性\S{0,4}$", text[:q.span[0]]))


_JOINED = re.compile(r"^\s*(?:\+|plus|and|加上?|和)\s*$")
_PART_LABEL = re.compile(r"\s*(?:for |on |in )?([a-z][a-z-]+(?:\s(?!and\b|plus\b)[a-z][a-z-]+)?|[\u4e00-\u9fff]{2})", re.I)


def _breakdown(tool: str, f: Fit, text: str, free: Sequence[Quantity]) -> list[tuple[str, Quantity]]:
    """Labelled parts of one amount joined by "+" ("¥300k compute + ¥500k labour"): (label, amount) pairs; the
    calculator takes them as `<input>_breakdown` where it has one."""
    if f.quantity is None or f.quantity.kind != "money":
        return []
    lumps = [q for q in free if q.kind == f.quantity.kind and q.period in (None, f.quantity.period)
             and (q is f.quantity or not _one_off(text, q))]
    at = next((i for i, q in enumerate(lumps) if q is f.quantity), None)
    if at is None:
        return []
    if at + 1 < len(lumps) and re.fullmatch(r"\s*[(（]\s*", text[f.quantity.span[1]:lumps[at + 1].span[0]]):
        at += 1  # "¥800k (¥300k compute + ¥500k labour)": the parts of the amount, in brackets after it
    chain = [lumps[at]]
    for q in lumps[at + 1:]:
        label = _PART_LABEL.match(text, chain[-1].span[1])
        between = text[label.end() if label else chain[-1].span[1]:q.span[0]]
        if not _JOINED.match(between):
            break
        chain.append(q)
    parts = []
    for q in chain:
        label = _PART_LABEL.match(text, q.span[1])
        if label is None or label.group(1) in ("and", "per", "plus", "a", "an"):
            return []
        parts.append((label.group(1), q))
    return parts if len(parts) >= 2 else []


_BULLET = re.compile(r"^[ \t]*(?:[-*•·]|[0-9]{1,2}[.)、])[ \t]*(?P<label>[^:：\n]{1,40}?)[ \t]*[:：][ \t]*$")
_TOTAL = re.compile(r"\b(?:total|sum|overall|in all)\b|合计|总计|共计|小计|总额", re.I)


def _listed(f: Fit, text: str, free: Sequence[Quantity]) -> list[tuple[str, Quantity]]:
    """The items of a bulleted list the amount is one of ("## Investment / - Build: $380,000 / - Training:
    $20,000"): (label, amount) for every line of the list, each one amount of the same period, when there are
    two or more and none is a total; or the total line alone when the list has one ("- 合计：¥60万")."""
    if f.quantity is None or f.quantity.kind != "money":
        return []
    lines = _lines(text)
    at = next((i for i, (start, end) in enumerate(lines) if start <= f.quantity.span[0] < end), None)
    if at is None or _item(text, lines[at], free, f.quantity) is None:
        return []
    first = last = at
    while first > 0 and _item(text, lines[first - 1], free, f.quantity):
        first -= 1
    while last + 1 < len(lines) and _item(text, lines[last + 1], free, f.quantity):
        last += 1
    items = [item for line in lines[first:last + 1] if (item := _item(text, line, free, f.quantity))]
    totals = [item for item in items if _TOTAL.search(item[0])]
    if len(totals) == 1 and len(items) >= 3:
        return totals  # the list's own total stands for the amount
    return items if len(items) >= 2 and not totals else []


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _item(text: str, line: tuple[int, int], free: Sequence[Quantity], like: Quantity) -> tuple[str, Quantity] | None:
    """(label, amount) when the line is a bullet "label: amount" whose one figure is free money of `like`'s
    period, written last on the line."""
    on_line = [q for q in free if line[0] <= q.span[0] < line[1]]
    if len(on_line) != 1 or on_line[0].kind != "money" or on_line[0].period != like.period:
        return None
    q = on_line[0]
    label = _BULLET.match(text[line[0]:q.span[0]])
    if label is None or text[q.span[1]:line[1]].strip(" .;；。"):
        return None
    return label.group("label").strip(), q


def _position_bonus(slot: Slot, q: Quantity, qs: Sequence[Quantity]) -> float:
    """Of several figures of one kind, the first suits a "first" input (a rate before) and the last a "last" one."""
    same = [o for o in qs if o.kind == q.kind]
    if not slot.position or len(same) < 2:
        return 0.0
    return 1.0 if q is (same[0] if slot.position == "first" else same[-1]) else 0.0


_FROM = re.compile(r"(?:\bfrom|从|由)[^0-9,，。;；]{0,4}$", re.I)
_TO = re.compile(r"\s*(?:to|->|→|到|涨到|升到|降到|增长到|提高到|提升到|变成|变为)\s*$", re.I)


def _changes(text: str, qs: Sequence[Quantity]) -> dict[int, Quantity]:
    """Each change ("from $18k to $25k", 从2万涨到3万): the figure now (by id) → the former one, which is not the
    value now."""
    return {id(b): a for a, b in zip(qs, qs[1:], strict=False)
            if a.kind == b.kind and _FROM.search(text[max(0, a.span[0] - 8):a.span[0]])
            and _TO.fullmatch(text[a.span[1]:b.span[0]])}


def _paid(q: Quantity, qs: Sequence[Quantity], text: str) -> bool:
    """Whether a count is what the next amount in its sentence is paid per: that amount is a rate (per day, per
    hour, per head) and no other count of things stands between them."""
    if q.kind != "count":
        return False
    for other in qs:
        if other.span[0] < q.span[1]:
            continue
        if re.search(r"[.;；。!?！？\n]", text[q.span[1]:other.span[0]]):
            return False
        if other.kind == "count":
            return False
        if other.kind == "money":
            return other.period is not None or other.per is not None
    return False


def _cue(slot: Slot, text: str, lang: str) -> Fit | None:
    """An input set by a phrase rather than a figure ("running all month" → 720 hours per GPU)."""
    lowered = text.lower()
    phrase = next((c for c in slot.cues if c in lowered), None)
    if phrase is None or slot.cue_value is None:
        return None
    note = (f"“{phrase}” → 每月 {_fmt(slot.cue_value)} 小时（全天候）" if lang == "zh"
            else f"“{phrase}” → {_fmt(slot.cue_value)} hours a month (round the clock)")
    return Fit(slot, None, slot.cue_value, 0.5, note)


def _assign(candidates: list[Fit], forbidden: set[str]) -> list[Fit]:
    """Greedy best-first: each input, each input group and each quantity at most once."""
    taken: list[Fit] = []
    groups: set[str] = set()
    used: set[int] = set()
    for candidate in sorted(candidates, key=lambda f: -f.score):
        if candidate.slot.name in forbidden or candidate.slot.group in groups:
            continue
        if any(id(q) in used for q in candidate.taken):
            continue
        taken.append(candidate)
        groups.add(candidate.slot.group)
        used |= {id(q) for q in candidate.taken}
    return taken


def _consistent(taken: list[Fit], given: Collection[str] = ()) -> str | None:
    """An input to drop: one bound without the input it needs, or one bound beside an input it excludes (in this
    message or among the `given` inputs of the calculation it edits)."""
    names = {*(f.slot.name for f in taken), *given}
    for f in taken:
        if f.slot.needs and not any(n in names for n in f.slot.needs):
            return f.slot.name
        if any(other in names for other in f.slot.excludes):
            return f.slot.name  # the input that declares the exclusion gives way
    return None


def question_quantities(text: str) -> list[Quantity]:
    """The quantities a calculator input may take: all the reader finds except calendar years and ranks, a period
    named just before an undated figure ("一天3万次调用", "一年下来节省了300万") given to that figure."""
    qs = [q for q in read_quantities(text) if q.kind not in ("year", "ordinal")]
    out: list[Quantity] = []
    taken = False
    for q, nxt in zip(qs, [*qs[1:], None], strict=False):
        if taken:  # this figure already took the period before it
            taken = False
        elif nxt is not None and _leads(q, nxt, text):
            out.append(dataclasses.replace(nxt, period=cast(Period, q.unit)))
            taken = True
        else:
            out.append(q)
    return out


def _leads(q: Quantity, nxt: Quantity, text: str) -> bool:
    """Whether `q` is a period ("一天", "一年") said just before the undated figure `nxt`, only words between."""
    return (_one_period(q) and nxt.period is None and nxt.kind in ("money", "number", "count")
            and _LEAD_GAP.fullmatch(text[q.span[1]:nxt.span[0]]) is not None)


_LEAD_GAP = re.compile(r"[\u4e00-\u9fff]{0,6}")  # "一年下来节省了": Chinese words only, no figure or clause end


def bind(tool: str, text: str, *, lang: str = "en", prior: Mapping[str, Any] | None = None,
         asked: Sequence[str] = ()) -> Bound:
    """Fill `tool`'s inputs from `text`; `prior` holds the arguments of the calculation being edited and `asked`
    the inputs the assistant asked for last turn (an answer binds to them first)."""
    slots = slots_of(tool)
    qs = question_quantities(text)
    asked_groups = {s.group for name in asked if (s := slot_named(tool, name))}
    prior_groups = {s.group for name in (prior or {}) if (s := slot_named(tool, name))}
    candidates = []
    later = _changes(text, qs)
    former = {id(a) for a in later.values()}
    for q in qs:
        inherited = _sentence_period(q, qs, text)
        for slot in slots:
            found = fit(slot, q, text, qs, lang, edited=slot.name in (prior or {}))
            if id(q) in later:  # the figure now of a change is read with the words of the change ("账单从2万涨到3万")
                whole = fit(slot, dataclasses.replace(q, span=(later[id(q)].span[0], q.span[1])), text, qs, lang)
                if whole is not None and (found is None or whole.score > found.score):
                    found = dataclasses.replace(whole, quantity=q)
            if found is None and inherited is not None:  # "€8,000 a month, of which €2,000 is fixed"
                found = fit(slot, dataclasses.replace(q, period=inherited), text, qs, lang)
                found = found and dataclasses.replace(found, quantity=q, score=found.score - 0.4)
            if found is None and slot.assumed and q.period is None and q.kind in ("money", "number"):
                found = fit(slot, dataclasses.replace(q, period=slot.period), text, qs, lang)
                found = found and dataclasses.replace(found, quantity=q, score=found.score - 0.6,
                                                      assumption=_assumed_note(q, str(slot.period), lang))
            if found is None and q.period is not None and not _PERIOD_WRITTEN.search(q.text):
                # "¥800k and ¥1.5M a year": a period read from a neighbour may not be this figure's
                found = fit(slot, dataclasses.replace(q, period=None), text, qs, lang)
                found = found and dataclasses.replace(found, quantity=q, score=found.score - 0.5)
            if found is None:
                continue
            bonus = (ASKED_BONUS if slot.group in asked_groups else 0.0) + (
                EDIT_BONUS if slot.group in prior_groups else 0.0) + (EDIT_BONUS if slot.name in (prior or {}) else 0.0)
            bonus += 0.1 if slot.required else 0.0  # of two equal fits, the input the calculator cannot do without
            bonus += _position_bonus(slot, q, qs)
            if slot.kind == "count" and _paid(q, qs, text):
                bonus += PAID_BONUS  # "6 people. … 3 ML engineers for 25 days at $1,000/day": the heads the rate pays
            if id(q) in former and slot.position != "first":
                bonus -= FORMER_PENALTY  # "went from $18k to $25k": the bill now is the second figure
            if found.score + bonus > _MIN_SCORE:
                candidates.append(Fit(slot, q, found.value, found.score + bonus, found.assumption))
    candidates += [c for s in slots if (c := _cue(s, text, lang))]
    candidates += _product_fits(slots, text, qs, lang)
    forbidden: set[str] = set()
    taken = _assign(candidates, forbidden)
    replaced = {f.slot.group for f in taken}
    given = [n for n in (prior or {}) if not ((s := slot_named(tool, n)) and s.group in replaced)]
    for _ in range(len(slots)):
        drop = _consistent(taken, given)
        if drop is None:
            break
        forbidden.add(drop)
        taken = _assign(candidates, forbidden)
    used = {id(q) for f in taken for q in f.taken}
    args: dict[str, Any] = {f.slot.name: f.value for f in taken}
    split: list[str] = []
    asked_instead: set[int] = set()  # figures whose input is asked for rather than guessed
    for f in list(taken):
        if f not in taken:
            continue
        takes_parts = f"{f.slot.name}_breakdown" in fields_of(tool)
        free = [q for q in qs if id(q) not in used or q is f.quantity or not takes_parts]
        parts = _breakdown(tool, f, text, free) or (_listed(f, text, free) if takes_parts else [])
        if parts and not takes_parts:
            split.append(f.slot.name)  # "¥12,000 a month for API calls plus ¥3,000 for hosting": which is it?
            members = {id(q) for _, q in parts}
            for other in [o for o in taken if o.quantity is not None and id(o.quantity) in members]:
                taken.remove(other)
                args.pop(other.slot.name, None)
            used -= members
            asked_instead |= members
        elif len(parts) == 1:  # a list's total line: the amount itself
            used = (used - {id(f.quantity)}) | {id(parts[0][1])}
            args[f.slot.name] = parts[0][1].value
        elif parts:
            used |= {id(q) for _, q in parts}
            if parts[0][1] is f.quantity:  # the parts stand for the amount (else they follow it, in brackets)
                del args[f.slot.name]
            args[f"{f.slot.name}_breakdown"] = {label: q.value for label, q in parts}
    currency = currency_in(text, qs)
    if currency:
        args["currency"] = currency
    bound = Bound(tool, args, taken, [q for q in qs if id(q) not in used | asked_instead and q.kind != "factor"
                                      and not _one_period(q)],
                  [f.assumption for f in taken if f.assumption])
    bound.unused += [q for q in qs if q.kind == "factor" and id(q) not in used]
    bound.undated = [*split, *_undated(tool, text, qs, bound, lang)]
    _implied_ones(tool, text, bound, prior or {})
    return bound


def _flow(slot: Slot) -> bool:
    """An amount over a period with no denominator: a benefit, a running cost, a bill."""
    return slot.kind == "money" and slot.period is not None and slot.per is None and not slot.unit_rate


def _product_fits(slots: Sequence[Slot], text: str, qs: Sequence[Quantity], lang: str) -> list[Fit]:
    """Flow inputs filled by a product of figures ("6 FTEs at $90k/yr each"), for a rate that fits no input alone."""
    found = []
    for product in products(text, qs):
        if any(fit(s, product.rate, text, qs, lang) for s in slots):
            continue  # the calculator takes the rate itself (a day rate, a price per GPU-hour)
        others = sorted([q for q in qs if all(q is not part for part in product.parts)] + [product.quantity],
                        key=lambda q: q.span)
        for slot in slots:
            if not _flow(slot):
                continue
            found_fit = fit(slot, product.quantity, text, others, lang, clause=_SENTENCE_END, derived=True)
            if found_fit is not None and found_fit.score > _MIN_SCORE:
                note = product_note(product, lang)
                assumption = f"{note}; {found_fit.assumption}" if found_fit.assumption else note
                found.append(dataclasses.replace(found_fit, assumption=assumption, parts=product.parts))
    return found


def product_note(product: Product, lang: str) -> str:
    """The multiplication behind a derived amount, in words."""
    value = product.quantity.value
    shown = f"{value:,.0f}" if value == int(value) else f"{value:,.4g}"
    return f"{product.quantity.text} = {shown}" + ("（相乘得出）" if lang == "zh" else "")


def _implied_ones(tool: str, text: str, bound: Bound, prior: Mapping[str, Any]) -> None:
    """An input another one requires, written as "an ML engineer" / "a GPU": one of it, said in the working;
    when not written at all it is asked for (`Bound.undated`)."""
    from pm_assistant.core.text.quantities.vocab import THINGS_EN

    for f in list(bound.fits):
        for name in f.slot.requires:
            needed = slot_named(tool, name)
            if needed is None or name in bound.args or name in prior:
                continue
            things = "|".join(THINGS_EN[u] for u in sorted(needed.units) if u in THINGS_EN)
            one = re.search(rf"\b(?:an?|one|single)\s+(?:[\w-]+\s+){{0,2}}?(?:{things})", text, re.I) if things else None
            if one:
                bound.args[name] = 1
                bound.assumptions.append(f"“{one.group(0)}” → 1")
            elif name not in bound.undated:
                bound.undated.append(name)


def fields_of(tool: str) -> frozenset[str]:
    """The argument names `tool` accepts."""
    from pm_assistant.tools.registry import TOOLS

    return frozenset(TOOLS[tool].input_model.model_fields)


def _one_period(q: Quantity) -> bool:
    """"a month", 一个月, "one year": a period named, not a figure to place."""
    return q.kind == "duration" and q.value == 1 and q.unit in ("day", "week", "month", "year")


def _assumed_note(q: Quantity, period: str, lang: str) -> str:
    """The assumption behind taking an undated amount in an input's period."""
    if lang == "zh":
        return f"{q.text} 未说明周期，按{_PERIOD_WORDS[period][1]}计算"
    return f"{q.text} has no period: taken as {_PERIOD_WORDS[period][0]}"


def _sentence_period(q: Quantity, qs: Sequence[Quantity], text: str) -> Period | None:
    """The period of the last amount before an undated one in its sentence: a part of it shares it."""
    if q.kind not in ("money", "number") or q.period is not None:
        return None
    earlier = [o for o in qs if o.span[1] <= q.span[0] and o.kind in ("money", "number") and o.period]
    if not earlier or re.search(r"[.;；。!?]", text[earlier[-1].span[1]:q.span[0]]):
        return None
    return earlier[-1].period


def _undated(tool: str, text: str, qs: Sequence[Quantity], bound: Bound, lang: str) -> list[str]:
    """Flow inputs that an unused amount names by its words but not by its period ("our bill is ¥1,980"): asked
    for with their period rather than guessed."""
    groups = {f.slot.group for f in bound.fits}
    found = []
    for q in bound.unused:
        if q.kind not in ("money", "number") or q.period is not None:
            continue
        for slot in slots_of(tool):
            if slot.kind != "money" or slot.period is None or slot.unit_rate or slot.group in groups:
                continue
            dated = fit(slot, dataclasses.replace(q, period=slot.period), text, qs, lang)
            if dated is not None and dated.score > 1.5 + 0.5:  # its period fit plus words that name it
                found.append(slot.name)
                groups.add(slot.group)
                break
    return found

