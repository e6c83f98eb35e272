"""Card fit by meaning: every card scored against a question with calibrated, per-language relevance."""

from __future__ import annotations

from pm_assistant.knowledge.card_fit import card_fits, situation_fits
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


def test_a_situation_without_a_framework_name_fits_the_card_written_for_it() -> None:
    for question, lang, card in [("Our users keep bailing out halfway through setting up the plugins.", "en",
                                  "ai-onboarding"),
                                 ("团队要招第一个 AI 产品经理，岗位描述怎么写？", "zh", "ai-pm-roles-hiring"),
                                 ("We have been polishing the spec for two months and nothing is built yet.", "en",
                                  "act-now-mvp")]:
        fits = situation_fits(question, lang)
        assert card in sorted(fits, key=lambda c: -fits[c])[:3], question


def test_situation_fits_cover_every_card_in_standard_deviations() -> None:
    fits = situation_fits("How should we price an AI feature whose token costs vary by user?", "en")
    assert sorted(fits) == sorted(c.id for c in load_cards(lang="en"))
    assert max(fits, key=lambda c: fits[c]) == "ai-business-models" and fits["ai-business-models"] > 2.0
    assert situation_fits(" ", "en") == {}
