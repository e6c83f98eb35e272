"""Read POC options and their hard constraints from a question, however the options are laid out.

The options are the items of the question (`rows.items`: table rows, list lines, sentences, clauses) that hold an
accuracy; each takes the latency and the cost written with it, and its name from the words before its figures. A
figure said as a limit ("at least 87%", "under 2 s", "预算不超过1.3万", "0.05元以内") is a constraint wherever it is
written, and its kind says which: an accuracy is always a floor, a latency and a cost are always ceilings.
"""

from __future__ import annotations

import re

from pm_assistant.agent.offline.reading import BARE, Args, Extraction, currency_in
from pm_assistant.agent.offline.rows import flatten, items
from pm_assistant.core.text.quantities import Quantity, read_quantities

# Words just before a figure, or just after it, that make it a limit rather than a measurement.
_LIMIT_BEFORE = re.compile(
    r"(?:\b(?:at least|at most|under|below|over|above|max(?:imum)?|min(?:imum)?|needs?|must|requires?|required|"
    r"no more than|no less than|within|limit|ceiling|caps?|budget|target|goal|tops out|slower than|faster than|"
    r"less than|more than|up to|sla|clears?|meets?|pass(?:es)?|bar|threshold|floor|only have|can afford|can spend)\b|[≤≥<>]|要求|至少|不低于|不少于|不超过|不高于|最多|最少|最低|最高|目标|预算|控制在|需要|必须|低于|高于|上限|下限|底线|门槛|及格线)"
    r"[^,，;；.。:：)）\d]{0,24}$", re.I)
_LIMIT_AFTER = re.compile(r"^[ \t]*(?:以上|以内|以下|之内|内|\+|or (?:more|better|higher|less|lower|faster|under)|"
                          r"(?:latency |cost )?(?:limit|cap|max|budget|ceiling))", re.I)
_COST_WORDS = re.compile(r"(?:月费|费用|成本|花费|价格|报价|预算|cost|price|quoted|fee|spend|bill|budget)[^,，;；\d]{0,8}$", re.I)
_FILLER = re.compile(r"(?:(?:\s+|^)(?:scored|scores|got|gets|reached|reaches|achieved|hits?|had|has|did|does|was|is|"
                     r"with|at|quoted|accuracy|acc|error rate|read|reads|(?:is|was|are|were) right|right|correct|came (?:in|out) at|"
                     r"delivers?|delivered|shows?|showed|returns?|returned|answers?|answered|manages?|managed)|(?:识别|回答|答题|分类|抽取|召回)?(?:准确率|正确率)|错误率|出错率|达到|为|是)\s*$", re.I)
_ORDINAL = re.compile(r"^(?:so\s+|and\s+)?(?:the\s+)?(?:first|second|third|fourth|fifth|last|other|next)\b.*$"
                      r"|^(?:and|so|then)$", re.I)
_LABEL = re.compile(r"^(?:.*[—–]\s*)?(?:((?:option|candidate|variant|setup|approach|solution)\s+[A-E1-9])|(方案\s?[A-E1-9一二三四五])|([A-E1-9])\s?(?:方案)?)$", re.I)
_ERROR_RATE = re.compile(r"(?:error|failure|miss)\s*rate[^\d]{0,6}$|错误率[^\d]{0,4}$|出错率[^\d]{0,4}$", re.I)
_OTHER_METRIC = re.compile(r"(?:precision|recall|f1|f-score|精确率|精准率|召回率|查准率|查全率)\W{0,3}"
                           r"(?:is|at|of|was|=|:|为|是)?\s*$", re.I)
_SECOND = re.compile(r"\b(?:(?:a|one) second|sub-?second)\b", re.I)


def _limit(text: str, q: Quantity, start: int = 0) -> bool:
    """Whether the figure is said as a limit: a limit word right before it in its clause, or right after it."""
    head = text[max(start, q.span[0] - 30):q.span[0]]
    return bool(_LIMIT_BEFORE.search(head) or _LIMIT_AFTER.match(text[q.span[1]:q.span[1] + 24]))


