"""The proposal's money figures, read with the shared quantity reader and placed by what surrounds them.

Each amount is read with its context: the clause it sits in, its `Label:`, the section kinds, and for a table
cell the column header and the row label. From that context an amount is an investment (one-off cost), a
running cost (a cost per day, week, month or year), a benefit (a saving or revenue per period), or none of
these (today's spend in the problem statement, a unit price). Then:

- investment: a figure marked total (合计, "Total one-off") wins; else the one-off items of the cost section
  are added up; in an options table only the chosen option's row counts;
- running cost: the chosen option's; several alternatives in one sentence resolve to the one the text calls
  cheaper and proposes, else the highest (and the review says so);
- benefit: the net figure when the proposal gives net and gross ("the figure we count is the net saving"),
  with its period; an amount with no period is not used for payback.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from pm_assistant.agent.review.products import Located, Product, hourly, per_head, per_item, share_of
from pm_assistant.agent.review.sections import Reading
from pm_assistant.agent.review.structure import Sentence, normalise
from pm_assistant.agent.review.vocab import figure_cues
from pm_assistant.agent.review.wording import Notes, say, tr
from pm_assistant.core.text.quantities import Period, Quantity, read_quantities
from pm_assistant.core.text.sentences import split_clauses
from pm_assistant.tools.fmt import num

_OPTION_NAME = re.compile(r"(?:option|plan|route|方案|选项)\s*([A-Za-z0-9一二三四])\b|^([A-D])[.)、:：]", re.IGNORECASE)
_LABEL_OPTION = re.compile(r"^([A-D])[\s.)、]")  # a label "A 公有云大模型 API" names option A
_CHOSEN_NAME = re.compile(r"(?:option|plan|route|方案|选项)?[\s:：]*([A-D]|[一二三四])(?![A-Za-z])", re.IGNORECASE)
_PERIODS = ("day", "week", "month", "quarter", "year")


@dataclass(frozen=True)
class Mention:
    """One amount of money with the context that says what it is."""

    value: float
    currency: str | None
    period: str | None
    role: str  # "investment" | "running" | "benefit" | "other"
    sentence: Sentence
    context: str
    total: bool = False
    net: bool | None = None  # True net, False gross, None unsaid
    option: str | None = None  # the option this amount belongs to (options tables and comparisons)
    kinds: tuple[str, ...] = ()  # the kinds of its sentence (its label's or its section's)
    derivation: tuple[float, float] | None = None  # (per month, months) when a one-off cost is paid monthly
    named: bool = False  # a benefit word stands right before the amount ("a net saving of $22k")
    product: Product | None = None  # worked out from stated factors (heads × cost per head, hours × rate, …)


@dataclass(frozen=True)
class Figure:
    """A figure the review uses, with the sentence it came from and how it was chosen."""

    value: float
    unit: str | None  # the currency (ISO code) for money
    source: str
    period: str | None = None
    note: str = ""


@dataclass
class Money:
    """The proposal's investment, running cost and benefit (None where it states none), and notes."""

    investment: Figure | None = None
    running: Figure | None = None
    benefit: Figure | None = None
    chosen_option: str | None = None
    notes: Notes = field(default_factory=Notes)
    mentions: list[Mention] = field(default_factory=list)


def _has(group: str, text: str) -> bool:
    return figure_cues().has(group, text)


def _period_from(text: str) -> str | None:
    """The period a text names: a period cue ("per year", 每月), or in Chinese 年/月 written as the first
    character of a cost or benefit word ("年运维费用", "月节省")."""
    named = next((period for period in ("year", "quarter", "month") if _has(f"per_{period}", text)), None)
    return named or _cjk_period_prefix(text)


_CJK_PERIOD: dict[str, Period] = {"年": "year", "月": "month"}
_PERIOD_JUST_BEFORE = re.compile(r"一个?([年月])\s*(?:约|大概|大约)?\s*$")  # "一个月 1.2 万", "一年约 30 万"
_PREFIX_REACH = 4  # CJK characters allowed between 年/月 and the cost or benefit word ("年运维费用")


