"""Property tests (hypothesis) for the calculators' invariants."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool

money = st.floats(min_value=1, max_value=1e9, allow_nan=False)
fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
counts = st.integers(min_value=0, max_value=10**6)
quick = settings(max_examples=60, deadline=None)  # per test, so other suites keep their own profile


@quick
@given(investment=money, running=st.floats(min_value=0, max_value=1e6), benefit=money, extra=money)
def test_payback_falls_as_benefit_rises(investment: float, running: float, benefit: float, extra: float) -> None:
    low = run_tool("roi_payback", {"investment": investment, "monthly_benefit": running + benefit,
                                   "monthly_running_cost": running})
    high = run_tool("roi_payback", {"investment": investment, "monthly_benefit": running + benefit + extra,
                                    "monthly_running_cost": running})
    assert low["pays_back"] and high["pays_back"]
    assert high["payback_months"] <= low["payback_months"]
    assert high["net_benefit"] >= low["net_benefit"]


@quick
@given(investment=money, benefit=st.floats(min_value=0, max_value=1e6), running=st.floats(min_value=0, max_value=1e6))
def test_pays_back_exactly_when_benefit_exceeds_running_cost(investment: float, benefit: float, running: float) -> None:
    result = run_tool("roi_payback", {"investment": investment, "monthly_benefit": benefit,
                                      "monthly_running_cost": running})
    assert result["pays_back"] is (benefit > running)
    assert (result["payback_months"] is None) is (benefit <= running)


@quick
@given(
    field=st.sampled_from([("business_value", 40), ("technical_maturity", 30), ("resource_demand", 30)]),
    excess=st.floats(min_value=1e-6, max_value=1e6, allow_nan=False),
    below=st.booleans(),
)
def test_scores_outside_ranges_rejected(field: tuple, excess: float, below: bool) -> None:
    name, cap = field
    args = {"business_value": 20, "technical_maturity": 15, "resource_demand": 15}
    args[name] = -excess if below else cap + excess
    try:
        run_tool("investment_score", args)
    except ToolInputError as exc:
        assert exc.field == name
    else:
        raise AssertionError(f"{name}={args[name]} was accepted")


@quick
@given(value=st.floats(0, 40), maturity=st.floats(0, 30), demand=st.floats(0, 30))
def test_priority_follows_total(value: float, maturity: float, demand: float) -> None:
    result = run_tool("investment_score", {"business_value": value, "technical_maturity": maturity,
                                           "resource_demand": demand})
    assert math.isclose(result["total"], value + maturity + demand, abs_tol=0.005 + 1e-9)
    expected = "P0" if result["total"] >= 80 else "P1" if result["total"] >= 60 else "P2"
    assert result["priority"] == expected


@quick
@given(tp=counts, fp=counts, fn=counts, tn=st.none() | counts)
def test_precision_recall_f1_in_unit_interval(tp: int, fp: int, fn: int, tn: int | None) -> None:
    if not (tp or fp or fn or tn):
        return
    result = run_tool("classification_metrics", {"tp": tp, "fp": fp, "fn": fn, "tn": tn})
    for key in ("precision", "recall", "f1", "accuracy"):
        assert result[key] is None or 0 <= result[key] <= 1
    if result["precision"] is not None and result["recall"] is not None:
        low, high = sorted((result["precision"], result["recall"]))
        assert low - 1e-4 <= result["f1"] <= high + 1e-4  # a harmonic mean lies between its terms


@quick
@given(p=fraction, r=fraction)
def test_f1_from_rates_in_unit_interval(p: float, r: float) -> None:
    f1 = run_tool("classification_metrics", {"precision": p, "recall": r})["f1"]
    assert 0 <= f1 <= 1


@quick
@given(tokens=st.integers(0, 10**10), gpu_hours=st.floats(0, 1e4), k=st.floats(0.01, 100))
def test_cost_scales_with_usage(tokens: int, gpu_hours: float, k: float) -> None:
    args = {"monthly_input_tokens": tokens, "price_per_1k_input": 0.002, "gpu_hours_per_month": gpu_hours,
            "gpu_hourly_rate": 8}
    base = run_tool("ai_cost_estimate", args)["monthly_cost"]
    scaled = run_tool("ai_cost_estimate", {**args, "usage_multiplier": k})["monthly_cost"]
    assert math.isclose(scaled, base * k, rel_tol=1e-6, abs_tol=0.02 * k + 0.01)


@quick
@given(current=st.floats(0, 1e9), fixed_share=fraction, k=st.floats(0.01, 100))
def test_a_bill_grows_only_in_its_variable_part(current: float, fixed_share: float, k: float) -> None:
    fixed = current * fixed_share
    result = run_tool("ai_cost_estimate", {"current_monthly_cost": current, "fixed_monthly_cost": fixed,
                                           "usage_multiplier": k})
    assert math.isclose(result["monthly_cost"], fixed + (current - fixed) * k, rel_tol=1e-6, abs_tol=0.01)
    assert math.isclose(result["fixed_cost"] + result["variable_cost"], result["monthly_cost"], rel_tol=1e-6,
                        abs_tol=0.02)
    grew = result["monthly_cost"] - result["baseline_monthly_cost"]
    assert grew >= -0.01 if k >= 1 else grew <= 0.01  # more usage never costs less, less never costs more


@quick
@given(cost=st.floats(0, 1e9), before=fraction, after=fraction)
def test_cache_savings_sign_follows_hit_rate(cost: float, before: float, after: float) -> None:
    result = run_tool("cache_savings", {"monthly_cost_without_cache": cost, "hit_rate_before": before,
                                        "hit_rate_after": after})
    assert math.isclose(result["monthly_savings"], cost * (after - before), abs_tol=0.01 + cost * 1e-12)


@quick
@given(rate=fraction, domain=st.sampled_from(["legal", "finance news", "e-commerce", "medical"]))
def test_within_budget_iff_rate_at_most_threshold(rate: float, domain: str) -> None:
    result = run_tool("hallucination_budget", {"rate": rate, "domain": domain})
    assert result["within_budget"] is (rate <= result["threshold"])


item = st.fixed_dictionaries(
    {"name": st.text(min_size=1, max_size=8), "risk": st.floats(1, 5), "mitigation_cost": st.floats(0, 1e6)}
)


@quick
@given(items=st.lists(item, min_size=1, max_size=12))
def test_risk_matrix_places_every_item_in_action_order(items: list[dict]) -> None:
    result = run_tool("risk_cost_matrix", {"items": items})
    order = ["act_now", "plan", "quick_win", "monitor"]
    quadrants = [order.index(i["quadrant"]) for i in result["items"]]
    assert quadrants == sorted(quadrants)
    assert [i["rank"] for i in result["items"]] == list(range(1, len(items) + 1))
    assert sorted(i["name"] for i in result["items"]) == sorted(i["name"] for i in items)


@quick
@given(options=st.lists(st.fixed_dictionaries({"accuracy": fraction, "latency_s": st.floats(0, 10)}),
                        min_size=1, max_size=3),
       min_accuracy=fraction)
def test_poc_winner_qualifies_and_is_most_accurate(options: list[dict], min_accuracy: float) -> None:
    named = [{"name": f"o{i}", **o} for i, o in enumerate(options)]
    result = run_tool("poc_compare", {"options": named, "constraints": {"min_accuracy": min_accuracy}})
    qualifying = [o for o in named if o["accuracy"] >= min_accuracy]
    assert len(result["qualifying"]) == len(qualifying)
    if qualifying:
        winner = next(o for o in named if o["name"] == result["winner"])
        assert winner["accuracy"] == max(o["accuracy"] for o in qualifying)
    else:
        assert result["winner"] is None
