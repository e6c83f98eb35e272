"""The self-check on calculator inputs: invented or misbound inputs fail, unused figures fail or warn, earlier
citations count, and a repair may ask the user or reuse a standing result."""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from pm_assistant.agent.engine.assistant import build_assistant
from pm_assistant.agent.selfcheck.sources import quantity_sources
from pm_assistant.agent.selfcheck.tool_inputs import derived, untraceable_inputs, unused_figures, word_sources
from pm_assistant.core.config import load_settings
from tests.agent.fakes import FakePassage, call, knowledge_base, scripted


def _offline_answer(tool: str, args: dict, reply: str, question: str):
    """The offline-mode answer of a scripted model that calls one calculator, then replies (no repair round)."""
    model = scripted(AIMessage(content="", tool_calls=[call(tool, args)]), AIMessage(content=reply))
    return build_assistant(load_settings(), model=model, kb=knowledge_base(), mode="offline").ask(question)


def _checks(answer):
    return {c.name: (c.status, c.detail) for c in answer.self_check.checks}


def test_invented_inputs_fail_grounding_and_get_one_repair_round() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("roi_payback", {"investment": 100000, "annual_benefit": 200000})]),
        AIMessage(content="It pays back in 6 months."),
        AIMessage(content="What is the investment, and the yearly benefit?"),
    )
    answer = build_assistant(load_settings(), model=model, kb=knowledge_base()).ask("What's the payback of my project?")
    model.assert_complete()
    repair = model.received[2][-1]
    assert isinstance(repair, HumanMessage) and "roi_payback.investment=100000" in repair.content
    assert "payback_months" in repair.content  # the results that still stand are listed
    assert answer.revised and answer.answer.startswith("What is the investment")
    assert answer.self_check.passed  # asking the user sets the call with invented inputs aside


def test_inputs_invented_without_a_repair_round_stay_failed() -> None:
    answer = _offline_answer("roi_payback", {"investment": 100000, "annual_benefit": 200000}, "It pays back in 6 months.",
                             "What's the payback of my project?")
    status, detail = _checks(answer)["grounding"]
    assert status == "fail" and "annual_benefit=200000" in detail


def _stated(text: str):
    return [*quantity_sources(text, "user", "question"), *word_sources([text])]


def test_inputs_from_percentages_words_and_defaults_are_traceable() -> None:
    stated = _stated("Hallucination rate 3% for a legal bot; what if usage triples? We invest 5 and get 7 a year.")
    calls = [{"name": "hallucination_budget", "args": {"rate": 0.03, "domain": "legal"}},
             {"name": "ai_cost_estimate", "args": {"current_monthly_cost": 1980, "usage_multiplier": 3}},
             {"name": "roi_payback", "args": {"investment": 5, "annual_benefit": 7, "horizon_months": 12}}]
    assert untraceable_inputs(calls, stated) == ["ai_cost_estimate.current_monthly_cost=1980 (invented)"]


def test_a_figure_bound_to_a_field_of_another_period_is_misbound() -> None:
    stated = _stated("We spend $24k a year on the OCR API and plan a one-off $50k upgrade. What if volume doubles?")
    monthly = [{"name": "ai_cost_estimate", "args": {"current_monthly_cost": 24000, "usage_multiplier": 2}}]
    assert untraceable_inputs(monthly, stated) == ["ai_cost_estimate.current_monthly_cost=24000 (misbound "
                                                   "(money per year used as money per month))"]
    converted = [{"name": "ai_cost_estimate", "args": {"current_monthly_cost": 2000, "usage_multiplier": 2}}]
    assert untraceable_inputs(converted, stated) == []  # the period conversion the units state
    swapped = [{"name": "roi_payback", "args": {"investment": 24000, "annual_benefit": 50000}}]
    assert [p.split("=")[0] for p in untraceable_inputs(swapped, stated)] == ["roi_payback.investment"]


def test_a_currency_other_than_the_users_is_an_invented_input() -> None:
    stated = _stated("投入80万元，每年节省150万元")
    calls = [{"name": "roi_payback", "args": {"investment": 800000, "annual_benefit": 1500000, "currency": "$"}}]
    assert untraceable_inputs(calls, stated, "CNY") == ["roi_payback.currency=$ (the user's amounts are CNY)"]


def test_money_the_calculation_ignored_fails_the_prompt_layer() -> None:
    answer = _offline_answer("roi_payback", {"investment": 800000, "annual_benefit": 1500000}, "It pays back in 6.4 months.",
                             "We invest 800k, save 1.5M a year and pay 50k a month for GPUs: payback?")
    status, detail = _checks(answer)["prompt"]
    assert status == "fail" and "50k" in detail
    calls = [{"name": "roi_payback", "args": {"investment": 800000, "annual_benefit": 1500000}}]
    assert unused_figures("invest 800k, save 1.5M", calls) == []
    assert unused_figures("invest 800k, save 1.5M, 3 engineers", calls, "I left the 3 engineers aside.") == []