def _accuracy(q: Quantity) -> bool:
    return (q.kind == "percent" and 0 < q.value <= 1) or (q.kind in BARE and 0 < q.value < 1)


def _cost(text: str, q: Quantity) -> bool:
    """An amount of money, or a bare amount said as a cost ("月费5万", "每月2万元")."""
    if q.kind == "money":
        return True
    return q.kind in BARE and q.value >= 1 and (q.period is not None or bool(_COST_WORDS.search(text[:q.span[0]])))


def _measured(text: str) -> list[Quantity]:
    """The figures of an option (accuracy, latency, cost) that are not limits, in order."""
    qs = read_quantities(text)
    kept = []
    for q in qs:
        earlier = [o.span[1] for o in qs if o.span[1] <= q.span[0]]
        if _limit(text, q, max(earlier, default=0)):
            continue
        if _OTHER_METRIC.search(text[max(0, q.span[0] - 16):q.span[0]]):
            continue  # "precision 90%, recall 80%" are a classifier's rates, not options' accuracies
        if _accuracy(q) or q.seconds() is not None or _cost(text, q):
            kept.append(q)
    return kept


def _name(text: str, first: int) -> str:
    """The option's name: the words before its first figure, without verbs, labels and ordinals."""
    words = text[:first]
    for _ in range(3):
        words = _FILLER.sub("", words.strip(" \t:：,，-–—(（=|/"))
    words = re.split(r"[(（](?=[^)）]*$)", re.sub(r"[(（][^)）]*[)）]", "", words))[-1]  # "… (A: 93%": "A"
    words = words.strip(" :：,，-–—=|").replace("'", "").strip("\"“”‘’")
    words = re.sub(r"^[A-E][.、]\s*(?=\S)", lambda m: m.group(0)[0] + "：", words)  # "A. 开源模型" → label A
    sides = [p.strip() for p in re.split(r"[:：]", words)]
    for side in (sides[-1], sides[0]):  # "PoC results: option A", "A：通用大模型": the label names the option
        label = _LABEL.match(side)
        if label:
            kind = label.group(1) and label.group(1).split()[0].capitalize() + " " + label.group(1).split()[-1].upper()
            return kind or label.group(2) or label.group(3).upper()
    words = sides[-1]
    parts = [p.strip() for p in re.split(r"[,，]", words) if p.strip() and not _ORDINAL.match(p.strip())]
    name = (parts[-1] if parts else words or text[:20]).split()
    starts = [i for i in range(1, len(name)) if len(name[i]) > 1 and name[i][:1].isupper() and name[i - 1][:1].islower()]
    name = name[starts[-1]:] if starts else name  # "We tested Gemini" → "Gemini"
    return " ".join(name)[:1].upper() + " ".join(name)[1:]


_RESPECTIVELY = re.compile(r"分别(?:是|为)?|依次(?:是|为)?|\brespectively\b|\bin that order\b", re.I)


def _respectively(text: str) -> tuple[str, list[list[Quantity]]]:
    """The text without its "respectively" runs ("响应时间分别是1.3秒、2.6秒、0.9秒", "1.3 s, 2.6 s and 0.9 s
    respectively"), and each run's figures, to be given to the options in order."""
    runs: list[list[Quantity]] = []
    for match in reversed(list(_RESPECTIVELY.finditer(text))):
        if match.group(0).isascii():
            start = max(text.rfind(ch, 0, match.start()) for ch in ".;\n") + 1
            end = match.end()
        else:
            start = match.start()
            end = min((i for ch in "，,。；;\n" if (i := text.find(ch, match.end())) >= 0), default=len(text))
        span = text[start:end]
        runs.insert(0, [q for q in read_quantities(span) if q.seconds() is not None or _cost(span, q)])
        text = text[:start] + " " * (end - start) + text[end:]
    return text, runs


