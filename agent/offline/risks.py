"""Read a list of risks for the risk-cost matrix: each with its risk (or likelihood and impact) and mitigation cost.

The risks are the items of the question (`rows.items`) that hold a mitigation cost: an amount, or a cost said as a
level ("cheap to fix", "成本低", "mitigation cost 2"). In each item a level is a word or a number from 1 to 5 with the
axis it rates: the label next to it ("likelihood medium", "high risk", "影响5", "风险3分") or the word's own axis
("very likely", "catastrophic", "expensive"). One cue table serves English and Chinese. When likelihood and impact
are both given, the business risk is their geometric mean, sqrt(likelihood × impact), which keeps "likelihood ×
impact" on the matrix's one-to-five scale; the working says so.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pm_assistant.agent.offline.reading import BARE, Args, Extraction, currency_in
from pm_assistant.agent.offline.rows import flatten, items
from pm_assistant.core.text.quantities import Quantity, read_quantities

# Level words: (pattern, level, the axis the word itself names or "" when a label must name it). Longest first.
_WORDS: tuple[tuple[str, int, str], ...] = (
    (r"almost certain|very likely|highly likely", 5, "likelihood"),
    (r"very unlikely|rare(?:ly)?", 1, "likelihood"),
    (r"unlikely", 2, "likelihood"),
    (r"likely|frequent(?:ly)?|often", 4, "likelihood"),
    (r"possible|possibly|occasional(?:ly)?|sometimes", 3, "likelihood"),
    (r"very damaging|catastrophic|devastating", 5, "impact"),
    (r"damaging", 4, "impact"),
    (r"very expensive|very costly", 5, "cost"),
    (r"expensive|costly", 4, "cost"),
    (r"very cheap|trivial to fix", 1, "cost"),
    (r"cheap|inexpensive", 2, "cost"),
    (r"very high|very severe|critical|severe|extreme", 5, ""),
    (r"very low|negligible|minimal", 1, ""),
    (r"high|major|significant|large|big", 4, ""),
    (r"medium|moderate|mid", 3, ""),
    (r"low|minor|small|slight|mild", 2, ""),
    (r"很高|极高|非常高|严重|很大|巨大|致命|极大", 5, ""),
    (r"很低|极低|很小|极小|可忽略", 1, ""),
    (r"较高|较大|高|大", 4, ""),
    (r"中等|中|一般", 3, ""),
    (r"较低|较小|轻微|较轻|低|小|轻", 2, ""),
)
_AXES: dict[str, str] = {
    "likelihood": r"likelihood|probability|chance|frequency|发生概率|发生可能性|概率|可能性|频率",
    "impact": r"impact|damage|severity|consequences?|harm|影响程度|影响|后果|损失|严重程度",
    "risk": r"(?:business )?risk(?: level| score)?|风险等级|风险",
    "cost": r"(?:mitigation )?(?:cost|effort)|to fix|缓解成本|防护成本|应对成本|治理成本|成本|代价",
}
# Level words that say a risk's severity on their own, with no label ("dosage errors — critical, $50k").
_SEVERITY = re.compile(r"very high|very low|critical|severe|catastrophic|high|medium|moderate|low|minor|negligible"
                       r"|极高|很高|非常高|严重|中等|较高|较低|很低|极低", re.I)
_WORD_RE = re.compile("|".join(f"(?:{p})" for p, _, _ in _WORDS), re.I)
_GAP = r"\s*(?:is|of|=|:|：|为|是)?\s*"
_SHORT = {"l": "likelihood", "p": "likelihood", "i": "impact"}
_ABBREVIATED = re.compile(r"\b([LPI])\s?([1-5])\b")  # "L4 / I4": likelihood 4, impact 4


@dataclass(frozen=True)
class Level:
    """One level read in an item: the axis it rates, its value 1-5, where it starts."""

    axis: str
    value: float
    start: int
    word: bool = False  # said in words ("high"), read on the one-to-five scale


def _word_level(word: str) -> tuple[int, str]:
    return next((level, axis) for p, level, axis in _WORDS if re.fullmatch(p, word, re.I))


def _axis_near(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The axis labelled right after a level ("high risk") or right before it ("risk high", "风险高")."""
    for axis, label in _AXES.items():
        after = re.match(rf"\s*(?:{label})", text[end:end + 24], re.I)
        if after and not re.match(r"\s*overruns?", text[end + after.end():], re.I):
            return axis, start
    for axis, label in _AXES.items():
        before = re.search(rf"(?:{label}){_GAP}$", text[max(0, start - 24):start], re.I)
        if before:
            return axis, start - (len(text[max(0, start - 24):start]) - before.start())
    return None


