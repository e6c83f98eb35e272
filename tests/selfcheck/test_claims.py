"""Verdicts, labels and winners stated in words are checked against the calculator's result (EN and ZH)."""

from __future__ import annotations

import pytest

from pm_assistant.agent.selfcheck.claims import states_verdict, verdict_contradictions

OVER = ("hallucination_budget", {"within_budget": False, "threshold": 0.01, "domain_class": "high-risk"})
UNDER = ("hallucination_budget", {"within_budget": True, "threshold": 0.01, "domain_class": "high-risk"})
POC = ("poc_compare", {"winner": "Vendor Y", "ranking": [{"name": "Vendor Y"}, {"name": "Vendor X"}]})
NONE = ("poc_compare", {"winner": None, "ranking": [{"name": "A"}, {"name": "B"}]})


@pytest.mark.parametrize(("answer", "result", "contradicts"), [
    ("Good news: 3% is within budget for legal work.", OVER, True),
    ("No: 3% is over budget for a legal assistant.", OVER, False),
    ("It is not within budget.", OVER, False),
    ("Ship only if the rate is within budget.", OVER, False),  # a condition, not a verdict
    ("实测错误率 1.4%，超过 1% 的预算；达标前不上线。", OVER, False),  # 达标前: until it meets the bar
    ("0.8%的幻觉率超出预算。", UNDER, True),
    ("0.8%在预算内，可以上线。", UNDER, False),
    ("3%不在预算内。", OVER, False),
    ("Vendor X wins on accuracy.", POC, True),
    ("Vendor Y wins: the only one within both limits.", POC, False),
    ("A is the best choice.", NONE, True),
    ("Neither A nor B qualifies, so there is no best option.", NONE, False),
])
def test_verdicts(answer: str, result, contradicts: bool) -> None:
    assert bool(verdict_contradictions(answer, [result])) is contradicts


def test_priority_and_domain_labels() -> None:
    score = ("investment_score", {"total": 63.0, "priority": "P1"})
    assert verdict_contradictions("It scores 63, a P0.", [score])
    assert not verdict_contradictions("It scores 63: P1 (P0 >= 80, P1 60-79).", [score])
    assert verdict_contradictions("For a standard domain that's fine.", [OVER])


def test_a_verdict_in_words_is_noticed() -> None:
    assert states_verdict("Yes, that's within budget.") and states_verdict("It's a P0 project.")
    assert not states_verdict("The calculator rejected the rate; did you mean 3%?")


@pytest.mark.parametrize(("answer", "result", "contradicts"), [
    ("At 2% you are over the 1% ceiling.", UNDER, True),
    ("At 2% you are over the 1% ceiling.", OVER, False),
    ("4% sits comfortably below the 5% line.", OVER, True),
    ("It is not above the high-risk limit.", OVER, True),
    ("0.5%的幻觉率已经超出了法律场景的预算。", UNDER, True),
    ("幻觉率在法律场景的阈值之内。", OVER, True),
    ("1.5%高于医疗场景1%的上限。", OVER, False),
    ("Cut it by half to get under the bar.", OVER, False),  # a purpose, not a verdict
])
def test_verdicts_said_with_words_between_relation_and_bound(answer: str, result, contradicts: bool) -> None:
    """A relation word and a bound word from one cue table for both languages, with a few words between."""
    assert bool(verdict_contradictions(answer, [result])) is contradicts
