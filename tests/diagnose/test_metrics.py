"""Metric values on hand-made samples whose right answer is known."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pm_assistant.agent.diagnose.metrics import (
    Passage,
    average_precision,
    claims_in_answer,
    faithfulness,
    match_reference,
    reference_claims,
    similarity_score,
    stem_coverage,
    token_overlap,
)

RETURNS = "You can return most items within 30 days of delivery. Refunds reach your card within 5 business days."
LABEL = "A return label costs $4.95 unless you are a Plus member."
CAREERS = "We are hiring warehouse associates in Ohio and Texas."


def test_response_copied_from_context_is_fully_faithful() -> None:
    result = faithfulness(RETURNS, [RETURNS])
    assert (result.score, result.claims, result.unsupported_numbers) == (1.0, 2, ())


def test_paraphrase_with_other_inflections_is_supported() -> None:
    assert stem_coverage("Returned items", Passage.of("return an item")) == 1.0
    assert faithfulness("Items are returnable for 30 days after they are delivered.", [RETURNS]).score == 1.0


def test_one_invented_number_lowers_faithfulness_and_is_named() -> None:
    response = "You can return most items within 30 days of delivery. Refunds reach your card within 14 business days."
    result = faithfulness(response, [RETURNS])
    assert result.score == 0.5
    assert [m.text for m in result.unsupported_numbers] == ["14 business days"]
    assert result.unsupported_claims == ("Refunds reach your card within 14 business days",)


def test_invented_claim_without_numbers_is_unsupported() -> None:
    response = RETURNS + " Every customer also receives complimentary gift wrapping on exchanges."
    assert faithfulness(response, [RETURNS]).score == pytest.approx(2 / 3)


def test_numbers_from_the_question_count_as_supported() -> None:
    result = faithfulness(
        "An item delivered 45 days ago is past the 30 days return window.", [RETURNS], "It arrived 45 days ago"
    )
    assert result.unsupported_numbers == ()


def test_no_context_means_nothing_is_supported() -> None:
    assert faithfulness(RETURNS, []).score == 0.0


def test_abstention_has_no_faithfulness() -> None:
    result = faithfulness("I'm sorry, the documents do not mention a student discount.", [CAREERS])
    assert (result.score, result.abstained, result.claims) == (None, True, 0)


def test_context_recall_counts_reference_claims_found() -> None:
    claims = reference_claims("Items can be returned within 30 days of delivery. A return label costs $4.95.", None)
    assert match_reference(claims, [RETURNS]).recall == 0.5
    assert match_reference(claims, [RETURNS, LABEL]).recall == 1.0
    assert match_reference(claims, [CAREERS]).recall == 0.0


def test_reference_contexts_are_used_when_there_is_no_reference() -> None:
    claims = reference_claims(None, [LABEL])
    assert claims == ["A return label costs $4.95 unless you are a Plus member"]
    assert match_reference(claims, [CAREERS, LABEL]).recall == 1.0


@pytest.mark.parametrize(
    ("contexts", "precision"),
    [
        ([RETURNS, CAREERS], 1.0),
        ([CAREERS, RETURNS], 0.5),
        ([RETURNS, CAREERS, LABEL], (1 + 2 / 3) / 2),
        ([CAREERS], 0.0),
    ],
)
def test_context_precision_is_rank_aware(contexts: list[str], precision: float) -> None:
    claims = reference_claims("Items can be returned within 30 days of delivery. A return label costs $4.95.", None)
    assert match_reference(claims, contexts).precision == pytest.approx(precision)


def test_average_precision_formula() -> None:
    assert average_precision([False, True, True]) == pytest.approx((1 / 2 + 2 / 3) / 2)
    assert average_precision([]) == 0.0


def test_answer_coverage_flags_missing_reference_facts() -> None:
    claims = reference_claims("Items can be returned within 30 days. A return label costs $4.95.", None)
    assert claims_in_answer(claims, "You have 30 days to return items.") == (True, False)
    assert claims_in_answer(claims, "You have 30 days to return items, and the label costs $4.95.") == (True, True)


def test_similarity_score_is_a_fraction() -> None:
    assert [similarity_score(c) for c in (-0.3, 0.42, 1.0000001)] == [0.0, 0.42, 1.0]


DELIVERY = "Delivery is free on orders over $500. Otherwise a flat $49 fee applies."


def test_matching_numbers_count_as_shared_words() -> None:
    assert token_overlap("Delivery costs $49, or nothing if your order is over $500", Passage.of(DELIVERY)) == 4 / 6
    assert faithfulness("Delivery costs $49, or nothing if your order is over $500.", [DELIVERY]).score == 1.0
    assert claims_in_answer(["$49, free over $500"], "Delivery costs $49, or nothing over $500.") == (True,)
    assert faithfulness("Assembly is booked for $49.", [DELIVERY]).score == 0.0  # one number is not enough


def test_a_short_answer_gets_a_faithfulness_score() -> None:
    context = "We ship to the US, Canada and Mexico."
    assert faithfulness("Yes, we ship to Canada.", [context]).score == 1.0
    assert faithfulness("Yes, we ship to Japan.", [context]).score == 0.0


def test_chinese_sample_is_faithful_and_recalled() -> None:
    context = "商品在收货后30天内可以退货。"
    assert faithfulness("收货后30天内可以退货。", [context]).score == 1.0
    assert faithfulness("收货后60天内可以退货。", [context]).score == 0.0
    claims = reference_claims("30天", None)
    assert match_reference(claims, [context]).recall == 1.0
    assert match_reference(claims, ["会员每年49美元。"]).recall == 0.0


def test_reference_metrics_and_coverage_use_the_paraphrase_check() -> None:
    asked: list[tuple[str, tuple[str, ...]]] = []

    def knows(claim: str, sources: Sequence[str], lead: str | None) -> bool:
        asked.append((claim, tuple(sources)))
        return claim == "Nothing to pay before the parcel leaves"

    claims = ["Nothing to pay before the parcel leaves"]
    match = match_reference(claims, [CAREERS, RETURNS], knows)
    assert (match.recall, match.relevant_contexts) == (1.0, (True, True))
    assert claims_in_answer(claims, "Free until shipped.", knows) == (True,)
    assert (claims[0], (CAREERS, RETURNS)) in asked and (claims[0], ("Free until shipped.",)) in asked
