"""hallucination_budget: the 1% / 5% thresholds and the finance-news example."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.hallucination import classify_domain
from pm_assistant.tools.registry import run_tool


def test_article_finance_news_from_8_to_2_3_percent() -> None:
    before = run_tool("hallucination_budget", {"rate": 0.08, "domain": "finance news"})
    after = run_tool("hallucination_budget", {"rate": 0.023, "domain": "finance news"})
    assert before["domain_class"] == after["domain_class"] == "standard"
    assert before["threshold"] == after["threshold"] == 0.05
    assert before["within_budget"] is False
    assert before["headroom"] == -0.03
    assert before["reduction_needed"] == round(0.03 / 0.08, 4)
    assert after["within_budget"] is True
    assert after["headroom"] == 0.027
    assert after["reduction_needed"] == 0


@pytest.mark.parametrize(
    "domain", ["legal Q&A", "medical triage", "Financial advice bot", "hiring screen", "医疗问答"]
)
def test_high_risk_domains_get_one_percent(domain: str) -> None:
    result = run_tool("hallucination_budget", {"rate": 0.023, "domain": domain})
    assert result["domain_class"] == "high-risk"
    assert result["threshold"] == 0.01
    assert result["within_budget"] is False
    assert result["matched_term"]


@pytest.mark.parametrize(("rate", "within"), [(0.01, True), (0.0101, False)])
def test_boundary_is_inclusive(rate: float, within: bool) -> None:
    assert run_tool("hallucination_budget", {"rate": rate, "domain": "legal"})["within_budget"] is within


def test_explicit_class_and_threshold_override() -> None:
    result = run_tool("hallucination_budget", {"rate": 0.02, "domain": "finance news", "domain_class": "high-risk"})
    assert result["domain_class"] == "high-risk" and result["threshold"] == 0.01
    own = run_tool("hallucination_budget", {"rate": 0.02, "domain_class": "standard", "threshold": 0.03})
    assert own["threshold"] == 0.03 and own["within_budget"] is True


def test_words_that_merely_contain_a_term_do_not_count() -> None:
    assert classify_domain("lawn care tips") == ("standard", None)
    assert classify_domain("law firm assistant") == ("high-risk", "law")


@pytest.mark.parametrize(
    ("args", "field"),
    [({"rate": 0.02}, "domain"), ({}, "domain"), ({"rate": 2.3, "domain": "x"}, "rate"),
     ({"rate": 0.02, "domain_class": "medium"}, "domain_class")],
)
def test_invalid_input_names_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("hallucination_budget", args)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("args", "threshold", "domain_class"),
    [({"domain": "medical assistant"}, 0.01, "high-risk"), ({"domain": "marketing copy"}, 0.05, "standard"),
     ({"domain_class": "standard", "threshold": 0.03}, 0.03, "standard")],
)
def test_without_a_rate_the_budget_comes_back_with_no_verdict(args: dict, threshold: float, domain_class: str) -> None:
    result = run_tool("hallucination_budget", args)
    assert (result["threshold"], result["domain_class"]) == (threshold, domain_class)
    assert result["within_budget"] is None and result["headroom"] is None and result["reduction_needed"] is None
    assert result["rate"] is None
    assert "no verdict" in result["explanation"] and f"{threshold * 100:g}%" in result["explanation"]
    assert "rate" not in result["formula"]  # the working shows only how the budget was chosen


def test_the_same_budget_with_and_without_a_rate() -> None:
    alone = run_tool("hallucination_budget", {"domain": "legal Q&A"})
    checked = run_tool("hallucination_budget", {"domain": "legal Q&A", "rate": 0.005})
    assert alone["threshold"] == checked["threshold"] == 0.01
    assert checked["formula"].startswith(alone["formula"] + "; rate 0.5% <= 1%")
    assert "explanation" not in checked
