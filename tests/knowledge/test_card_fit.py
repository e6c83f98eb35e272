"""Card fit by meaning: every card scored against a question with calibrated, per-language relevance."""

from __future__ import annotations

from pm_assistant.knowledge.card_fit import card_fits
from pm_assistant.knowledge.cards import load_cards
from pm_assistant.knowledge.relevance import ON_TOPIC


def test_a_chinese_question_finds_its_card_and_is_on_topic() -> None:
    fits = card_fits("怎么写 PR/FAQ？", "zh")
    assert "working-backwards" in [f.card for f in fits[:3]] and fits[0].relevance >= ON_TOPIC


def test_an_off_topic_question_is_relevant_to_no_card() -> None:
    assert card_fits("What is the capital of France?", "en")[0].relevance < ON_TOPIC


def test_every_card_is_scored_once_best_first_with_its_tags() -> None:
    fits = card_fits("Which RAG failure point explains a missing answer?", "en")
    assert sorted(f.card for f in fits) == sorted(c.id for c in load_cards(lang="en"))
    assert [f.relevance for f in fits] == sorted((f.relevance for f in fits), reverse=True)
    assert "diagnosis" in next(f for f in fits if f.card == "rag-failure-points").tags


def test_an_empty_question_fits_nothing() -> None:
    assert card_fits("  ", "en") == []
