"""Read list-shaped calculator inputs from a question: capabilities to place (POC options: `poc`, risks: `risks`).

Capabilities are found by list separators (new lines, bullets, semicolons). Each segment yields one item with the figures next to
its words; an item whose figures cannot be read makes the whole request ask for them instead.
"""

from __future__ import annotations

import re

from pm_assistant.agent.offline.reading import Args, Extraction
from pm_assistant.agent.selfcheck.tool_inputs import LEVEL_WORDS
from pm_assistant.core.text.quantities import Quantity

_LEVEL = r"(very high|very low|severe|critical|high|medium|moderate|low|negligible)"


def _list_segments(text: str) -> list[str]:
    """The items of a list written in a question: lines, bullets or semicolons (commas if nothing else),
    without the lead-in question ("Which risks first? model drift …" → "model drift …")."""
    parts = re.split(r"\n|;|；|(?:^|\s)[-*•]\s|\s\d+[.)]\s", text)
    if len([p for p in parts if re.search(r"\d|" + _LEVEL, p, re.I)]) < 2:
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
