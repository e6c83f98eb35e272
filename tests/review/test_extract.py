"""Field and figure extraction on the sample proposals and on planted text: nothing the text does not state."""

from __future__ import annotations

import pytest

from pm_assistant.agent.review.extract import extract
from tests.review.conftest import COMPLETE, MEDICAL, THIN


@pytest.fixture(scope="module")
def complete():
    """The extraction of the complete sample."""
    return extract(COMPLETE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("field", "section", "fragment"),
    [
        ("problem", "Problem", "120,000 tickets a month"),
        ("users", "Users", "45 tier-1 support agents"),
        ("solution", "Proposed solution", "retrieval-augmented generation (RAG) assistant built on GPT-4o-mini"),
        ("data", "Data", "18 months of resolved tickets"),
        ("targets", "Targets", "Automate 40% of tier-1 tickets"),
        ("timeline", "Timeline", "Months 1-2: proof of concept"),
        ("budget", "Budget", "Total investment: ¥800k"),
        ("benefit", "Expected benefit", "saves about ¥1.5M a year"),
    ],
)
def test_each_field_of_the_complete_sample(complete, field: str, section: str, fragment: str) -> None:
    extracted = complete.fields[field]
    assert extracted.section == section
    assert fragment in extracted.source
    assert extracted.source in COMPLETE.read_text(encoding="utf-8")  # the sentence is quoted verbatim


def test_title_and_figures_of_the_complete_sample(complete) -> None:
    assert complete.title == "AI Support Assistant for Tier-1 Customer Service"
    figures = {name: (f.value, f.unit) for name, f in complete.figures.items()}
    assert figures["investment"] == (800_000, "¥")  # the total, not the ¥300k / ¥500k parts
    assert figures["annual_benefit"] == (1_500_000, "¥")
    assert figures["requests_per_month"][0] == 120_000 and figures["tokens_per_request"][0] == 1500
    assert figures["price_per_1k_tokens"] == (0.1, "¥") and figures["gpu_hourly_rate"] == (8, "¥")
    assert figures["gpu_hours_per_month"][0] == 200
    assert figures["hallucination_rate"][0] == pytest.approx(0.03)


def test_poc_goal_options_and_risks_of_the_complete_sample(complete) -> None:
    assert complete.poc_goal.text.startswith("Goal: answer accuracy of at least 85%")
    assert [(o.name, o.accuracy, o.latency_s) for o in complete.poc_options] == [
        ("Option A", 0.78, 1.2),
        ("Option B", 0.88, 1.6),
        ("Option C", 0.84, 2.1),
    ]
    assert len(complete.risks) == 3


def test_medical_sample_fields_and_figures() -> None:
    ex = extract(MEDICAL.read_text(encoding="utf-8"))
    assert ex.fields["users"].section == "Target users"
    assert ex.fields["budget"].source.startswith("The project needs ¥2.4M upfront")
    assert ex.fields["benefit"].source == "It is expected to save ¥1.2M a year in nurse time."
    assert ex.figures["investment"].value == 2_400_000 and ex.figures["annual_benefit"].value == 1_200_000
    assert ex.figures["hallucination_rate"].value == pytest.approx(0.02)
    assert ex.poc_goal is None and ex.poc_options == []


def test_thin_sample_states_no_figures_and_most_fields_are_missing() -> None:
    ex = extract(THIN.read_text(encoding="utf-8"))
    assert ex.title == "Smart meeting notes"
    assert ex.figures == {}
    missing = {name for name, f in ex.fields.items() if f.source is None}
    assert missing == {"users", "data", "targets", "timeline", "budget", "benefit"}
    assert all(f.value is None and f.section is None for name, f in ex.fields.items() if name in missing)


def test_plain_text_labels_and_cues_without_headings() -> None:
    text = (
        "Invoice matching bot\n\n"
        "Problem:\nClerks match 8,000 invoices a month by hand.\n\n"
        "Budget:\nWe need $120k in total.\n\n"
        "The bot is expected to save $15k a month in clerk time.\n"
        "Target users are the 12 accounts-payable clerks.\n"
    )
    ex = extract(text)
    assert ex.fields["problem"].source == "Clerks match 8,000 invoices a month by hand."
    assert ex.fields["budget"].value == "We need $120k in total."
    assert ex.figures["investment"].value == 120_000 and ex.figures["investment"].unit == "$"
    assert "annual_benefit" not in ex.figures  # a monthly benefit is not turned into a yearly one
    assert ex.figures["monthly_benefit"].value == 15_000
    assert ex.fields["users"].source == "Target users are the 12 accounts-payable clerks."


def test_a_benefit_without_a_period_is_not_used() -> None:
    ex = extract("# Bot\n\n## Budget\nTotal budget: ¥500k.\n\n## Expected benefit\nIt saves ¥2M.\n")
    assert "annual_benefit" not in ex.figures and "monthly_benefit" not in ex.figures
    assert ex.notes and "no period" in ex.notes[0]


def test_usage_stated_per_day_is_not_scaled_to_a_month() -> None:
    ex = extract("We expect 4,000 requests a day at 800 tokens each, at $0.002 per 1k tokens.")
    assert "requests_per_month" not in ex.figures
    assert ex.figures["tokens_per_request"].value == 800