def _cjk_period_prefix(text: str) -> str | None:
    for match in re.finditer(r"(?<![\d个])([年月])(?=[\u4e00-\u9fff])", text):
        rest = text[match.end() : match.end() + _PREFIX_REACH + 2]
        if any(
            cue.start() <= _PREFIX_REACH and not re.search(r"[^\u4e00-\u9fff]", rest[: cue.start()])
            for group in ("cost", "benefit") for cue in figure_cues().find(group, rest)
        ):
            return _CJK_PERIOD[match.group(1)]
    return None


def _option_name(text: str) -> str | None:
    match = _OPTION_NAME.search(text.strip())
    return (match.group(1) or match.group(2)).upper() if match else None


def _sentence_option(sentence: Sentence) -> str | None:
    """The option a table row or a labelled line belongs to ("B. Self-host" row, "A 公有云 API: …")."""
    if sentence.table and sentence.cells:
        return _option_name(sentence.cells[0])
    if sentence.label and (match := _LABEL_OPTION.match(sentence.label)):
        return match.group(1)
    return _option_name(sentence.text) if _OPTION_NAME.match(sentence.text.strip()) else None


def _role(context: str, near: str, kinds: list[str], period: str | None) -> str:
    """What an amount is, from the words near it (its clause, label, column) and the section kinds."""
    if _has("benefit", near) and not re.search(r"\bcosts? (?:us|of)\b", near):
        return "benefit"
    cost_word = _has("cost", near) or _has("one_off", near) or _has("total", near)
    if "benefit" in kinds and not cost_word:
        return "benefit"
    if "benefit" in kinds and not ({"investment", "running_cost"} & set(kinds)):
        return "other"  # a cost inside the benefit section is what makes the benefit net
    if "problem" in kinds and not ({"investment", "running_cost", "benefit"} & set(kinds)):
        return "other"  # today's spend, not the project's
    if _has("baseline", near) and not _has("one_off", near):
        return "other"
    if period is not None:
        return "running" if (cost_word or {"running_cost", "investment", "alternatives"} & set(kinds)) else "other"
    if cost_word or {"investment", "alternatives"} & set(kinds):
        return "investment"
    return "other"


def _pieces(sentence: Sentence) -> list[tuple[str, str, str]]:
    """(text to read, the words near it, the wider context) for a sentence or each cell of a table row."""
    label = sentence.label or ""
    if not sentence.table:
        text = normalise(sentence.body)
        merged: list[str] = []
        for clause in split_clauses(text):  # a clause without a figure lends its words to the next one
            if merged and not read_quantities(merged[-1]):
                merged[-1] = f"{merged[-1]}，{clause.text}"
            else:
                merged.append(clause.text)
        return [(clause, f"{label} {clause}", f"{label} {text}") for clause in merged] or [
            (text, f"{label} {text}", text)
        ]
    row_label = sentence.cells[0] if sentence.cells else ""
    out = []
    for i, cell in enumerate(sentence.cells):
        header = sentence.header[i] if i < len(sentence.header) else ""
        near = f"{header} {row_label}" if i else header
        out.append((normalise(cell), f"{near} {cell}", " ".join(sentence.cells)))
    return out


def _list_option(reading: Reading, sentence: Sentence) -> str | None:
    """An item's place ("1", "2"…) in a list its lead-in presents as options ("we costed two ways:")."""
    lead = reading.lead_ins.get(sentence.index)
    if lead is None or not (_has("compare", lead.text) or _has("option", lead.text)):
        return None
    siblings = [i for i, s in reading.lead_ins.items() if s.index == lead.index]
    return str(sorted(siblings).index(sentence.index) + 1)


def _same_option(option: str | None, chosen: str) -> bool:
    """True when an option name is the chosen one, by name or by place (option B is the second item)."""
    place = {"A": "1", "B": "2", "C": "3", "D": "4", "一": "1", "二": "2", "三": "3", "四": "4"}
    return option is not None and place.get(option, option) == place.get(chosen, chosen)


