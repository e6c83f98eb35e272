"""Query preparation: acronym expansion and spotting questions about the user's own organisation."""

from __future__ import annotations

import pytest

from pm_assistant.knowledge.query import ACRONYMS, about_own_organisation, expand_acronyms


def test_acronyms_are_spelled_out_once_whatever_their_case() -> None:
    assert expand_acronyms("How do I write a PRD for an AI feature?") == (
        "How do I write a PRD for an AI feature? (product requirements document)"
    )
    expanded = expand_acronyms("poc or MVP? then another POC")
    assert expanded == "poc or MVP? then another POC (proof of concept; minimum viable product)"
    assert expand_acronyms("What is the ROI (return on investment)?") == "What is the ROI (return on investment)?"
    assert expand_acronyms("How much does a proof of concept cost?") == "How much does a proof of concept cost?"
    assert all(key == key.lower() and value for key, value in ACRONYMS.items())


@pytest.mark.parametrize(
    ("question", "own"),
    [
        ("Which retrieval vendor did we select?", True),
        ("What is our churn target?", True),
        ("Send us the numbers", True),
        ("What did my team agree on?", True),
        ("We've picked Weaviate, right?", True),
        ("How do US regulations treat medical chatbots?", False),
        ("How do I write a PRD?", False),
        ("What makes a weather model trustworthy?", False),
    ],
)
def test_questions_about_the_own_organisation(question: str, own: bool) -> None:
    assert about_own_organisation(question) is own
