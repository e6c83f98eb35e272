"""Layer and failure-point rules on planted failures (similarities given directly, so no model is involved)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pm_assistant.agent.diagnose.classify import apply_data_layer, classify
from pm_assistant.agent.diagnose.measurements import gather_evidence
from pm_assistant.agent.diagnose.results import SampleResult
from pm_assistant.agent.diagnose.trace import TraceSample

from .conftest import sample

RETURNS = "Returns. You can return most items within 30 days of delivery. Items must be unused and in their box."
REFUNDS = "Refund timing. The refund goes back to your original payment method within 5 business days."
PLUS = "Lumen Plus. The membership costs $49 per year. Members get free express delivery and free returns."
CAREERS = "Careers. We are hiring warehouse associates in Ohio and Texas."
QUESTION = "How long do I have to return an item?"
GOOD = "You can return most items within 30 days of delivery, if they are unused and in their box."
REFERENCE = "Items can be returned within 30 days of delivery."


def verdict(s: TraceSample, answer: float | None = 0.7, contexts: Sequence[float] | None = None) -> SampleResult:
    similarities = [0.6] * len(s.retrieved_contexts) if contexts is None else contexts
    return classify(s.index, s.user_input, gather_evidence(s, answer, None if answer is None else similarities))


def test_healthy_sample_is_ok() -> None:
    result = verdict(sample(QUESTION, [RETURNS, REFUNDS], GOOD, REFERENCE), contexts=[0.7, 0.4])
    assert (result.layer, result.failure_points, result.findings) == ("ok", [], ["No problem found."])
    assert result.metrics["context_recall"] == 1.0 and result.metrics["faithfulness"] == 1.0


@pytest.mark.parametrize("question", ["", "What is the return window for {product}?", "Ã¿Ã¾ rÃ©fund Ã¢â‚¬â€œ ???"])
def test_broken_question_is_a_prompt_failure(question: str) -> None:
    result = verdict(sample(question, [RETURNS], GOOD), answer=None if not question else 0.5)
    assert result.layer == "prompt"
    assert result.findings[0].startswith("Prompt: the question")
    assert "question_broken" in result.issues


def test_ambiguous_question_takes_the_blame_only_when_the_answer_failed() -> None:
    wrong = verdict(sample("Can I return it?", [RETURNS], "Yes, you can return it within 90 days."))
    assert wrong.layer == "prompt" and "FP4" in wrong.failure_points
    assert "says 'it'" in wrong.findings[0]
    fine = verdict(sample("Can I return it?", [RETURNS], GOOD))
    assert fine.layer == "ok" and any(f.startswith("Note: the question says 'it'") for f in fine.findings)


def test_fp1_missing_content_when_nothing_relevant_and_the_model_declines() -> None:
    s = sample("Do you offer a student discount?", [CAREERS], "Sorry, the documents do not mention a student discount.")
    result = verdict(s, contexts=[0.05])
    assert (result.layer, result.failure_points) == ("retrieval", ["FP1"])
    assert result.metrics["faithfulness"] is None


def test_fp1_when_the_reference_says_the_information_does_not_exist() -> None:
    s = sample(
        "Do you offer a student discount?",
        [CAREERS],
        "Yes, students get 10% off.",
        reference="There is no information about a student discount in the knowledge base.",
    )
    assert verdict(s, contexts=[0.05]).failure_points == ["FP1"]


def test_fp2_empty_retrieval() -> None:
    result = verdict(sample(QUESTION, [], "You have 60 days.", REFERENCE))
    assert (result.layer, result.failure_points) == ("retrieval", ["FP2"])
    assert result.findings[0] == "Retrieval returned no contexts, so the answer had nothing to stand on."
    assert result.metrics["context_recall"] == 0.0 and result.metrics["context_relevance"] is None
    assert any("likely a consequence of the retrieval problem" in f for f in result.findings)


def test_fp2_reference_facts_not_retrieved() -> None:
    result = verdict(sample(QUESTION, [PLUS], "Returns are free for Plus members.", REFERENCE))
    assert result.failure_points == ["FP2"] and result.metrics["context_recall"] == 0.0
    assert result.findings[0].startswith("Context recall 0.00: 1 of 1 reference fact is not in the retrieved contexts")


def test_fp2_every_context_unrelated_without_reference() -> None:
    result = verdict(sample(QUESTION, [CAREERS, PLUS], GOOD), contexts=[0.02, 0.1])
    assert result.failure_points == ["FP2"] and result.metrics["context_relevance"] == 0.0
    assert "None of the 2 contexts is about the question" in result.findings[0]


def test_fp2_top_ranked_context_unrelated_without_reference() -> None:
    result = verdict(sample(QUESTION, [CAREERS, RETURNS], GOOD), contexts=[0.02, 0.7])
    assert result.failure_points == ["FP2"]
    assert result.findings[0].startswith("The top-ranked context is unrelated to the question")


def test_fp2_relevant_context_ranked_low() -> None:
    result = verdict(sample(QUESTION, [PLUS, REFUNDS, RETURNS], GOOD, REFERENCE))
    assert result.failure_points == ["FP2"] and result.metrics["context_precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert "the first relevant one is at rank 3" in result.findings[0]


def test_a_minority_of_unrelated_contexts_is_only_a_note() -> None:
    result = verdict(sample(QUESTION, [RETURNS, CAREERS], GOOD, REFERENCE), contexts=[0.7, 0.05])
    assert result.layer == "ok"
    assert "Note: 1 of 2 contexts is unrelated to the question (context 2)." in result.findings


@pytest.mark.parametrize(
    ("contexts", "finding"),
    [
        ([RETURNS, RETURNS], "Context 2 duplicates context 1"),
        (
            [RETURNS, "Refund timing. The refund goes back to your original payment method within"],
            "Context 2 is truncated",
        ),
        (["Returns. You canâ€™t return sale items.", RETURNS], "Context 1 is garbled: mojibake"),
    ],
)
def test_fp3_damaged_or_crowded_context(contexts: list[str], finding: str) -> None:
    result = verdict(sample(QUESTION, contexts, GOOD, REFERENCE))
    assert (result.layer, result.failure_points) == ("retrieval", ["FP3"])
    assert any(f.startswith(finding) for f in result.findings)


def test_fp4_unsupported_number_with_good_context() -> None:
    result = verdict(sample(QUESTION, [RETURNS], "You can return most items within 60 days of delivery.", REFERENCE))
    assert (result.layer, result.failure_points) == ("model", ["FP4"])
    assert "The response states '60 days', found in no retrieved context or the question." in result.findings


def test_fp4_declines_although_context_holds_the_answer() -> None:
    result = verdict(sample(QUESTION, [RETURNS], "I'm sorry, I couldn't find the return window.", REFERENCE))
    assert (result.layer, result.failure_points) == ("model", ["FP4"])
    assert result.findings[0].startswith("The response declines to answer although the contexts hold")


def test_fp4_empty_response() -> None:
    result = verdict(sample(QUESTION, [RETURNS], "", REFERENCE))
    assert result.failure_points == ["FP4"] and result.metrics["answer_relevance"] == 0.0


def test_fp4_reference_facts_in_context_but_not_in_answer() -> None:
    s = sample(QUESTION, [RETURNS, PLUS], "Plus members get free returns.", REFERENCE)
    result = verdict(s)
    assert "FP4" in result.failure_points and result.metrics["answer_coverage"] == 0.0
    assert any(f.startswith("The answer states 0 of the 1 reference facts the contexts hold") for f in result.findings)


def test_fp7_faithful_but_incomplete() -> None:
    reference = "Lumen Plus costs $49 per year. Members get free express delivery and free returns."
    result = verdict(sample("What does Plus cost and include?", [PLUS], "Lumen Plus costs $49 per year.", reference))
    assert (result.layer, result.failure_points) == ("model", ["FP7"])
    assert result.metrics["faithfulness"] == 1.0 and result.metrics["answer_coverage"] == 0.5


def test_fp5_wrong_format_even_when_the_content_is_right() -> None:
    result = verdict(sample("List the return rules as bullet points.", [RETURNS], GOOD))
    assert (result.layer, result.failure_points) == ("model", ["FP5"])


def test_fp6_answer_does_not_address_the_question() -> None:
    result = verdict(sample(QUESTION, [RETURNS], "Items must be unused and in their box."), answer=0.1)
    assert (result.layer, result.failure_points) == ("model", ["FP6"])
    assert result.metrics["answer_relevance"] == 0.1


def test_retrieval_failure_keeps_model_findings_as_notes() -> None:
    result = verdict(sample(QUESTION, [CAREERS], "You have 60 days.", REFERENCE), contexts=[0.05])
    assert result.layer == "retrieval" and "FP4" not in result.failure_points
    assert "unfaithful" not in result.issues


def test_missing_reference_gives_null_metrics_and_says_so() -> None:
    result = verdict(sample(QUESTION, [RETURNS], GOOD))
    assert result.metrics["context_recall"] is None and result.metrics["answer_coverage"] is None
    assert (
        "No reference or reference_contexts: context_recall, context_precision and answer_coverage are null."
        in result.findings
    )


def _wrong_window(index: int) -> SampleResult:
    return verdict(
        sample(QUESTION, [RETURNS], f"You have 60 days from delivery to return item {index}.", REFERENCE, index=index)
    )


def test_a_wrong_fact_repeated_across_samples_suggests_the_data_layer() -> None:
    results = [_wrong_window(i) for i in range(3)] + [verdict(sample(QUESTION, [RETURNS], GOOD, REFERENCE, index=3))]
    apply_data_layer(results)
    assert [r.layer for r in results] == ["data", "data", "data", "ok"]
    assert results[0].findings[0].startswith(
        "Suspected training-data problem: the response says '60 days' where the contexts say '30 days', and 3 samples"
    )
    assert "data_suspect" in results[0].issues


def test_two_repeats_are_not_enough_for_the_data_layer() -> None:
    results = [_wrong_window(i) for i in range(2)]
    apply_data_layer(results)
    assert [r.layer for r in results] == ["model", "model"]


def test_the_same_wrong_number_against_different_facts_is_not_one_wrong_fact() -> None:
    windows = [RETURNS, RETURNS.replace("30 days", "14 days"), RETURNS.replace("30 days", "90 days")]
    results = [
        verdict(sample(QUESTION, [text], f"You have 60 days from delivery to return item {i}.", index=i))
        for i, text in enumerate(windows)
    ]
    apply_data_layer(results)
    assert [r.layer for r in results] == ["model", "model", "model"]
