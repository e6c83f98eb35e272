"""Planted evidence for running costs, error rates, risk/mitigation pairs, load context, durations and thin
scoring, plus the legal sample end to end in .md, .docx and .pdf (the same review from each)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.agent.review.build import review_file
from pm_assistant.agent.review.criteria import FIVE_QUESTIONS
from pm_assistant.agent.review.extract import extract
from pm_assistant.agent.review.matching import EvidenceFinder
from pm_assistant.agent.review.render import to_markdown
from pm_assistant.agent.review.text import split_document
from pm_assistant.core.config import Settings
from pm_assistant.tools.registry import run_tool
from tests.review.conftest import COMPLETE, SAMPLES, THIN
from tests.review.documents import make_pdf, markdown_to_docx

LEGAL = SAMPLES / "legal_contract_assistant.md"
BASE = (
    "# Invoice bot\n\n## Problem\nClerks match 8,000 invoices a month by hand.\n\n"
    "## Budget\nTotal investment: $120k.\n\n## Expected benefit\nIt saves $90k a year in clerk time.\n\n"
)


def review_text(tmp_path: Path, text: str, name: str = "proposal.md"):
    """The offline review of planted text (cue words only, no card search)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return review_file(path, Settings(home=tmp_path), offline=True, embedder=None, search=None)


def roi_args(review) -> dict:
    """The arguments of the review's one roi_payback call."""
    (call,) = [c for c in review.tool_calls if c["name"] == "roi_payback"]
    return call["args"]


@pytest.mark.parametrize(
    ("sentence", "argument"),
    [
        ("Running cost: about $6,000 per month for API tokens and hosting.", {"monthly_running_cost": 6_000}),
        ("Hosting and API fees come to about $54k a year.", {"annual_running_cost": 54_000}),
    ],
)
def test_a_stated_running_cost_goes_to_roi_payback_as_stated(tmp_path: Path, sentence: str, argument: dict) -> None:
    review = review_text(tmp_path, BASE + "## Costs\n" + sentence + "\n")
    args = roi_args(review)
    assert {k: v for k, v in args.items() if "running" in k} == argument  # no conversion by the review
    expected = run_tool("roi_payback", args)
    assert review.financials.payback_months == expected["payback_months"]
    assert review.financials.monthly_running_cost == expected["monthly_running_cost"]
    assert review.financials.payback_months > 120_000 / (90_000 / 12)  # the running cost lengthens payback
    assert review.self_check["passed"]


def test_todays_spend_and_hourly_fees_are_not_running_costs(tmp_path: Path) -> None:
    text = BASE.replace(
        "by hand.", "by hand. Temps cost us $40 per hour, roughly $60,000 a year."
    ) + "## Costs\nOne-off build: $120k for 5 months.\n"
    review = review_text(tmp_path, text)
    assert not {k for k in roi_args(review) if "running" in k}
    assert review.financials.payback_months == 16


@pytest.mark.parametrize(
    ("sentence", "rate"),
    [
        ("In a pilot it found 91% of risky clauses; it invented a clause reference in 4% of reports.", 0.04),
        ("The model fabricated a citation in 2.5% of answers during the dry run.", 0.025),
        ("In testing, 6% of generated summaries were wrong.", 0.06),
        ("Our error rate on the audit set is 3%, with 92% accuracy.", 0.03),
        ("In the pilot the hallucination rate of the explanations was 2%.", 0.02),
        ("It found 91% of risky clauses and answers in under 2 seconds.", None),
        ("The label error rate must stay below 2%.", None),
    ],
)
def test_error_and_hallucination_rates_are_read_next_to_their_error_word(sentence: str, rate: float | None) -> None:
    figure = extract("# Bot\n\n## Quality\n" + sentence + "\n").figures.get("hallucination_rate")
    assert (figure.value if figure else None) == (pytest.approx(rate) if rate is not None else None)


def test_an_over_budget_rate_in_a_high_risk_domain_drives_the_verdict(tmp_path: Path) -> None:
    text = (
        "# Contract checker for the legal team\n\n## Problem\nOur lawyers review 900 contracts a year.\n\n"
        "## Solution\nWe will use Claude with retrieval over the legal clause playbook.\n\n"
        "## Quality\nIn a pilot the assistant invented a clause reference in 4% of reports.\n"
    )
    review = review_text(tmp_path, text)
    hb = review.hallucination_budget
    assert (hb.domain_class, hb.rate, hb.within_budget) == ("high-risk", 0.04, False)
    assert review.questions_before_approval[0].startswith("How will the hallucination rate be brought within")
    assert "over the 1% budget" in review.verdict and "release blocker" in review.verdict
    maturity = review.scoring.subscores["technical_maturity"].rationale
    assert "hallucination rate over budget (0)" in maturity and "not stated" not in maturity