def _located(reading: Reading) -> list[Located]:
    """Every quantity of the proposal with its sentence and section (the factors a product may use)."""
    return [
        Located(q, text, s.index, s.section)
        for s in reading.sentences
        for text in [normalise(s.body)]
        for q in read_quantities(text)
    ]


def _product(q: Quantity, text: str, quantities: list[Quantity], sentence: Sentence, everything: list[Located]) -> Product | None:
    """The amount an amount stands for when it is a factor: per head, per hour, or the base of a share."""
    same = [Located(x, text, sentence.index, sentence.section) for x in quantities]
    whole = [i for i in everything if i.sentence == sentence.index]  # heads may sit in an earlier clause
    if match := next((i for i in whole if i.q.text == q.text and i.q.value == q.value), None):
        q, text, same = match.q, match.text, whole
    section = [i for i in everything if i.section == sentence.section and i.sentence != sentence.index]
    scopes = [same, section, everything]
    benefit = _has("benefit", f"{sentence.section} {sentence.text}")  # an item's cost saved, not one paid
    return (per_head(q, text, same) or share_of(q, text, same) or hourly(q, scopes)
            or (per_item(q, scopes) if benefit else None))


def _mentions(reading: Reading, currency: str | None) -> list[Mention]:
    found = []
    everything = _located(reading)
    opening = reading.sentences[0].block if reading.sentences and not reading.kinds(reading.sentences[0]) else None
    for sentence in reading.sentences:
        kinds = reading.kinds(sentence) or (["problem"] if sentence.block == opening else [])
        option = _sentence_option(sentence) or _list_option(reading, sentence)
        if _has("rejected", sentence.text) and not sentence.table:
            continue  # an alternative the proposal says it does not take
        for text, near, context in _pieces(sentence):
            quantities = read_quantities(text)
            amounts = [q for q in quantities if q.kind == "money" or (q.kind == "number" and q.value >= 1000)]
            start = 0
            for q in quantities:
                own, start = (near if sentence.table else text[start : q.span[1]]), q.span[1]  # words since the last figure
                money_section = bool({"investment", "running_cost", "benefit"} & set(kinds))
                # a table's own header says what it holds, unless the table sits in a section about money
                heading = "" if sentence.table and not money_section else sentence.section or ""
                if not _is_amount(q, text, near, f"{heading} {near} {context}") or _factor_of_stated(q, text, quantities):
                    continue
                if _in_breakdown(q, text, quantities):
                    continue  # "120 万（含硬件 60 万、软件 60 万）": parts of the amount before them
                product = _product(q, text, quantities, sentence, everything)
                if product is None and (q.per is not None or q.period == "hour"):
                    continue  # a unit price with nothing to multiply it by
                if _baseline(text[: q.span[0]]) and not _has("one_off", near):
                    continue  # today's spend ("目前…每年外包费用180万"), not the project's
                before = text[: q.span[0]] if len(amounts) == 1 else ""  # "Annual savings of $400k"
                if q.period is None and (just := _PERIOD_JUST_BEFORE.search(text[: q.span[0]])):
                    q = replace(q, period=_CJK_PERIOD[just.group(1)])  # "API 调用费一个月 1.2 万"
                if product is not None:
                    period = product.period
                elif sentence.table:  # the column header or row label gives the period, unless it is one-off
                    period = q.period or (None if _has("one_off", near) else _period_from(near))
                else:
                    period = q.period or _period_from(near.replace(text, "") + " " + before)
                value, derivation = (q.value, None) if product is None else (product.value, None)
                spread = _spread(quantities, q, period)
                if spread and (_has("one_off", near) or ("investment" in kinds and "running_cost" not in kinds)):
                    months, per_month = spread
                    value, period = per_month * months, None  # a build cost paid monthly over a fixed time
                    derivation = (per_month, months)
                cued = any(_has(g, own) for g in _MONEY_WORDS)
                role = _role(context, f"{label_of_piece(near, text)} {own}" if cued else near, kinds, period)
                if product is not None and period is not None and ("benefit" in kinds or _has("benefit", context)):
                    role = "benefit"  # people's time or cost per head, valued: what the project saves
                if role == "other":
                    continue
                net = True if _has("net", near) else False if _has("gross", near) else None
                found.append(
                    Mention(
                        value,
                        q.currency or currency,
                        period,
                        role,
                        sentence,
                        context,
                        _has("total", near),
                        net,
                        option or _option_name(text if sentence.table else near),
                        tuple(kinds),
                        derivation,
                        role == "benefit" and (product is not None or _has("benefit", own)),
                        product,
                    )
                )
    return found


