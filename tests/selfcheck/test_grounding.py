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


def test_a_rank_the_user_states_grounds_the_number_but_a_passage_step_does_not() -> None:
    said = quantity_sources("the 2025 version ranks 6th and we use top-k 5", "user", "question")
    assert _grounded("It ranks 6, so raise top-k to at least 6.", said) == [True, True]
    steps = passage_sources([{"id": "poc-four-steps", "text": "Step 6: write the go/no-go memo."}])
    assert _grounded("Raise top-k to 6.", steps) == [False]


def test_effort_in_person_days_is_grounded_as_written() -> None:
    effort = _run("custom_model_cost", people=3, day_rate=600, days=20, currency="$")
    assert _grounded("People: 60 person-days × $600 = $36,000.", effort) == [True, True, True]
    assert _grounded("人力：60人天，共36,000美元。", effort) == [True, True]


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


def test_a_stated_calendar_convention_and_a_calls_defaults_are_traceable() -> None:
    from pm_assistant.agent.selfcheck.grounding import calendar_facts
    from pm_assistant.agent.selfcheck.tool_inputs import default_sources

    rate = answer_figures("4,500 a month from $150 a day (assumed 30 days a month)")[-1]
    assert any(matches(rate, s) for s in calendar_facts())
    (bare,) = answer_figures("It pays back in 30 days.")
    assert bare.quantity.period is None  # a bare duration is a result to trace, not a convention
    defaults = default_sources({"name": "ai_cost_estimate", "args": {"current_monthly_cost": 4500}})
    (days,) = [s for s in defaults if s.label.endswith("days_per_month")]
    assert (days.kind, days.unit, days.period, days.echo) == ("duration", "day", "month", True)
    assert not [s for s in defaults if s.label.endswith("current_monthly_cost")]  # given, so no default


def test_prices_per_period_are_money_and_durations_per_period_are_durations() -> None:
    from pm_assistant.agent.selfcheck.sources import field_type

    assert field_type("gpu_hourly_rate", 0.8, True) == ("money", None, "hour")  # not a fraction though under 1
    assert field_type("gpu_hours_per_day", 10, False) == ("duration", "hour", "day")
    assert field_type("hit_rate_after", 0.6, False)[0] == "percent"


def test_a_difference_a_change_or_a_complement_of_sources_is_traceable_a_product_is_not() -> None:
    from pm_assistant.agent.selfcheck.grounding import comparisons

    score = _run("investment_score", business_value=30, technical_maturity=22, resource_demand=18)  # 70, P0 at 80
    assert _grounded("It is 10 points short of P0.", comparisons(score)) == [True]
    cost = _run("ai_cost_estimate", current_monthly_cost=45000, usage_multiplier=2, currency="¥")
    assert _grounded("费用增加了100%。", comparisons(cost)) == [True]
    cache = _run("cache_savings", current_monthly_cost=60000, cacheable_share=0.4, hit_rate_after=0.5, currency="¥")
    assert _grounded("每月省1.2万元，是总开销6万元的20%。", [*cache, *comparisons(cache)]) == [True, True, True]
    recall = quantity_sources("precision 0.92, recall 0.6", "user", "question")
    assert _grounded("You miss 4 in 10 frauds.", comparisons(recall)) == [True]
    assert _grounded("Over three years that is $3.7M.", comparisons(ROI)) == [False]  # 3 x yearly: arithmetic
    passage = passage_sources([{"id": "c", "text": "Budget 5% for standard domains and 1% for legal."}])
    assert _grounded("That leaves 4% of slack.", comparisons(passage)) == [False]  # passages are not compared


def test_totals_of_parts_and_per_unit_products_are_traceable_a_users_figure_plus_a_result_is_not() -> None:
    from pm_assistant.agent.selfcheck.grounding import comparisons

    tokens = _run("ai_cost_estimate", requests_per_day=1000000, input_tokens_per_request=800,
                  output_tokens_per_request=200, price_per_1k_input=0.002, price_per_1k_output=0.002, currency="¥")
    assert _grounded("每月约300亿token。", comparisons(tokens)) == [True]  # input + output tokens of one call
    said = quantity_sources("12 support agents at $4,500/month each; 0.8% of 2,000 clauses", "user", "question")
    assert _grounded("$54,000 a month, $648k a year; about 16 bad clauses.", comparisons(said)) == [True] * 3
    bill = [*quantity_sources("We pay $12k a month", "user", "question"),
            *_run("ai_cost_estimate", current_monthly_cost=12000, usage_multiplier=2.5, currency="$")]
    assert _grounded("About $42k a month.", comparisons(bill)) == [False]  # today's bill + the new one


def test_a_passage_comparison_holds_within_one_sentence_only() -> None:
    from pm_assistant.agent.selfcheck.grounding import passage_comparisons

    passage = [{"id": "user:memo", "text": "Handle time fell from 9.5 minutes to 7 minutes. The pilot ran 6 weeks."}]
    assert _grounded("2.5 minutes faster, about 26% quicker.", passage_comparisons(passage)) == [True, True]
    assert _grounded("That leaves 4% of slack.", passage_comparisons(
        [{"id": "c", "text": "Budget 5% for standard domains. Legal gets 1%."}])) == [False]


def test_a_split_is_written_in_percentages() -> None:
    card = passage_sources([{"id": "c", "text": "keep real dialogues near 70% and simulated ones near 30%"}])
    for mix, grounded in (("a 70/30 mix", True), ("a 60/40 mix", False)):
        (figure,) = answer_figures(mix)
        assert all(any(matches(part, s) for s in card) for part in figure.parts) is grounded


def test_a_result_quoted_under_another_results_name_is_a_swap() -> None:
    from pm_assistant.agent.selfcheck.naming import swapped_result

    cache = _run("cache_savings", current_monthly_cost=18000, cacheable_share=0.4, hit_rate_after=0.5, currency="$")

    def swapped(answer: str) -> list[bool]:
        figures = answer_figures(answer)
        return [swapped_result(f, answer, [s for s in cache if matches(f, s)], cache, figures) is not None
                for f in figures]

    assert swapped("You'd save about $7,200 a month.") == [True]  # the cost before caching, named as savings
    assert swapped("You'd save about $3,600 a month.") == [False]
    assert swapped("The repeat traffic costs $7.2k today and a 50% hit rate takes $3.6k off.") == [False] * 3
