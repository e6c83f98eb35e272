"""Routing rules: explainable scores, the fallbacks, and the complete-inputs override."""

from __future__ import annotations

from pm_assistant.agent.offline.intents import classify
from pm_assistant.agent.offline.plan import decide, plan


def test_a_route_names_the_rules_that_fired() -> None:
    route = classify("We invest ¥800k and expect ¥1.5M a year in savings — what's the payback?")
    assert route.intent == "roi_payback"
    assert any("pay" in rule for rule in route.matched["roi_payback"])
    assert route.ranked()[0] == ("roi_payback", route.score)


def test_no_rule_and_no_domain_word_is_out_of_scope_but_a_domain_word_is_a_framework_question() -> None:
    assert classify("What's the capital of Peru?").intent == "out_of_scope"
    assert classify("How should I structure the roadmap for an AI feature?").intent == "framework"


def test_an_off_topic_word_inside_product_work_stays_in_scope() -> None:
    assert classify("Our recipe app's chatbot keeps inventing ingredients").intent == "rag_diagnosis"


def test_a_stray_calculator_keyword_is_not_a_calculation() -> None:
    route = classify("Which risks matter most for AI products?")
    assert route.scores["risk_cost_matrix"] > 0 and route.intent == "framework"


def test_asking_what_the_failure_points_are_is_not_a_failure_report() -> None:
    assert classify("What are the seven RAG failure points?").intent == "framework"
    assert classify("Why is my RAG failing?").intent == "rag_diagnosis"


def test_a_question_about_the_method_is_answered_from_the_cards() -> None:
    assert plan("What is ROI?").intent == "framework"
    assert plan("What is our ROI?").intent == "roi_payback"  # the asker's own figure: ask for inputs


def test_complete_inputs_win_over_weak_keywords() -> None:
    question = "What does 800,000 requests a month cost with 1,000 input tokens and 400 output tokens per request " \
               "on gpt-4o?"
    route = classify(question)
    assert route.intent != "ai_cost_estimate"
    assert decide(route, question) == "ai_cost_estimate"


def test_complete_inputs_need_some_keyword_evidence() -> None:
    route = classify("Translate 'good morning' into French")
    assert decide(route, "Translate 'good morning' into French") == "out_of_scope"