_MONEY_WORDS = ("cost", "benefit", "one_off", "total")
_RESULT = re.compile(r"[=≈]")
_BREAKDOWN = re.compile(r"[(（]\s*(?:含|包括|包含|其中|incl\.?|including|of which)", re.IGNORECASE)


def _in_breakdown(q: Quantity, text: str, quantities: list[Quantity]) -> bool:
    """True for an amount inside a parenthesis that breaks down the amount right before it."""
    opened = [m for m in _BREAKDOWN.finditer(text, 0, q.span[0]) if ")" not in text[m.end() : q.span[0]]
              and "）" not in text[m.end() : q.span[0]]]
    return bool(opened) and any(x.kind in ("money", "number") and x.span[1] <= opened[-1].start() for x in quantities)


def _factor_of_stated(q: Quantity, text: str, quantities: list[Quantity]) -> bool:
    """True for an amount the text multiplies out itself ("3 agents × $4,000/month = $12,000/month"): the
    amount after the equals sign is the figure, this one a factor."""
    equals = _RESULT.search(text, q.span[1])
    return equals is not None and any(x.kind == "money" and x.span[0] >= equals.end() for x in quantities)
def _is_amount(q: Quantity, text: str, near: str, wider: str) -> bool:
    """True for money: a figure with a currency, or a large bare number with a money word near it (for 万/亿
    figures, anywhere in the sentence or, outside tables, its section heading: "运营成本 / 每年 24 万") that does not
    count things."""
    if q.kind == "money":
        return True
    if q.kind != "number" or q.value < 1000 or (q.period is None and _COUNTED.match(text, q.span[1])):
        return False
    return any(_has(g, near if "万" not in q.text else wider) for g in _MONEY_WORDS)


_COUNTED = re.compile(  # "42,000 eligible studies": a number of things, not an amount ("40k/month across" is one)
    r"\s+(?!(?:for|per|a|an|in|on|to|of|and|or|each|every|from|at|by|with|is|are|was|were|up|over|total)\b)"
    r"[A-Za-z]")


def _baseline(before: str) -> bool:
    """True when the words before an amount place it in today's process."""
    return _has("baseline", before)


def label_of_piece(near: str, text: str) -> str:
    """The label, column header or row label in front of a piece's text (what `near` adds to it)."""
    return near[: len(near) - len(text)] if near.endswith(text) else ""


_MONTHS = {"month": 1.0, "week": 7 / 30, "quarter": 3.0, "year": 12.0}


def _spread(quantities: list[Quantity], q: Quantity, period: str | None) -> tuple[float, float] | None:
    """(months, cost per month) when a cost per period runs for a stated time ("$60k a month for 5 months")."""
    if period not in _MONTHS or q.kind != "money":
        return None
    after = [d for d in quantities if d.kind == "duration" and d.unit in _MONTHS and d.span[0] >= q.span[1]]
    if not after:
        return None
    per_month = q.value / _MONTHS[period]
    return after[0].value * _MONTHS[after[0].unit or "month"], per_month


def _chosen_option(reading: Reading) -> str | None:
    """The option the proposal says it takes ("We go with option B", "最终选择方案B", a row marked chosen)."""
    for sentence in reading.sentences:
        if sentence.table:
            marked = any(_has("chosen", c) for c in sentence.cells[1:])
            if marked and (name := _option_name(sentence.cells[0])):
                return name
        elif _has("chosen", sentence.text) and (name := _option_name(sentence.text) or _named_after_choice(sentence)):
            return name
    return None


