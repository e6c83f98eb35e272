"""Five-question, data-step and ethics statuses on planted evidence: addressed / partial / missing, with quotes."""

from __future__ import annotations

import pytest

from pm_assistant.agent.review.criteria import DATA_STEPS, ETHICS, FIVE_QUESTIONS
from pm_assistant.agent.review.matching import EvidenceFinder
from pm_assistant.agent.review.text import split_document

QUESTION = {c.id: c for c in FIVE_QUESTIONS}
STEP = {c.id: c for c in DATA_STEPS}
ETHIC = {c.id: c for c in ETHICS}
FILLER = "# Plan\n\nWe want to improve the onboarding experience for new employees. "


def judge(criterion, planted: str, embedder=None):
    """Judge one criterion on filler text plus the planted sentence."""
    sentences = [s for sec in split_document(FILLER + planted) for s in sec.sentences]
    return EvidenceFinder(sentences, embedder).judge_all([criterion])[0]


@pytest.mark.parametrize(
    ("qid", "planted", "status"),
    [
        ("core_technology", "We will fine-tune Llama 3 8B on our tickets.", "addressed"),
        ("core_technology", "It will use AI to answer questions.", "partial"),
        ("core_technology", "", "missing"),
        (
            "cost_vs_alternatives",
            "Hosted GPT-4o costs ¥30k a month compared with ¥26k for self-hosting Llama 3.",
            "addressed",
        ),
        ("cost_vs_alternatives", "We compared several vendors and picked the cheaper one.", "partial"),
        ("cost_vs_alternatives", "", "missing"),
        ("bottlenecks", "The weakest case is rare drug names, where accuracy is only 71%.", "addressed"),
        ("bottlenecks", "Rare cases may be a limitation.", "partial"),
        ("bottlenecks", "", "missing"),
        ("peak_load", "Peak traffic reaches 300 requests per second; we autoscale and queue the rest.", "addressed"),
        ("peak_load", "On peak days we expect 10,000 consultations.", "partial"),
        ("peak_load", "We will autoscale the service.", "partial"),
        ("peak_load", "", "missing"),
        ("data_sustainability", "A feedback button feeds a weekly labelling queue owned by the QA lead.", "addressed"),
        ("data_sustainability", "We will retrain the model from time to time.", "partial"),
        ("data_sustainability", "", "missing"),
    ],
)
def test_five_question_status_on_planted_evidence(qid: str, planted: str, status: str) -> None:
    finding = judge(QUESTION[qid], planted)
    assert finding.status == status
    if status == "missing":
        assert finding.evidence is None and finding.gap == QUESTION[qid].missing_gap
    else:
        assert finding.evidence.text == planted  # the planted sentence is the quote
        assert (finding.gap == "") == (status == "addressed")


def test_partial_gap_names_the_unmet_requirement() -> None:
    finding = judge(QUESTION["peak_load"], "On peak days we expect 10,000 consultations.")
    assert "plan for the peak" in finding.gap and "peak figure" not in finding.gap


def test_evidence_in_a_named_section_counts_even_without_cue_words() -> None:
    finding = judge(
        QUESTION["peak_load"],
        "\n\n## Scale and peak load\nNothing else runs on these machines at 300 requests per second with queueing.",
    )
    assert finding.status == "addressed" and finding.evidence.section == "Scale and peak load"


@pytest.mark.parametrize(
    ("criterion", "planted", "status"),
    [
        (STEP["quality"], "Intent labels must be at least 95% accurate on an audited sample.", "addressed"),
        (STEP["quality"], "Label quality will be audited.", "partial"),
        (STEP["sourcing"], "The training data is 70% real conversations and 30% synthetic ones.", "addressed"),
        (STEP["refresh"], "", "missing"),
        (ETHIC["consent"], "Users agreed to this use in the privacy policy.", "addressed"),
        (ETHIC["consent"], "We redact names before indexing.", "partial"),
        (ETHIC["bias"], "", "missing"),
        (ETHIC["liability"], "All outputs are advisory only; the nurse remains responsible.", "addressed"),
    ],
)
def test_data_steps_and_ethics_on_planted_evidence(criterion, planted: str, status: str) -> None:
    assert judge(criterion, planted).status == status


class OneHot:
    """Embeds the criterion description and one chosen sentence as the same vector, everything else apart."""

    def __init__(self, twin: str, description: str) -> None:
        self.twin, self.description = twin, description

    def embed(self, texts):
        """The twin and the description share one axis; every other text gets its own."""
        import numpy as np

        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, 0 if text in (self.twin, self.description) else 1 + sum(map(ord, text)) % 63] = 1.0
        return out


def test_a_meaning_only_match_is_at_most_partial() -> None:
    planted = "Mondays at nine everyone logs in at once."  # no cue words for peak load
    q = QUESTION["peak_load"]
    finding = judge(q, planted, OneHot(planted, q.description))
    assert finding.status == "partial" and finding.evidence.text == planted
    assert finding.gap.startswith("only a related mention")
    assert judge(q, planted).status == "missing"  # without embeddings nothing links it
