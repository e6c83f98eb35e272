"""Read list-shaped calculator inputs from a question: POC options, risks, and capabilities to place.

Options are found by their labels ("option A …, option B …" or "A: …; B: …"), risks and capabilities by
list separators (new lines, bullets, semicolons). Each segment yields one item with the figures next to
its words; an item whose figures cannot be read makes the whole request ask for them instead.
"""

from __future__ import annotations

import re

from pm_assistant.agent.offline.reading import BARE, Args, Extraction, after, before, currency_in
from pm_assistant.agent.selfcheck.tool_inputs import LEVEL_WORDS
from pm_assistant.core.text.quantities import Quantity, read_quantities

_OPTION = re.compile(
    r"\b(?i:option\s+([A-E1-5])|(?:solution|candidate|model|vendor|approach)\s+([A-E]))\b|(?:^|(?<=[\s(]))([A-E])[:)]\s"
    r"|(?:方案|选项|模型)\s?([A-E1-5])"
)
_CONSTRAINTS_START = re.compile(r"[。？?]?\s*(?:要求|需要|必须|预算)|[?:]\s*(?:which|what|who)|\bwhich\b|\bif we\b|\bwe need\b|\bmust\b|\brequire|"
                                r"\bconstraints?\b|\bneeds? to\b|\bbudget\b|\blimits?\b|\bgoal\b|\bat (?:least|most)\b|"
                                r"\bno (?:more|less) than\b", re.I)
# Inside the last option's text, where a limit starts ("…, option A 91% at 2.6 s, max 2.5 s latency").
_LIMIT_START = re.compile(r"[,;.]?\s*(?:\b(?:max(?:imum)?|min(?:imum)?|under|below|at most|at least|no more than|"
                          r"no less than|within|need|needs|must|require\w*|limit|budget|target)\b|[≤≥<>]=?)", re.I)
# An unlabelled option: a name, then its figures ("GPT-4o 92% 3.1s $0.01"); names start with a capital.
_NAMED_OPTION = re.compile(r"(?:^|[,;:\n]\s*|\b(?:vs\.?|versus|and|or)\s+)(?P<name>[A-Z][\w.+-]*(?:[ -][\w.+-]+){0,3}?)"
                           r"[\s:(-]+(?=\d[\d.]*\s?%)")
_AT_LEAST = r"(?:≥|>=|>|至少|不低于|不少于|以上|at least|\bneeds?\b|\brequire[sd]?\b|\bmust (?:be|reach|hit)\b|above|over|more than|min(?:imum)?|no less than|or (?:more|better|higher))"
_AT_MOST = (r"(?:≤|<=|<|不超过|最多|以内|低于|under|below|at most|less than|within|max(?:imum)?|no more than|or (?:less|lower|faster)"
            r"|budget)")


def _segments(text: str) -> tuple[list[tuple[str, str]], str]:
    """(label, segment text) for each labelled option, and the text after them (the constraints)."""
    marks = list(_OPTION.finditer(text))
    labelled = len(marks) >= 2
    if not labelled:
        marks = list(_NAMED_OPTION.finditer(text))
    segments = []
    rest = ""
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[mark.end():end]
        if i + 1 == len(marks):
            body, rest = _split_limits(body)
        label = next(g for g in mark.groups() if g).upper() if labelled else _own_name(mark.group("name"))
        segments.append((label, body))
    return segments, rest


def _own_name(words: str) -> str:
    """The option's name without a lead-in sentence: "We tested Gemini" → "Gemini", "Llama fine-tune" stays."""
    parts = words.split()
    starts = [i for i in range(1, len(parts)) if parts[i][:1].isupper() and parts[i - 1][:1].islower()]
    return " ".join(parts[starts[-1]:] if starts else parts)