def _named_after_choice(sentence: Sentence) -> str | None:
    """The option letter right after a word of choice ("结论：选 B", "Selected option: A")."""
    text = sentence.text
    for cue in figure_cues().find("chosen", text):
        if match := _CHOSEN_NAME.match(text, cue.end()):
            return match.group(1).upper()
    return None


def _currency(reading: Reading) -> str | None:
    counts = Counter(
        q.currency for s in reading.sentences for q in read_quantities(normalise(s.text)) if q.currency is not None
    )
    return counts.most_common(1)[0][0] if counts else None


def _distinct(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[float, str | None]] = set()
    out = []
    for m in mentions:
        if (m.value, m.period) not in seen:
            seen.add((m.value, m.period))
            out.append(m)
    return out


def _usable(mentions: list[Mention], role: str, chosen: str | None) -> list[Mention]:
    """Mentions of a role that belong to no option, or to the chosen one."""
    of_role = [m for m in mentions if m.role == role]
    if chosen is not None:
        return [m for m in of_role if m.option is None or _same_option(m.option, chosen)]
    return of_role


def _in_own_section(mentions: list[Mention], *kinds: str) -> list[Mention]:
    """The mentions stated in a section of the first of `kinds` that has any (the investment section's items
    over an alternatives table's row); all of them when none is."""
    for kind in kinds:
        own = [m for m in mentions if kind in m.kinds]
        if own:
            return own
    return mentions


def _investment(mentions: list[Mention], chosen: str | None, notes: Notes) -> Figure | None:
    usable = _in_own_section(_usable(mentions, "investment", chosen), "investment")
    options = {m.option for m in usable if m.option}
    if chosen is None and len(options) > 1:
        usable = [m for m in usable if m.option is None]
    if not usable:
        return None
    totals = [m for m in usable if m.total]
    if totals:
        best = max(totals, key=lambda m: m.value)
        return Figure(best.value, best.currency, best.sentence.text)
    for m in usable:
        if m.derivation:
            notes.say("note_paid_monthly", per_month=num(m.derivation[0]), months=num(m.derivation[1]), value=num(m.value))
    plain = [m for m in usable if m.option is None] or usable
    listed = [m for m in _distinct(plain) if m.sentence.table or m.sentence.label or "investment" in m.kinds]
    largest = max(listed, key=lambda m: m.value) if listed else None
    if largest is not None and len(listed) > 2 and abs(2 * largest.value - sum(m.value for m in listed)) < 0.5:
        return Figure(largest.value, largest.currency, largest.sentence.text)  # a total and its breakdown
    if len(listed) > 1 and len({m.sentence.section for m in listed}) == 1:
        total = sum(m.value for m in listed)
        sources = list(dict.fromkeys(m.sentence.text for m in listed))
        parts = " + ".join(num(m.value) for m in listed)
        notes.say("note_investment_sum", count=len(listed), parts=parts, total=num(total))
        return Figure(total, listed[0].currency, " / ".join(sources))
    best = plain[0]
    return Figure(best.value, best.currency, best.sentence.text)