def poc_compare(text: str, qs: list[Quantity]) -> Extraction:
    """Up to ten options with accuracy, latency and cost, plus the hard constraints written anywhere."""
    text, runs = _respectively(_SECOND.sub(lambda m: "under 1 second" if m.group(0).lower().startswith("sub")
                                           else "1 second", flatten(text)))

    def anchors(piece: str) -> int:
        return sum(_accuracy(q) for q in _measured(piece))

    options: list[Args] = []
    periods: set[str | None] = set()  # the periods of the options' costs (a budget of another period is no limit)
    listed = items(text, anchors, lambda piece: len(_measured(piece)))
    for piece, item in listed:
        if not item:
            continue
        measured = _measured(piece)
        accuracy = next(q for q in measured if _accuracy(q))
        errors = _ERROR_RATE.search(piece[max(0, accuracy.span[0] - 12):accuracy.span[0]])
        option: Args = {"name": _name(piece, measured[0].span[0]),  # an error rate of 8% is an accuracy of 92%
                        "accuracy": round(1 - accuracy.value, 6) if errors else accuracy.value}
        latency = next((q for q in measured if q.seconds() is not None), None)
        cost = next((q for q in measured if _cost(piece, q)), None)
        if latency is not None:
            option["latency_s"] = latency.seconds()
        if cost is not None:
            option["cost"] = cost.value
            periods.add(cost.period)
        options.append(option)
    _by_name(options, [piece for piece, _ in listed])
    for run in runs:  # "响应时间分别是1.3秒、2.6秒、0.9秒": one figure per option, in their order
        if len(run) == len(options):
            for option, q in zip(options, run, strict=True):
                seconds = q.seconds()
                option.setdefault("latency_s" if seconds is not None else "cost", q.value if seconds is None else seconds)
    names = [o["name"] for o in options]
    for i, option in enumerate(options):  # two options read with one name keep apart by their place
        if names.count(option["name"]) > 1:
            option["name"] = f"{option['name']} {i + 1}"
    args: Args = {"options": options}
    constraints = _constraints(text, periods)
    if constraints:
        args["constraints"] = constraints
    if currency_in(text, qs):
        args["currency"] = currency_in(text, qs)
    missing = [] if len(options) >= 2 else [
        "at least two options, each with its accuracy (and latency or cost if they matter)"]
    return Extraction("poc_compare", args, missing)


def _by_name(options: list[Args], others: list[str]) -> None:
    """Figures written under an option's name elsewhere ("Cost per month: Vendor1 $5k, Vendor2 $3k"): each clause
    that names one option gives it the latency or cost it holds."""
    for piece in others:
        for clause in re.split(r"[,，、]|\band\b|\bvs\.?\b|\bversus\b", piece):
            named = [o for o in options if re.search(rf"(?<![\w-]){re.escape(o['name'])}(?![\w-])", clause,
                                                     re.I if len(o["name"]) > 1 else 0)]
            if len(named) != 1:
                continue
            for q in _measured(clause):
                seconds = q.seconds()
                if seconds is not None:
                    named[0].setdefault("latency_s", seconds)
                elif not _accuracy(q) and _cost(clause, q):
                    named[0].setdefault("cost", q.value)


def _constraints(text: str, periods: set[str | None]) -> Args:
    """The limits said anywhere in the text: an accuracy is a floor, a latency or a cost a ceiling (a cost of
    another period than the options' costs is none: "今年预算两千万" against costs a month)."""
    qs = read_quantities(text)
    limits: Args = {}
    for i, q in enumerate(qs):
        if not _limit(text, q, qs[i - 1].span[1] if i else 0):
            continue
        if _accuracy(q):
            limits.setdefault("min_accuracy", q.value)
        elif q.seconds() is not None:
            limits.setdefault("max_latency_s", q.seconds())
        elif _cost(text, q) or (q.kind in BARE and re.search(r"[万千kK]", q.text)):  # not "two vendors"
            if q.period is None or not periods - {None} or q.period in periods:
                limits.setdefault("max_cost", q.value)
    return limits