def test_an_unused_amount_of_money_fails_the_prompt_layer() -> None:
    answer = _offline_answer("roi_payback", {"investment": 2025, "annual_benefit": 1500000}, "It pays back quickly.",
                             "In 2025 we want to invest $800k and save $1.5M per year: payback?")
    status, detail = _checks(answer)["prompt"]
    assert status == "fail" and "800k" in detail and not answer.self_check.passed


def test_a_card_retrieved_in_an_earlier_turn_may_be_cited_in_a_follow_up() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("search_knowledge", {"query": "POC four steps"})]),
        AIMessage(content="Cap it at 10 days [poc-four-steps]."),
        AIMessage(content="Yes, still at most 3 options [poc-four-steps]."),
    )
    assistant = build_assistant(load_settings(), model=model, kb=knowledge_base())
    assistant.ask("How do I run a POC?")
    follow_up = assistant.ask("And the options?")
    assert _checks(follow_up)["retrieval"][0] == "pass"


def test_citing_a_weak_passage_is_a_warning() -> None:
    kb = knowledge_base()
    kb.passages.append(FakePassage("ai-onboarding", "Onboarding", "Pitfalls", "Users drop off at setup."))
    model = scripted(
        AIMessage(content="", tool_calls=[call("search_knowledge", {"query": "POC goal setup options steps"})]),
        AIMessage(content="Follow the steps [poc-four-steps] and mind setup [ai-onboarding]."),
    )
    answer = build_assistant(load_settings(), model=model, kb=kb).ask("How do I set up a POC?")
    status, detail = _checks(answer)["retrieval"]
    assert status == "warn" and "ai-onboarding" in detail and "poc-four-steps" not in detail


def test_rejected_calls_are_reported_with_their_error() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("investment_score", {"business_value": 45, "technical_maturity": 20,
                                                                     "resource_demand": 20})]),
        AIMessage(content="Business value goes up to 40 only."),
    )
    answer = build_assistant(load_settings(), model=model, kb=knowledge_base()).ask(
        "Score: business value 45, maturity 20, resources 20")
    (rejected,) = answer.tool_calls
    assert rejected["name"] == "investment_score" and "business_value" in rejected["result"]["error"]


def test_figures_written_inside_chinese_text_are_read() -> None:
    from pm_assistant.agent.selfcheck.grounding import extract_figures

    assert [f.value for f in extract_figures("投资80万元，每年节省150万元，多久回本？")] == [800000, 1500000]
    assert extract_figures("GPT-4 and FP2") == []


def test_a_price_per_million_tokens_passed_per_thousand_is_traceable_and_used() -> None:
    question = "40 million input tokens a month at $0.15 per 1M tokens: monthly cost?"
    call_args = [{"name": "ai_cost_estimate", "args": {"price_per_1k_input": 0.00015, "monthly_input_tokens": 4e7}}]
    assert untraceable_inputs(call_args, _stated(question)) == []
    assert unused_figures(question, call_args) == []
    assert [f.kind for f in unused_figures("spend $5k and 3 days", [])] == ["money", "duration"]


def test_a_repair_that_still_rests_on_invented_inputs_fails() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("roi_payback", {"investment": 100000, "annual_benefit": 200000})]),
        AIMessage(content="It pays back in 6 months."),
        AIMessage(content="Still: it pays back in 6 months."),
    )
    answer = build_assistant(load_settings(), model=model, kb=knowledge_base()).ask("What's the payback of my project?")
    status, detail = _checks(answer)["grounding"]
    assert status == "fail" and "investment=100000" in detail


def test_a_repair_reusing_a_standing_result_passes() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("roi_payback", {"investment": 800000, "annual_benefit": 1500000})]),
        AIMessage(content="It pays back in 6.4 years."),
        AIMessage(content="It pays back in 6.4 months."),
    )
    answer = build_assistant(load_settings(), model=model, kb=knowledge_base()).ask(
        "We invest 800k and save 1.5M a year: payback?")
    model.assert_complete()
    repair = model.received[2][-1].content
    assert "6.4 years" in repair and "payback_months" in repair
    assert answer.revised and answer.self_check.passed


def test_inputs_one_step_of_arithmetic_from_stated_figures_are_traceable() -> None:
    stated = _stated("The model raised 120 alerts, 30 of them false, and missed 40 frauds.")
    counts = {"name": "classification_metrics", "args": {"tp": 90, "fp": 30, "fn": 40}}
    assert untraceable_inputs([counts], [*stated, *derived(stated)]) == []
    made_up = {"name": "classification_metrics", "args": {"tp": 75, "fp": 30, "fn": 40}}
    assert untraceable_inputs([made_up], [*stated, *derived(stated)]) == ["classification_metrics.tp=75 (invented)"]
    share = _stated("It hallucinates on 2 out of every 100 answers.")
    rate = {"name": "hallucination_budget", "args": {"rate": 0.02, "domain": "legal"}}
    assert untraceable_inputs([rate], [*share, *derived(share)]) == []


def test_sums_never_mix_currencies_or_periods() -> None:
    stated = _stated("We pay $2,000 a month for hosting and ¥3,000 once for setup.")
    assert not [s for s in derived(stated) if s.kind == "money" and s.value == 5000]
