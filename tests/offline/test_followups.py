"""What-if follow-ups re-run the previous calculation with the changed or added input; "again" recomputes it."""

from __future__ import annotations

import pytest

from pm_assistant.agent.offline.followup import is_what_if, revise
from pm_assistant.agent.selfcheck.checks import check_grounding
from pm_assistant.agent.selfcheck.evidence import collect_evidence
from tests.offline.fakes import run_turn, turn_calls

PAYBACK = "We invest ¥800k and expect ¥1.5M a year in savings — what's the payback?"


def _calculation(messages: list) -> dict:
    (call,) = [c for c in turn_calls(messages) if c["name"] != "search_knowledge"]
    return call["args"]


def test_a_changed_figure_replaces_the_one_with_the_same_words() -> None:
    assert revise("Is a 3% hallucination rate OK for a legal assistant?", "what about 0.5%?").startswith("Is a 0.5%")


@pytest.mark.parametrize("message", ["what if the savings are only ¥600k?", "And if running costs are $5k a month?",
                                     "with a 2 s latency limit?", "what about 0.5%?"])
def test_what_if_messages_are_recognised(message: str) -> None:
    assert is_what_if(message)


def test_payback_follow_ups_change_then_add_an_input(planner) -> None:
    first = run_turn(planner, PAYBACK)
    cheaper = run_turn(planner, "what if the savings are only ¥600k?", history=first)
    assert _calculation(cheaper) == {"investment": 800000, "annual_benefit": 600000, "currency": "¥"}
    assert "16 months" in cheaper[-1].content
    assert cheaper[-1].response_metadata["planner"]["follow_up"] is True
    running = run_turn(planner, "And if running costs are ¥20k a month?", history=cheaper)
    assert _calculation(running) == {"investment": 800000, "annual_benefit": 600000, "monthly_running_cost": 20000,
                                      "currency": "¥"}
    assert check_grounding("And if running costs are ¥20k a month?", running[-1].content,
                           collect_evidence(running)).status == "pass"


def test_a_latency_limit_is_added_to_a_poc_comparison(planner) -> None:
    first = run_turn(planner, "Option A 92% at 2.2 s, option B 88% at 1.3 s: which wins if we need ≥ 85%?")
    assert "Winner: Option A" in first[-1].content
    limited = run_turn(planner, "with a 2 s latency limit?", history=first)
    assert _calculation(limited)["constraints"] == {"min_accuracy": 0.85, "max_latency_s": 2}
    assert "Winner: Option B" in limited[-1].content


def test_a_new_rate_reruns_the_hallucination_check(planner) -> None:
    first = run_turn(planner, "Is a 3% hallucination rate OK for a legal assistant?")
    again = run_turn(planner, "what about 0.5%?", history=first)
    assert _calculation(again) == {"rate": 0.005, "domain": "legal assistant"}
    assert "**Yes: 0.5% is within" in again[-1].content


def test_asking_again_recomputes_the_earlier_calculation_even_after_another_question(planner) -> None:
    first = run_turn(planner, PAYBACK)
    other = run_turn(planner, "Tell me about the RAG triad", history=first)
    again = run_turn(planner, "what was my payback again?", history=other)
    assert _calculation(again) == {"investment": 800000, "annual_benefit": 1500000, "currency": "¥"}
    assert "6.4 months" in again[-1].content


def test_a_new_complete_calculation_is_not_a_what_if(planner) -> None:
    first = run_turn(planner, PAYBACK)
    other = run_turn(planner, "And what about a 3% hallucination rate for a legal assistant?", history=first)
    assert [c["name"] for c in turn_calls(other)][-1] == "hallucination_budget"


DOLLAR_PAYBACK = "We invest $800k and save $1.5M a year. Payback?"


@pytest.mark.parametrize("message, changed", [
    ("What if the savings were only $900k?", {"annual_benefit": 900000}),
    ("What if annual benefit is $900,000?", {"annual_benefit": 900000}),
    ("what if investment is $1.6M?", {"investment": 1600000}),
    ("and if the upfront cost is $400k?", {"investment": 400000}),
])
def test_a_changed_input_is_found_by_its_synonyms(planner, message: str, changed: dict) -> None:
    first = run_turn(planner, DOLLAR_PAYBACK)
    revised = run_turn(planner, message, history=first)
    assert _calculation(revised) == {"investment": 800000, "annual_benefit": 1500000, "currency": "$"} | changed
    assert check_grounding(message, revised[-1].content, collect_evidence(revised)).status == "pass"


@pytest.mark.parametrize("message, changed, payback", [
    ("And if the investment doubles?", {"investment": 1600000}, "12.8"),
    ("what if the savings halve?", {"annual_benefit": 750000}, "12.8"),
])
def test_a_scaled_input_is_recomputed_and_compared_with_the_last_result(planner, message: str, changed: dict,
                                                                        payback: str) -> None:
    first = run_turn(planner, DOLLAR_PAYBACK)
    scaled = run_turn(planner, message, history=first)
    assert _calculation(scaled) == {"investment": 800000, "annual_benefit": 1500000, "currency": "$"} | changed
    answer = scaled[-1].content
    assert payback in answer and "6.4 → 12.8" in answer  # old against new


@pytest.mark.parametrize("message, factor", [("what if it's 5x instead?", 5), ("and if usage doubles instead?", 2)])
def test_a_new_usage_factor_replaces_the_earlier_one(planner, message: str, factor: float) -> None:
    first = run_turn(planner, "Our LLM bill is $4,000 a month. What if usage triples?")
    revised = run_turn(planner, message, history=first)
    assert _calculation(revised) == {"current_monthly_cost": 4000, "usage_multiplier": factor, "currency": "$"}
    assert check_grounding(message, revised[-1].content, collect_evidence(revised)).status == "pass"


@pytest.mark.parametrize(("earlier", "message", "revised"), [
    ("Is a 3% hallucination rate OK for a legal research assistant?", "what if we get it down to 0.8%?",
     "Is a 0.8% hallucination rate OK for a legal research assistant?"),
    ("法律问答机器人幻觉率 2%，能上线吗？", "如果降到 0.5% 呢？", "法律问答机器人幻觉率 0.5%，能上线吗？"),
])
def test_a_figure_brought_down_to_a_new_value_replaces_the_only_one_of_its_kind(earlier: str, message: str,
                                                                                revised: str) -> None:
    assert revise(earlier, message) == revised