def _split_limits(body: str) -> tuple[str, str]:
    """The last option's own figures, and the constraints that follow them."""
    cut = _CONSTRAINTS_START.search(body)
    first = re.search(r"\d", body)
    limit = _LIMIT_START.search(body, first.end()) if first else None
    cuts = [m.start() for m in (cut, limit) if m]
    if stop := re.search(r"[.?!]\s", body):
        cuts.append(stop.start())
    at = min(cuts, default=len(body))
    return body[:at], body[at:]


def _option_name(text: str, label: str) -> str:
    if len(label) > 1:  # an unlabelled option is known by its own name ("Claude")
        return label
    kind = re.search(rf"\b(option|solution|candidate|model|vendor|approach)\s+{label}\b", text, re.I)
    chinese = re.search(rf"(方案|选项|模型)\s?{label}", text)
    if chinese and not kind:
        return f"{chinese.group(1)}{label}"
    return f"{kind.group(1).capitalize()} {label}" if kind else label


def poc_compare(text: str, qs: list[Quantity]) -> Extraction:
    """Up to ten options with accuracy, latency and cost, plus the hard constraints that follow them."""
    segments, rest = _segments(text)
    options: list[Args] = []
    missing: list[str] = []
    for label, body in segments:
        found = read_quantities(body)
        accuracy = next((q for q in found if q.kind == "percent"), None) or _accuracy_number(body, found)
        latency = next((q for q in found if q.seconds() is not None), None)
        cost = next((q for q in found if q.kind == "money"), None)
        option: Args = {"name": _option_name(text, label)}
        if accuracy is None:
            missing.append(f"the accuracy of {option['name']}")
            continue
        option["accuracy"] = accuracy.value
        if latency is not None:
            option["latency_s"] = latency.seconds()
        if cost is not None:
            option["cost"] = cost.value
        options.append(option)
    constraints: Args = {}
    for q in read_quantities(rest):
        head = before(rest, q, 30)
        fraction = q.kind in BARE and 0 < q.value <= 1 and "accura" in head  # "accuracy at least 0.9"
        if (q.kind == "percent" or fraction) and re.search(_AT_LEAST, head):
            constraints.setdefault("min_accuracy", q.value)
        elif q.seconds() is not None and (re.search(_AT_MOST, head)
                                        or re.match(r"\s*(?:latency\s+|response\s+)?(?:limit|cap|max|budget|ceiling)",
                                                    after(rest, q))):
            constraints.setdefault("max_latency_s", q.seconds())
        elif q.kind == "money" and (re.search(_AT_MOST, head)
                                    or re.match(r"\s*(?:budget|limit|cap|max)", after(rest, q))):
            constraints.setdefault("max_cost", q.value)
    args: Args = {"options": options}
    if constraints:
        args["constraints"] = constraints
    if currency_in(text, qs):
        args["currency"] = currency_in(text, qs)
    if len(segments) < 2:
        missing = ["at least two options, each with its accuracy (and latency or cost if they matter)"]
    return Extraction("poc_compare", args, missing)



def _accuracy_number(body: str, found: list[Quantity]) -> Quantity | None:
    """An accuracy written without "%" right after the word: "accuracy 0.85" (a fraction)."""
    for q in found:
        if q.kind in BARE and 0 < q.value <= 1 and re.search(r"\b(?:accuracy|acc)\w*\s*(?:of|is|=|:)?\s*$",
                                                                  before(body, q, 20)):
            return q
    return None


_LEVEL = r"(very high|very low|severe|critical|high|medium|moderate|low|negligible)"


def _list_segments(text: str) -> list[str]:
    """The items of a list written in a question: lines, bullets or semicolons (commas if nothing else),
    without the lead-in question ("Which risks first? model drift …" → "model drift …")."""
    parts = re.split(r"\n|;|；|(?:^|\s)[-*•]\s|\s\d+[.)]\s", text)
    if len([p for p in parts if re.search(r"\d", p)]) < 2:
        parts = re.split(r",\s+(?![^()]*\))(?=\D)", text)
    parts[0] = re.split(r"^[^\d]*[?:]\s+(?=\S)", parts[0].strip(), maxsplit=1)[-1]
    items = [p.strip(" -*•\t.") for p in parts]
    return [p for p in items if p and re.search(r"\d|" + _LEVEL, p, re.I)]