@pytest.mark.parametrize(
    "risks",
    [
        (
            "- Lawyers may miss clauses it did not flag. Mitigation: a lawyer signs off every contract.\n"
            "- Contract data is confidential. Mitigation: zero-retention API agreement.\n"
        ),
        (
            "- Lawyers may miss clauses it did not flag; mitigation: a lawyer signs off every contract.\n"
            "- Contract data is confidential; mitigation: zero-retention API agreement.\n"
        ),
        (
            "- Lawyers may miss clauses it did not flag.\n  - Mitigation: a lawyer signs off every contract.\n"
            "- Contract data is confidential.\n  Mitigation: zero-retention API agreement.\n"
        ),
        (
            "Lawyers may miss clauses it did not flag.\n\nMitigation: a lawyer signs off every contract.\n\n"
            "Contract data is confidential. This covers prices too. Mitigation: zero-retention API agreement.\n\n"
            "| Item | Amount |\n|---|---|\n| Compute | $50,000 |\n\nItem | Amount\nLabour | $300,000\n"
        ),
    ],
)
def test_each_risk_is_paired_with_its_mitigation_and_tables_are_not_risks(risks: str) -> None:
    ex = extract("# Bot\n\n## Risks\n" + risks)
    assert [(r.risk, r.mitigation.rstrip(".")) for r in ex.risks] == [
        ("Lawyers may miss clauses it did not flag", "a lawyer signs off every contract"),
        ("Contract data is confidential", "zero-retention API agreement"),
    ]


@pytest.mark.parametrize(
    ("planted", "status"),
    [
        ("External counsel costs us $250 per hour for overflow work.", "missing"),
        ("Each lawyer handles 40 contracts a month and overflow goes to external counsel.", "missing"),
        ("We expect 900 requests per hour at peak; above that, requests queue.", "addressed"),
        ("Support staff answer 120 tickets an hour.", "partial"),
    ],
)
def test_peak_load_needs_load_context_not_any_rate_or_plan_word(planted: str, status: str) -> None:
    sentences = [s for sec in split_document("# Plan\n\nWe build a contract bot. " + planted) for s in sec.sentences]
    finding = EvidenceFinder(sentences).judge_all([FIVE_QUESTIONS[3]])[0]
    assert finding.status == status


@pytest.mark.parametrize(
    "sentence",
    [
        "Two engineers will build it for 5 months.",
        "The team will deliver it over 12 weeks.",
        "It will be live for all offices by Q3.",
        "We start with a 6-month pilot in one office.",
    ],
)
def test_durations_are_read_as_the_timeline(sentence: str) -> None:
    ex = extract("# Bot\n\n## Overview\nA bot for invoices. " + sentence + "\n")
    assert ex.fields["timeline"].source == sentence


def test_a_thin_proposal_is_scored_provisionally_in_json_and_report(tmp_path: Path) -> None:
    review = review_file(THIN, Settings(home=tmp_path), offline=True, embedder=None, search=None)
    data = review.to_json_dict()["scoring"]
    assert data["provisional"] is True and "default points" in data["note"]
    assert all(sub["provisional"] for sub in data["subscores"].values())
    markdown = to_markdown(review)
    assert "(provisional) →" in markdown and "The score is provisional" in review.verdict
    complete = review_file(COMPLETE, Settings(home=tmp_path), offline=True, embedder=None, search=None)
    assert complete.scoring.provisional is False and complete.scoring.note == ""
    assert not any(sub.provisional for sub in complete.scoring.subscores.values())


@pytest.fixture(scope="module")
def legal_reviews(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The legal sample reviewed from markdown, Word and PDF."""
    tmp = tmp_path_factory.mktemp("legal")
    text = LEGAL.read_text(encoding="utf-8")
    lines = [line.lstrip("# ") for line in text.splitlines()]
    paths = {
        "md": LEGAL,
        "docx": markdown_to_docx(text, tmp / "legal.docx"),
        "pdf": make_pdf(tmp / "legal.pdf", [lines[:20], lines[20:]]),
    }
    settings = Settings(home=tmp)
    return {k: review_file(p, settings, offline=True, embedder=None, search=None) for k, p in paths.items()}


def test_the_legal_sample_review(legal_reviews: dict) -> None:
    review = legal_reviews["md"]
    f = review.financials
    assert (f.investment, f.annual_benefit, f.annual_running_cost) == (280_000, 150_000, 54_000)
    assert f.payback_months == pytest.approx(280_000 / ((150_000 - 54_000) / 12), abs=0.01)
    assert review.hallucination_budget.within_budget is False and review.hallucination_budget.rate == 0.03
    timeline = review.proposal["timeline"].source
    assert timeline == "A 6-month pilot with the Manchester office, live for all offices by Q3."
    stated = [r for r in review.risks if r.evidence]
    assert {r.risk for r in stated} == {
        "Lawyers may skim the suggestions and miss a bad clause",
        "Client documents are confidential",
        "The playbook goes out of date when case law changes",
    }
    assert all(not r.mitigation.startswith("none stated") for r in stated)
    assert not any("$" in r.risk or "|" in r.risk or r.risk.lower().startswith("mitigation") for r in review.risks)
    assert review.self_check["passed"]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_the_legal_sample_reads_the_same_from_word_and_pdf(legal_reviews: dict, kind: str) -> None:
    reference, review = legal_reviews["md"], legal_reviews[kind]
    assert review.financials == reference.financials
    assert review.hallucination_budget == reference.hallucination_budget
    assert [(r.risk, r.mitigation) for r in review.risks] == [(r.risk, r.mitigation) for r in reference.risks]
    assert (review.scoring.total, review.verdict) == (reference.scoring.total, reference.verdict)
