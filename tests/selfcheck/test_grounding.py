"""Typed grounding: a figure matches a source of its kind, unit, currency and period, never by coincidence."""

from __future__ import annotations

from pm_assistant.agent.selfcheck.grounding import answer_figures, matches, period_clash
from pm_assistant.agent.selfcheck.sources import passage_sources, quantity_sources, tool_sources
from pm_assistant.tools.registry import TOOLS


def _run(name: str, **args):
    spec = TOOLS[name]
    return tool_sources(name, args, spec.func(spec.input_model(**args)), None)


def _grounded(answer: str, sources) -> list[bool]:
    return [any(matches(f, s) for s in sources) for f in answer_figures(answer)]


ROI = _run("roi_payback", investment=800000, annual_benefit=1500000, currency="$")


def test_a_result_restated_with_its_own_unit_currency_and_period_is_grounded() -> None:
    assert _grounded("Payback 6.4 months, ROI 87.5%, net benefit $700,000 ($125,000 a month).", ROI) == [True] * 4


def test_another_unit_currency_or_period_is_not() -> None:
    assert _grounded("Payback 6.4 years.", ROI) == [False]
    assert _grounded("Net benefit ¥700,000.", ROI) == [False]
    (yearly,) = answer_figures("It saves $125,000 a year.")
    found = [s for s in ROI if matches(yearly, s)]  # only the formula's period-less echo states it
    assert period_clash(yearly, found, ROI).label == "roi_payback.monthly_benefit"


def test_conversions_the_units_state_are_allowed() -> None:
    assert _grounded("That is $1.5M a year, or 0.53 years to pay back.", ROI) == [True, True]
    assert _grounded("48 months, i.e. 4 years", quantity_sources("over 48 months", "user", "q")) == [True, True]


def test_no_coincidence_through_x100_x12_or_scores() -> None:
    passages = passage_sources([{"id": "rag-triad", "score": 0.5427, "relevance": 0.71, "similarity": 0.83,
                                 "text": "Check context relevance, groundedness and answer relevance."}])
    assert _grounded("Expect about 7% fewer errors.", passages) == [False]
    small = [s for s in ROI if s.kind in ("number", "percent")]
    grounded = [n for n in range(1, 13) if any(_grounded(f"{n} things", small))]
    assert len(grounded) <= 2  # 12 (the horizon) by right; not 10 of the 12 by x100 or x12


def test_chinese_figures_are_typed_too() -> None:
    roi = _run("roi_payback", investment=800000, annual_benefit=1500000, currency="¥")
    assert _grounded("回本周期约6.4个月，首年净收益70万元。", roi) == [True, True]
    assert _grounded("回本周期约6.4年。", roi) == [False]


def test_a_tight_range_states_the_value_it_brackets_a_wide_one_does_not() -> None:
    roi = _run("roi_payback", investment=730000, annual_benefit=1000000, currency="$")  # payback 8.76 months
    assert _grounded("It pays back in 8–9 months.", roi)[0] is False  # 8 alone is not 8.76
    (low, high) = answer_figures("It pays back in 8–9 months.")
    assert low.bracket is not None and any(matches(low.bracket, s) for s in roi)
    (wide, _) = answer_figures("It pays back in 2–12 months.")
    assert wide.bracket is None
    (off, _) = answer_figures("It pays back in 10–11 months.")
    assert not any(matches(off.bracket, s) for s in roi)


def test_result_fields_are_typed_by_every_word_of_their_name() -> None:
    cost = _run("custom_model_cost", gpus=8, gpu_hourly_rate=2.5, gpu_days=3, people=3, day_rate=700, days=15,
                currency="$")
    assert _grounded("576 GPU-hours of compute, $31,500 of people time.", cost) == [True, True]
    tokens = _run("ai_cost_estimate", requests_per_day=20000, input_tokens_per_request=800,
                  output_tokens_per_request=200, price_per_1k_input=0.0005, price_per_1k_output=0.0015, currency="$")
    assert _grounded("$240 for input tokens and $180 for output.", tokens) == [True, True]