def _running(
    reading: Reading, mentions: list[Mention], chosen: str | None, investment: Figure | None, notes: Notes
) -> Figure | None:
    """The running cost: the one stated with the investment when there are several; of alternatives compared
    in one sentence, the one the text (or the next two sentences) calls cheaper and takes, else the highest."""
    usable = _in_own_section(_usable(mentions, "running", chosen), "running_cost", "investment")
    if not usable:
        return None
    in_option = [m for m in usable if chosen and _same_option(m.option, chosen)]
    labelled = [m for m in usable if m.option is None]
    group = labelled or in_option or usable
    alongside = [m for m in group if investment is not None and m.sentence.text in investment.source.split(" / ")]
    group = alongside or group  # the running cost stated with the investment taken, not an alternative's
    if summed := _sum_of_parts(group, notes):
        return summed
    first = group[0]
    same_sentence = [m for m in group if m.sentence.index == first.sentence.index and m.period == first.period]
    if len(_distinct(same_sentence)) > 1 and not _alternatives(same_sentence):
        return _sum_in_line(same_sentence, notes)
    if len(_distinct(same_sentence)) > 1:
        compared = _has("compare", first.sentence.text)
        sentence = first.sentence
        later = " ".join(s.text for s in reading.sentences[sentence.index : sentence.index + 3])
        if compared and _has("cheaper", sentence.text + " " + later):
            pick = min(same_sentence, key=lambda m: m.value)
            notes.say("note_running_cheaper", figure=_fmt(pick, notes.lang))
        else:
            pick = max(same_sentence, key=lambda m: m.value)
            notes.say("note_running_highest", figure=_fmt(pick, notes.lang))
        return Figure(pick.value, pick.currency, sentence.text, pick.period)
    return Figure(first.value, first.currency, first.sentence.text, first.period)


_OR = re.compile(r"\bor\b|\bvs\.?|\bversus\b|或|还是|或者", re.IGNORECASE)


def _alternatives(same_sentence: list[Mention]) -> bool:
    """True when the running costs of one line are alternatives ("$4k or $6k a month", a comparison), not
    parts of one cost ("API ~$3k/mo, hosting ~$1.5k/mo")."""
    text = same_sentence[0].sentence.text
    return _has("compare", text) or _has("option", text) or bool(_OR.search(text))


def _sum_in_line(parts: list[Mention], notes: Notes) -> Figure:
    """The running cost stated in parts (in one line, or one per item): their sum, per month when the periods
    differ."""
    periods = {m.period for m in parts}
    period = periods.pop() if len(periods) == 1 else "month"
    values = [m.value if m.period == period else m.value / _MONTHS[m.period or "month"] for m in parts]
    notes.say("note_running_sum", count=len(parts), parts=" + ".join(num(v) for v in values), total=num(sum(values)),
              period=tr(str(period), notes.lang))
    source = " / ".join(dict.fromkeys(m.sentence.text for m in parts))
    return Figure(sum(values), parts[0].currency, source, period)


def _sum_of_parts(group: list[Mention], notes: Notes) -> Figure | None:
    """The running cost stated as parts, one per list item, table row or labelled line of one section
    ("- Model API: $4,000 / month", "- Hosting: $2,500 / month"): their sum, per month when the periods
    differ; None when it is not stated that way (a total is given, or the lines are alternatives)."""
    by_sentence: dict[int, Mention] = {}
    for m in group:
        by_sentence.setdefault(m.sentence.index, m)
    parts = list(by_sentence.values())
    itemised = all(
        (m.sentence.kind == "item" or m.sentence.table or m.sentence.label)
        and not any(_has(g, m.sentence.text) for g in ("option", "chosen", "rejected", "cheaper"))  # alternatives
        for m in parts
    )
    if len(parts) < 2 or not itemised or len({m.sentence.section for m in parts}) > 1 or any(m.total for m in group):
        return None
    return _sum_in_line(parts, notes)


def _fmt(m: Mention, lang: str) -> str:
    return say("money_per", lang, value=f"{m.value:,.0f}", currency=m.currency or "", period=tr(str(m.period), lang)).replace(
        "  ", " "
    )