def levels(text: str) -> list[Level]:
    """The levels of one item, in order."""
    found: list[Level] = []
    for match in _WORD_RE.finditer(text):
        if not _whole_word(text, match):
            continue
        level, axis = _word_level(match.group(0))
        near = _axis_near(text, match.start(), match.end())
        if axis or near:
            found.append(Level(axis or near[0], float(level), near[1] if near else match.start(), True))  # type: ignore[index]
    for q in read_quantities(text):
        if q.high is not None or q.kind == "money":
            continue
        value = q.value * 5 if q.kind == "ratio" and q.text.replace(" ", "").endswith("/5") else q.value
        if not 1 <= value <= 5 or q.kind not in (*BARE, "ratio") or re.match(r"\s*[:：、]", text[q.span[1]:]):
            continue  # "风险1：…" numbers the risk
        for axis, label in _AXES.items():
            before = re.search(rf"(?:{label}){_GAP}$", text[max(0, q.span[0] - 24):q.span[0]], re.I)
            if before:
                found.append(Level(axis, float(value), q.span[0] - 24 + before.start() if q.span[0] >= 24
                                   else before.start()))
                break
    found += [Level(_SHORT[m.group(1).lower()], float(m.group(2)), m.start()) for m in _ABBREVIATED.finditer(text)]
    axes = {lv.axis for lv in found}
    taken = {lv.start for lv in found}
    bare = next((m for m in _SEVERITY.finditer(text) if _whole_word(text, m) and m.start() not in taken), None)
    if bare is not None and not axes & {"risk", "likelihood", "impact"}:  # "(a) dosage errors — critical, $50k"
        found.append(Level("risk", float(_word_level(bare.group(0))[0]), bare.start(), True))
    elif bare is not None and len(axes & {"likelihood", "impact"}) == 1:  # "unlikely but severe": the other axis
        other = "impact" if "likelihood" in axes else "likelihood"
        found.append(Level(other, float(_word_level(bare.group(0))[0]), bare.start(), True))
    return sorted(found, key=lambda lv: lv.start)


def _whole_word(text: str, match: re.Match[str]) -> bool:
    """A level word standing alone, not part of a longer word ("highlight", "unlikely" for "likely")."""
    return not match.group(0).isascii() or not (re.match(r"\w", text[match.end():match.end() + 1])
                                                or re.search(r"\w$", text[:match.start()]))


def _money(text: str) -> Quantity | None:
    """The mitigation cost as an amount: money, or a bare amount of money-like size ("缓解成本2万", "每月4万")."""
    return next((q for q in read_quantities(text) if q.high is None and (
        q.kind == "money" or (q.kind in BARE and q.value > 5 and (q.period is not None or re.search(
            r"[万千kK]", q.text) or q.value >= 100)))), None)


def _anchors(piece: str) -> int:
    """How many mitigation costs a piece holds."""
    amounts = [q for q in read_quantities(piece) if _money(q.text) is not None or q.kind == "money"]
    costs = [lv for lv in levels(piece) if lv.axis == "cost"]
    return len(amounts) or len(costs)


