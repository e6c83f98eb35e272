"""The review's evidence matching with the real MiniLM model (offline, bundled weights)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.agent.review.build import review_file
from pm_assistant.agent.review.criteria import ETHICS
from pm_assistant.agent.review.matching import EvidenceFinder
from pm_assistant.agent.review.sections import read_structure
from pm_assistant.core.config import Settings
from tests.review.conftest import THIN

pytestmark = pytest.mark.real_model


@pytest.fixture(scope="module")
def minilm():
    """The real bundled MiniLM embedder."""
    from pm_assistant.knowledge.embedding import get_embedder

    return get_embedder()


def test_a_sentence_without_cue_words_is_found_by_meaning(minilm) -> None:
    planted = "Personal data could leak into prompts or logs."
    reading = read_structure("# Plan\n\nWe build a support bot. " + planted)
    consent = next(c for c in ETHICS if c.id == "consent")
    assert not consent.matches(planted)
    finding = EvidenceFinder(reading, minilm).judge_all([consent])[0]
    assert finding.status == "partial" and finding.evidence.text == planted
    assert EvidenceFinder(reading, None).judge_all([consent])[0].status == "missing"


def test_a_heading_without_cue_words_is_placed_by_meaning(minilm) -> None:
    reading = read_structure("# Idea\n\n## Money matters\n\nWe need $200,000 up front for the build.", minilm)
    assert reading.section_kinds["Money matters"] == ["investment"]


def test_thin_proposal_with_the_real_model(minilm, tmp_path: Path) -> None:
    review = review_file(THIN, Settings(home=tmp_path), offline=True, embedder=minilm, search=None)
    assert [q.status for q in review.five_questions] == ["partial", "missing", "missing", "missing", "missing"]
    assert (
        review.five_questions[0].evidence
        == "The team thinks it could be built quickly with one of the big language models."
    )
    assert review.financials.payback_months is None and review.self_check["passed"]
