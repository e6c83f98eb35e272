"""How figures are written, shared by every number reader: the planner's quantities (`agent.offline.numbers`),
the self-check's figures (`agent.grounding`) and the diagnosis's number mentions (`agent.diagnose.text`).

One numeral pattern (thousands separators), one table of written multipliers (k/M/bn/万) and one parser, so
"1,200", "5k" and "¥1.5M" mean the same everywhere. Each reader keeps its own regex for what may follow.
"""

from __future__ import annotations

NUMERAL = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
"""A written number: "1,200", "1200.5" or ".5" (no sign, no multiplier)."""

MULTIPLIERS: dict[str, float] = {
    "k": 1e3, "thousand": 1e3, "千": 1e3,
    "m": 1e6, "mn": 1e6, "mm": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
    "万": 1e4, "亿": 1e8,
}
"""Written multipliers by lower-cased word; "m"/"M" after a number means million ("$1.5M", "2m yuan")."""


def parse_numeral(text: str) -> float:
    """The value of a numeral matched by `NUMERAL`, thousands separators dropped ("1,200.5" → 1200.5)."""
    return float(text.replace(",", ""))


def multiplier(word: str | None) -> float:
    """The factor of a written multiplier in any case ("K" → 1000, "万" → 10000); 1 for none."""
    return MULTIPLIERS[word.lower()] if word else 1.0
