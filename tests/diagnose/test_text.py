"""Text primitives: sentence and claim splitting, number normalisation, abstentions."""

from __future__ import annotations

import pytest

from pm_assistant.agent.diagnose.metrics import Passage
from pm_assistant.agent.diagnose.text import (
    claims_with_leads,
    content_stems,
    extract_claims,
    extract_numbers,
    is_abstention,
    split_sentences,
    word_count,
)


def number_values(text: str) -> frozenset[float]:
    return Passage.of(text).numbers


def test_sentences_respect_abbreviations_decimals_and_bullets() -> None:
    text = (
        "Most items, e.g. lamps, cost $4.99 to return. Refunds take 5 days!\n- Sale items are final\n2) Gift cards too."
    )
    assert split_sentences(text) == [
        "Most items, e.g. lamps, cost $4.99 to return.",
        "Refunds take 5 days!",
        "Sale items are final",
        "Gift cards too.",
    ]


def test_claims_split_clauses_and_drop_filler() -> None:
    text = "Refunds are issued within 5 business days; gift cards cannot be refunded. Hope this helps!"
    assert extract_claims(text) == ["Refunds are issued within 5 business days", "gift cards cannot be refunded"]


@pytest.mark.parametrize(
    ("written", "same_as"),
    [
        ("1,200 units", "1200"),
        ("12%", "0.12"),
        ("12 percent", "12%"),
        ("5k", "5000"),
        ("thirty days", "30"),
        ("$3.5 million", "3,500,000"),
        ("9:30", "9:30"),
    ],
)
def test_numbers_normalise_across_spellings(written: str, same_as: str) -> None:
    assert extract_numbers(written)[0].values & number_values(same_as)


def test_different_numbers_do_not_match() -> None:
    assert not extract_numbers("14 days")[0].values & number_values("5 days and 1.4 weeks")


def test_number_text_and_unit_read_like_a_person_would() -> None:
    mentions = extract_numbers("It costs $59 per item and arrives in 10 business days, within a 30-day window.")
    assert [(m.text, m.unit) for m in mentions] == [
        ("$59 per item", "item"),
        ("10 business days", "days"),
        ("30-day", "day"),
    ]
    assert mentions[1].key == "10 day"


def test_one_is_only_a_number_in_sources() -> None:
    assert extract_numbers("one of our stores", count_one=False) == ()
    assert number_values("one week") == {1.0}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm sorry, the documents do not mention a student discount.", True),
        ("I couldn't find how long gift cards stay valid.", True),
        ("There is no information about pets in the handbook.", True),
        ("Refunds take 5 business days.", False),
        ("You do not need a receipt.", False),
    ],
)
def test_abstention(text: str, expected: bool) -> None:
    assert is_abstention(text) is expected


def test_a_short_leading_clause_joins_the_next_instead_of_being_dropped() -> None:
    assert extract_claims("Yes, free until it ships; afterwards via returns.") == [
        "Yes, free until it ships, afterwards via returns"
    ]


def test_a_text_too_short_for_a_claim_is_one_claim_when_it_says_something() -> None:
    assert extract_claims("Yes, we ship to Canada.") == ["Yes, we ship to Canada"]
    assert extract_claims("Sure!") == [] and extract_claims("Yes.") == []


def test_each_claim_knows_the_clause_it_leans_on() -> None:
    text = "You can cancel for free until the order ships; after that, start a return instead. Refunds take 5 days."
    assert claims_with_leads(text) == [
        ("You can cancel for free until the order ships", None),
        ("after that, start a return instead", "You can cancel for free until the order ships"),
        ("Refunds take 5 days", None),
    ]


def test_cjk_text_is_tokenised_by_characters_and_bigrams() -> None:
    tokens = content_stems("收货后30天内可以退货。")
    assert {"收货", "退货", "天", "可以"} <= set(tokens) and "30" not in tokens
    assert content_stems("Return it 收货") == ("return", "收", "货", "收货")
    assert [m.values for m in extract_numbers("商品在收货后30天内可以退货")] == [frozenset({30.0})]
    assert split_sentences("第一句。第二句！Third one.") == ["第一句。", "第二句！", "Third one."]


@pytest.mark.parametrize(
    ("text", "count"),
    [("退货需要多少天？", 4), ("退货？", 1), ("Can I return it?", 4), ("Is 5 ok?", 3), ("Lumen Plus 会员多少钱", 5)],
)
def test_word_count_counts_a_cjk_run_as_one_word_per_two_characters(text: str, count: int) -> None:
    assert word_count(text) == count
