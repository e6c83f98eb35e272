"""Offline reviews of the samples: every number from a calculator, nothing invented, statuses as the text says."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.agent.review.build import review_file
from pm_assistant.agent.review.render import to_markdown
from pm_assistant.core.config import Settings
from pm_assistant.tools.registry import run_tool
from tests.review.conftest import COMPLETE, MEDICAL, THIN, HashEmbedder
from tests.review.documents import make_pdf, markdown_to_docx


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory):
    """The offline review of each sample, made once for the module."""
    settings = Settings(home=tmp_path_factory.mktemp("home"))
    return {
        path.stem: review_file(path, settings, offline=True, embedder=HashEmbedder(), search=None)
        for path in (COMPLETE, THIN, MEDICAL)
    }


def calls(review, name: str) -> list[dict]:
    """The review's recorded calls of one calculator."""
    return [c for c in review.tool_calls if c["name"] == name]


@pytest.mark.parametrize("name", ["complete_support_bot", "thin_idea", "high_risk_medical_triage"])
def test_scoring_is_the_investment_score_tools_output(reviews, name: str) -> None:
    s = reviews[name].scoring
    expected = run_tool(
        "investment_score",
        {
            "business_value": s.business_value,
            "technical_maturity": s.technical_maturity,
            "resource_demand": s.resource_demand,
        },
    )
    assert (s.total, s.priority) == (expected["total"], expected["priority"])
    assert s.subscores["business_value"].max == 40 and s.subscores["resource_demand"].max == 30
    assert len(calls(reviews[name], "investment_score")) == 1


def test_complete_sample_payback_follows_its_own_figures(reviews) -> None:
    f = reviews["complete_support_bot"].financials
    running = run_tool(
        "ai_cost_estimate",
        {
            "requests_per_month": 120_000,
            "input_tokens_per_request": 1_500,
            "price_per_1k_input": 0.1,
            "gpu_hours_per_month": 200,
            "gpu_hourly_rate": 8,
        },
    )
    assert f.monthly_running_cost == running["monthly_cost"] == pytest.approx(120_000 * 1_500 / 1_000 * 0.1 + 200 * 8)
    expected = run_tool(
        "roi_payback",
        {
            "investment": 800_000,
            "annual_benefit": 1_500_000,
            "monthly_running_cost": running["monthly_cost"],
            "currency": "CNY",
        },
    )
    assert (f.investment, f.annual_benefit, f.currency) == (800_000, 1_500_000, "CNY")
    assert f.payback_months == expected["payback_months"]
    assert f.payback_months == pytest.approx(800_000 / (1_500_000 / 12 - running["monthly_cost"]), abs=0.01)


def test_medical_sample_payback_and_high_risk_budget(reviews) -> None:
    review = reviews["high_risk_medical_triage"]
    # net of the stated running cost, the higher of "about ¥30k a month" and "about ¥26k a month to host"
    assert review.financials.monthly_running_cost == 30_000
    assert review.financials.payback_months == pytest.approx(2_400_000 / (1_200_000 / 12 - 30_000), abs=0.01)
    assert review.domain_class == "high-risk"
    hb = review.hallucination_budget
    assert (hb.threshold, hb.rate, hb.within_budget, hb.domain_class) == (0.01, 0.02, False, "high-risk")
    (call,) = calls(review, "hallucination_budget")
    assert call["args"]["domain_class"] == "high-risk" and call["result"]["threshold"] == 0.01
    ethics = {e.id: e.status for e in review.ethics}
    assert ethics == {"consent": "missing", "bias": "missing", "liability": "addressed"}
    assert any("hallucination" in m for m in review.missing_information[:1])
    assert review.scoring.priority != "P0"  # the over-budget rate and ethics gaps keep it off the top


def test_thin_sample_invents_nothing(reviews) -> None:
    review = reviews["thin_idea"]
    f = review.financials
    assert (
        f.investment,
        f.annual_benefit,
        f.monthly_benefit,
        f.payback_months,
        f.roi_ratio,
        f.monthly_running_cost,
    ) == (None,) * 6
    assert review.hallucination_budget.rate is None and review.hallucination_budget.within_budget is None
    assert review.poc_plan.winner is None and review.poc_plan.goal is None and review.poc_plan.options == []
    assert {c["name"] for c in review.tool_calls} == {"investment_score", "risk_cost_matrix", "hallucination_budget"}
    (budget,) = calls(review, "hallucination_budget")  # the budget comes from the tool, asked without a rate
    assert "rate" not in budget["args"] and budget["result"]["within_budget"] is None
    assert review.hallucination_budget.threshold == budget["result"]["threshold"]
    assert review.missing_information[:2] == [
        "the total investment (one-off cost) is not stated",
        "the expected benefit per year or month is not stated",
    ]
    assert review.decision == "reject" and review.conditions
    assert review.questions_before_approval[0].startswith("What is the total investment")
    assert review.scoring.subscores["resource_demand"].judged is False
    assert review.scoring.priority == "P2"
    assert [f for f, v in review.proposal.items() if v.value is None] == [
        "users",
        "data",
        "targets",
        "timeline",
        "budget",
        "benefit",
    ]


