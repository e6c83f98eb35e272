"""Offline subscores for the technology-investment scoring card, by fixed and published rules.

Each subscore is a sum of named components; each component earns full, half or no points from what the
proposal states (figures earn more than mentions). A subscore the text gives too little to judge gets the
conservative midpoint (20/40, 15/30, 15/30: below the P1 line in total) and is listed in missing information.
A subscore that rests mostly on such defaults rather than on what the proposal states is marked provisional.
`RUBRIC_TEXT` is shown in the review, so every point in a rationale traces to a stated rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pm_assistant.agent.review.schema import ScoreJudgements, SubscoreJudgement
from pm_assistant.agent.review.wording import join, say

MIDPOINT = {"business_value": 20, "technical_maturity": 15, "resource_demand": 15}

# (component, full points, half points) per subscore; a component earns full, half or 0.
COMPONENTS: dict[str, tuple[tuple[str, int, int], ...]] = {
    "business_value": (
        ("benefit quantified", 14, 7),
        ("problem quantified", 10, 5),
        ("users named", 5, 0),
        ("measurable targets", 5, 2),
        ("no blocking ethics gap", 6, 3),
    ),
    "technical_maturity": (
        ("core technology named", 8, 4),
        ("measured results from a prototype, pilot or POC", 8, 4),
        ("stated quality within the hallucination budget", 6, 3),
        ("peak load handled", 4, 2),
        ("fresh data after launch", 4, 2),
    ),
    "resource_demand": (
        ("payback within 12 months (half: within 24)", 15, 8),
        ("data already on hand", 9, 5),
        ("bounded scope (POC limits or a phased timeline with figures)", 6, 3),
    ),
}

RUBRIC_TEXT = (
    "Offline scoring rules (full / half points, otherwise 0): "
    + "; ".join(
        f"{name.replace('_', ' ')}: " + ", ".join(f"{c} {full}/{half}" for c, full, half in parts)
        for name, parts in COMPONENTS.items()
    )
    + "; a subscore that cannot be judged gets its midpoint "
    + ", ".join(f"{name.replace('_', ' ')} {mid}" for name, mid in MIDPOINT.items())
    + "."
)

Level = str  # "full" | "half" | "none"


@dataclass(frozen=True)
class Judged:
    """A component's level, the reason shown in the rationale, and whether the proposal states what it rests on
    (False when the level comes from a default, such as "not stated")."""

    level: Level
    reason: str
    stated: bool = True


def subscore(name: str, levels: Mapping[str, Judged], judged: bool, why_not: str, lang: str = "en") -> SubscoreJudgement:
    """Sum the components' points, or the midpoint when the subscore cannot be judged. The subscore is
    provisional when it is a midpoint or when components worth less than half its points rest on stated facts."""
    top = sum(full for _, full, _ in COMPONENTS[name])
    if not judged:
        return SubscoreJudgement(
            score=MIDPOINT[name],
            judged=False,
            provisional=True,
            rationale=say("cannot_judge", lang, why=why_not, mid=MIDPOINT[name], top=top),
        )
    points, parts, evidenced = 0, [], 0
    for component, full, half in COMPONENTS[name]:
        got = levels[component]
        earned = {"full": full, "half": half}.get(got.level, 0)
        points += earned
        evidenced += full if got.stated else 0
        parts.append(say("rationale_part", lang, reason=got.reason, points=earned))
    return SubscoreJudgement(score=points, judged=True, provisional=evidenced * 2 < top, rationale=join(parts, lang))


def level(condition_full: bool, condition_half: bool = False) -> Level:
    """'full' when the first condition holds, 'half' when the second does, else 'none'."""
    return "full" if condition_full else "half" if condition_half else "none"


def scores(
    levels: Mapping[str, Mapping[str, Judged]],
    judged: Mapping[str, bool],
    why_not: Mapping[str, str],
    lang: str = "en",
) -> ScoreJudgements:
    """The three subscores from per-component levels, their rationales in the review's language."""
    return ScoreJudgements(
        **{name: subscore(name, levels[name], judged[name], why_not.get(name, ""), lang) for name in COMPONENTS}
    )