def _name(text: str, first: int) -> str:
    """The risk's name: its words before its first level or amount, without a lead-in or a label."""
    words = re.sub(r"(?:^|(?<=[:：]))\s*(?:\(?[a-h1-9][).]\s*)+", " ", text[:first])  # "(1) …", "b) …"
    sides = re.split(r"[:：]", words)
    words = sides[-1] if sides[-1].strip(" ,，、(（—–-") else (sides[-2] if len(sides) > 1 else sides[-1])
    words = re.split(r"[(（]|\s[—–-]\s|\s[—–]", words)[0]
    words = re.sub(r"^(?:and|or|also|plus|(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally),?|以及|还有|和|首先|其次|最后|"
                   r"[一二三四五六七八九十]是|第[一二三四五六七八九十]、?)\s*", "", words.strip(" ,，、.;—–-\t'\"“”"))
    words = re.sub(r"\s+(?:is|are|was|were|seems?|looks?)$", "", words.strip(" ,，、"))  # "PII in logs is possible"
    return words or text[:30]


def _rated(piece: str) -> bool:
    return any(lv.axis != "cost" for lv in levels(piece))


def _joined(pieces: list[tuple[str, bool]]) -> list[str]:
    """The risks in text order: a rated piece without a cost is joined to the costed piece after it that has no
    rating ("Bias is likely and the impact is high; a re-labelling pass costs $22k"); a rated piece left alone is a
    risk whose cost is asked for; other pieces are not risks."""
    joined: list[tuple[str, bool]] = []
    for piece, costed in pieces:
        if joined and not joined[-1][1] and costed and not _rated(piece):
            joined[-1] = (f"{joined[-1][0]}; {piece}", True)
        elif costed or _rated(piece):
            joined.append((piece, costed))
    return [piece for piece, _ in joined]


def risk_cost_matrix(text: str, qs: list[Quantity]) -> Extraction:
    """Risks with a 1-5 risk score (or likelihood and impact) and a mitigation cost each."""
    text = flatten(text)
    found = _joined(items(text, _anchors, lambda piece: len(read_quantities(piece))))
    risks: list[Args] = []
    missing: list[str] = []
    notes: list[str] = []
    scales: list[bool] = []
    for piece in found:
        read = levels(piece)
        by_axis: dict[str, float] = {}
        for lv in read:
            by_axis.setdefault(lv.axis, lv.value)
        money = _money(piece)
        starts = [lv.start for lv in read] + ([money.span[0]] if money else [])
        name = _name(piece, min(starts, default=len(piece)))
        risk = by_axis.get("risk")
        if risk is None and "likelihood" in by_axis and "impact" in by_axis:
            risk = round(math.sqrt(by_axis["likelihood"] * by_axis["impact"]), 4)
            notes.append(f"'{name}': risk = sqrt(likelihood {by_axis['likelihood']:g} × impact "
                         f"{by_axis['impact']:g}) = {risk:g} on the one-to-five scale")
        elif risk is None:
            risk = by_axis.get("impact", by_axis.get("likelihood"))
        said = next((lv for lv in read if lv.axis == "risk"), None)
        if said is not None and said.word:  # "risk high"
            notes.append(f"'{name}': risk level read on the one-to-five scale as {risk:g}")
        cost = money.value if money else by_axis.get("cost")
        if risk is None or cost is None:
            missing.append(f"the risk score (one to five) and mitigation cost of '{name}'")
            continue
        scales.append(money is None)  # "mitigation cost 2": a level on the same one-to-five scale, not money
        risks.append({"name": name, "risk": risk, "mitigation_cost": cost})
    args: Args = {"items": risks}
    if scales and all(scales):
        args["cost_scale"] = "level"
    elif any(scales):
        missing.append("the mitigation costs all as money or all as levels one to five, not a mix")
    elif currency_in(text, qs):
        args["currency"] = currency_in(text, qs)
    if not risks and not missing:
        missing.append("the risks, each with a risk score (one to five, or high/medium/low) and a mitigation cost")
    return Extraction("risk_cost_matrix", args, missing, notes)