def test_complete_sample_statuses_poc_and_risks(reviews) -> None:
    review = reviews["complete_support_bot"]
    assert [q.status for q in review.five_questions] == ["addressed"] * 5
    assert all(q.evidence in COMPLETE.read_text(encoding="utf-8") for q in review.five_questions)
    (poc,) = calls(review, "poc_compare")
    assert poc["args"]["constraints"] == {"min_accuracy": 0.85}
    assert review.poc_plan.winner == poc["result"]["winner"] == "Option B"
    assert review.poc_plan.limits["data_items"] == 1000 and review.poc_plan.limits["days"] == 10
    (matrix,) = calls(review, "risk_cost_matrix")
    assert matrix["args"]["cost_scale"] == "level" and "currency" not in matrix["args"]  # judged levels, not money
    assert matrix["result"]["thresholds"]["cost_source"] == "given"
    assert [(r.risk, r.quadrant, r.rank) for r in review.risks] == [
        (i["name"], i["quadrant"], i["rank"]) for i in matrix["result"]["items"]
    ]
    assert any(r.risk.startswith("Wrong refund answers") for r in review.risks)


@pytest.mark.parametrize("name", ["complete_support_bot", "thin_idea", "high_risk_medical_triage"])
def test_every_tool_result_is_reproducible_and_the_self_check_passes(reviews, name: str) -> None:
    review = reviews[name]
    for call in review.tool_calls:
        assert run_tool(call["name"], call["args"]) == call["result"]
    checks = {c["name"]: c["status"] for c in review.self_check["checks"]}
    assert review.self_check["passed"] and checks["grounding"] == "pass"


def test_contract_shape(reviews) -> None:
    data = reviews["complete_support_bot"].to_json_dict()
    for key in (
        "title",
        "domain_class",
        "five_questions",
        "scoring",
        "financials",
        "hallucination_budget",
        "risks",
        "poc_plan",
        "missing_information",
        "questions_before_approval",
        "verdict",
    ):
        assert key in data
    assert set(data["five_questions"][0]) >= {"question", "status", "evidence", "gap"}
    assert set(data["scoring"]) >= {
        "business_value",
        "technical_maturity",
        "resource_demand",
        "total",
        "priority",
        "rationale",
    }
    assert set(data["financials"]) >= {"investment", "annual_benefit", "payback_months"}
    assert set(data["risks"][0]) >= {"risk", "quadrant", "mitigation"}
    assert set(data["poc_plan"]) >= {"goal", "options", "limits"}
    assert data["mode"] == "offline" and data["decision"] in ("approve", "approve_with_conditions")


def test_citations_come_only_from_retrieved_cards(tmp_path: Path) -> None:
    seen: list[str] = []

    def search(query: str, k: int) -> list[dict]:
        """A card search that finds one card and one unrelated passage for every query."""
        seen.append(query)
        return [
            {
                "id": "poc-four-steps",
                "title": "POC",
                "section": "How to apply it",
                "score": 0.7,
                "text": "Cap the resources: at most 1,000 data items, at most 10 days, at most 2 people.",
            },
            {"id": "unrelated-card", "title": "x", "section": "y", "score": 0.2, "text": "z"},
        ]

    review = review_file(THIN, Settings(home=tmp_path), offline=True, embedder=None, search=search)
    assert len(seen) == 8 and [s["id"] for s in review.sources] == ["poc-four-steps"]
    markdown = to_markdown(review)
    assert "## POC plan (four steps) [poc-four-steps]" in markdown and "[risk-cost-matrix]" not in markdown
    retrieval = next(c for c in review.self_check["checks"] if c["name"] == "retrieval")
    assert retrieval["status"] == "pass"


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_pdf_and_docx_give_the_same_review_as_markdown(reviews, tmp_path: Path, kind: str) -> None:
    text = COMPLETE.read_text(encoding="utf-8")
    if kind == "pdf":
        lines = [line.lstrip("# ") for line in text.splitlines()]
        path = make_pdf(tmp_path / "proposal.pdf", [lines[:40], lines[40:]])
    else:
        path = markdown_to_docx(text, tmp_path / "proposal.docx")
    review = review_file(path, Settings(home=tmp_path), offline=True, embedder=HashEmbedder(), search=None)
    reference = reviews["complete_support_bot"]
    assert review.title == reference.title
    assert {k: v.source for k, v in review.proposal.items()} == {k: v.source for k, v in reference.proposal.items()}
    assert review.financials == reference.financials
    assert (review.scoring.total, review.scoring.priority) == (reference.scoring.total, reference.scoring.priority)


def test_amounts_in_different_currencies_are_never_combined(tmp_path: Path) -> None:
    path = tmp_path / "mixed.md"
    path.write_text(
        "# Pricing bot\n\n## Budget\nTotal investment: $200k.\n\n## Expected benefit\nIt saves ¥3M a year.\n",
        encoding="utf-8",
    )
    review = review_file(path, Settings(home=tmp_path), offline=True, embedder=None, search=None)
    f = review.financials
    assert (f.investment, f.annual_benefit, f.payback_months) == (200_000, 3_000_000, None)
    assert "different currencies" in f.note and not calls(review, "roi_payback")