def _score(segment: str, axis: str) -> float | None:
    """A 1-5 score named by `axis` ("risk 4", "risk: high", "value 5/5") in one list item."""
    match = re.search(rf"(?:{axis})[A-Za-z]*\s*(?:score\s*)?(?:of|is|=|:|：|为|是)?\s*(?:(\d(?:\.\d)?)(?:\s*/\s*5)?\b"
                      rf"|{_LEVEL}\b)"
                      rf"|\b(?:(\d(?:\.\d)?)(?:\s*/\s*5)?|{_LEVEL})\s+(?:{axis})", segment, re.I)
    if not match:
        return None
    number = match.group(1) or match.group(3)
    return float(number) if number else float(LEVEL_WORDS[(match.group(2) or match.group(4)).lower()])


def _item_name(segment: str, axis: str) -> str:
    name = re.split(rf"[,(:：，（]|\s[-–—]\s|\b(?:{axis})\b|\b(?:with|at|costing|costs?)\b|\s[¥$€£]", segment,
                    maxsplit=1, flags=re.I)[0]
    return name.strip(" '\"“”") or segment[:40]


def risk_cost_matrix(text: str, qs: list[Quantity]) -> Extraction:
    """Risks with a 1-5 risk score (or high/medium/low) and a mitigation cost each."""
    items: list[Args] = []
    missing: list[str] = []
    notes: list[str] = []
    levels: list[bool] = []
    for segment in _list_segments(text):
        name = _item_name(segment, r"risk|impact|severity")
        risk = _score(segment, r"risk|impact|severity|风险|影响|严重程度")
        money = next((q for q in read_quantities(segment) if q.kind == "money"), None)
        level = None if money else _score(segment, r"(?:mitigation[- ])?cost|mitigation|effort|缓解成本|应对成本|成本")
        if risk is None or (money is None and level is None):
            missing.append(f"the risk score (one to five) and mitigation cost of '{name}'")
            continue
        levels.append(money is None)  # "mitigation cost 2": a level on the same one-to-five scale, not money
        items.append({"name": name, "risk": risk, "mitigation_cost": money.value if money else level})
        if re.search(_LEVEL, segment, re.I) and not re.search(r"risk\w*\s*(?:of|is|=|:)?\s*\d", segment, re.I):
            notes.append(f"'{name}': risk level read on the one-to-five scale as {risk:g}")
    args: Args = {"items": items}
    if levels and all(levels):
        args["cost_scale"] = "level"
    elif any(levels):
        missing.append("the mitigation costs all as money or all as levels one to five, not a mix")
    elif currency_in(text, qs):
        args["currency"] = currency_in(text, qs)
    if not items and not missing:
        missing.append("the risks, each with a risk score (one to five, or high/medium/low) and a mitigation cost")
    return Extraction("risk_cost_matrix", args, missing, notes)


def differentiation_matrix(text: str, qs: list[Quantity]) -> Extraction:
    """Capabilities with a 1-5 user-value score and a 1-5 imitation-cost score each."""
    items: list[Args] = []
    missing: list[str] = []
    for segment in _list_segments(text):
        name = _item_name(segment, r"user value|value|imitation|copy")
        value = _score(segment, r"user value|value|用户价值|价值")
        imitation = _score(segment, r"imitation(?: cost)?|copy cost|cost to copy|hard to copy|模仿成本|复制成本|模仿难度")
        if value is None or imitation is None:
            missing.append(f"the user-value and imitation-cost scores (one to five) of '{name}'")
            continue
        items.append({"name": name, "user_value": value, "imitation_cost": imitation})
    if not items and not missing:
        missing.append("the capabilities, each with a user-value score and an imitation-cost score (one to five each)")
    return Extraction("differentiation_matrix", {"items": items}, missing)