def _benefit(mentions: list[Mention], reading: Reading, notes: Notes) -> Figure | None:
    benefits = _usable(mentions, "benefit", _chosen_option(reading))
    periodic = [m for m in benefits if m.period in _PERIODS]
    if not periodic:
        if benefits:
            notes.say("note_benefit_no_period", quote=benefits[0].sentence.text)
        return None
    periodic = [m for m in periodic if m.named] or periodic
    net = [m for m in periodic if m.net is True]
    gross = [m for m in periodic if m.net is False]
    says_gross = any(_has("counts", s.text) and _has("gross", s.text) and not _has("net", s.text)
                     for s in reading.sentences)
    if net and not says_gross:
        pick = net[0]
        if gross:
            notes.say("note_net_counted")
    elif gross and says_gross:
        pick = gross[0]
        notes.say("note_gross_counted")
    else:
        totals = [m for m in periodic if m.total]
        if totals:
            pick = totals[0]
        else:
            items = [m for m in _distinct(periodic) if m.period == periodic[0].period and m.net is None]
            items = [m for m in items if "benefit" in m.kinds or m.sentence.index == items[0].sentence.index]
            if len(items) > 1:
                parts = " + ".join(num(m.value) for m in items)
                notes.say("note_benefit_sum", count=len(items), parts=parts, total=num(sum(m.value for m in items)))
                sources = " / ".join(dict.fromkeys(m.sentence.text for m in items))
                return Figure(sum(m.value for m in items), items[0].currency, sources, items[0].period)
            pick = periodic[0]
    return Figure(pick.value, pick.currency, pick.sentence.text, pick.period)


def read_money(reading: Reading, lang: str = "en") -> Money:
    """Investment, running cost and benefit as the proposal states them; None where it does not. Notes say
    how a figure was chosen or worked out, in `lang`."""
    currency = _currency(reading)
    mentions = _mentions(reading, currency)
    chosen = _chosen_option(reading)
    out = Money(chosen_option=chosen, mentions=mentions, notes=Notes(lang))
    out.investment = _investment(mentions, chosen, out.notes)
    out.running = _running(reading, mentions, chosen, out.investment, out.notes)
    out.benefit = _benefit(mentions, reading, out.notes)
    if chosen and any(m.option for m in mentions):
        out.notes.say("note_option_used", option=chosen)
    for what, figure in (("investment", out.investment), ("running cost", out.running), ("benefit", out.benefit)):
        for m in mentions:
            if figure is not None and m.product is not None and m.sentence.text in figure.source.split(" / "):
                period = tr(m.product.period, lang) if m.product.period else tr("one-off", lang)
                out.notes.say("note_product", what=tr(what, lang), formula=m.product.formula(), period=period)
    return out


_VOLUME_UNITS = frozenset({"request", "query", "conversation", "ticket", "call", "message", "chat", "session"})
_GPU_TIME = re.compile(r"gpu|卡时", re.IGNORECASE)  # "200 GPU hours a month", "500卡时/月": GPU time, not a count


def usage_inputs(reading: Reading) -> dict[str, Figure]:
    """Running-cost inputs for `ai_cost_estimate` as stated: requests per month, tokens per request, price per
    1,000 tokens, GPU hours per month and the GPU hourly rate (the first of each)."""
    found: dict[str, Figure] = {}

    def keep(name: str, value: float, currency: str | None, sentence: Sentence) -> None:
        found.setdefault(name, Figure(value, currency, sentence.text))

    for sentence in reading.sentences:
        text = normalise(sentence.body)
        for q in read_quantities(text):
            after = text[q.span[1] : q.span[1] + 20]
            if q.kind == "count" and q.unit in _VOLUME_UNITS and q.period == "month":
                keep("requests_per_month", q.value, None, sentence)
            elif q.kind == "tokens" and (
                (q.per is not None and q.per.unit in _VOLUME_UNITS)
                or re.match(r"\s*(?:each|per (?:request|query|call|conversation))", after, re.I)
            ):
                keep("tokens_per_request", q.value, None, sentence)
            elif q.kind == "money" and q.per is not None and q.per.unit == "token":
                keep("price_per_1k_tokens", q.value / q.per.value * 1000, q.currency, sentence)
            elif q.kind == "money" and q.period == "hour" and (q.per and q.per.unit == "gpu" or "gpu" in after.lower()):
                keep("gpu_hourly_rate", q.value, q.currency, sentence)
            elif q.kind == "duration" and q.unit == "hour" and q.period == "month" and _GPU_TIME.search(q.text):
                keep("gpu_hours_per_month", q.value, None, sentence)
    return found
