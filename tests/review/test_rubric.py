"""The offline scoring rules: points add up per published component; unjudgeable parts get the midpoint."""

from __future__ import annotations

from pm_assistant.agent.review import rubric
from pm_assistant.agent.review.rubric import COMPONENTS, MIDPOINT, RUBRIC_TEXT, Judged


def test_points_are_the_sum_of_the_components_levels() -> None:
    levels = {
        name: Judged(level, name)
        for (name, _, _), level in zip(COMPONENTS["resource_demand"], ["full", "half", "none"], strict=True)
    }
    sub = rubric.subscore("resource_demand", levels, judged=True, why_not="")
    full, half = COMPONENTS["resource_demand"][0][1], COMPONENTS["resource_demand"][1][2]
    assert sub.score == full + half and sub.judged
    assert sub.rationale.startswith(f"{COMPONENTS['resource_demand'][0][0]} ({full})")


def test_a_part_that_cannot_be_judged_gets_the_midpoint_and_says_why() -> None:
    sub = rubric.subscore("business_value", {}, judged=False, why_not="no problem or benefit stated")
    assert sub.score == MIDPOINT["business_value"] == 20 and not sub.judged
    assert "cannot judge (no problem or benefit stated)" in sub.rationale
    assert sum(MIDPOINT.values()) < 60  # unjudgeable proposals stay below P1


def test_component_maxima_fill_the_card_and_the_rules_text_lists_them() -> None:
    assert {name: sum(full for _, full, _ in parts) for name, parts in COMPONENTS.items()} == {
        "business_value": 40,
        "technical_maturity": 30,
        "resource_demand": 30,
    }
    for parts in COMPONENTS.values():
        for component, full, half in parts:
            assert f"{component} {full}/{half}" in RUBRIC_TEXT
