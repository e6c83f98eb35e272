"""Hygiene checks: duplicates, truncated and garbled chunks, bad questions, ignored formats."""

from __future__ import annotations

import pytest

from pm_assistant.agent.diagnose.hygiene import (
    check_contexts,
    check_question,
    find_duplicates,
    format_problem,
    garbling,
    truncation,
)

CHUNK = "Returns. You can return most items within 30 days of delivery. Sale items cannot be returned."


def test_duplicates_ignore_case_and_spacing_but_not_different_text() -> None:
    other = "Delivery. Standard delivery takes 3 to 5 business days."
    assert find_duplicates([CHUNK, other, CHUNK.upper(), "  " + CHUNK]) == [(0, 2), (0, 3)]
    assert find_duplicates([CHUNK, other]) == []


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Refunds go back to your original payment method within", "ends mid-sentence"),
        ("Refunds go back to your card,", "ends mid-sentence"),
        ("within 30 days of delivery. Sale items cannot be returned.", "starts mid-sentence"),
        ("Returns are accepted for 30 days...", "ends with an ellipsis"),
        (
            "Refunds take 5 days. Sale items and gift cards cannot be returned under any circumstances at all",
            "ends mid-sentence",
        ),
    ],
)
def test_truncated_chunks(text: str, reason: str) -> None:
    assert (truncation(text) or "").startswith(reason)


@pytest.mark.parametrize(
    "text",
    [
        CHUNK,
        "Contact: support@example.com",
        "Opening hours\nMonday to Friday: 9 to 17",
        "all lower case text without an end",
    ],
)
def test_whole_chunks_are_not_truncated(text: str) -> None:
    assert truncation(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Returns arenâ€™t accepted after 30 days.", "mojibake"),
        ("Returns are accepted \ufffd\ufffd after 30 days.", "contains replacement characters"),
        ("R e t u r n s a r e a c c e p t e d f o r 3 0 d a y s", "letters spaced out"),
        ("%%EOF <</Type/XObject>> ###{{}} @@@ ^^^ ~~~ ((()))", "mostly symbols"),
        ("Returns\x00\x01 accepted", "contains control characters"),
    ],
)
def test_garbled_text(text: str, reason: str) -> None:
    assert (garbling(text) or "").startswith(reason)


@pytest.mark.parametrize("text", [CHUNK, "Café crème costs €4.50 — naïve pricing.", "| plan | price |\n| Plus | $49 |"])
def test_clean_text_is_not_garbled(text: str) -> None:
    assert garbling(text) is None


def test_check_contexts_collects_every_issue() -> None:
    issues = check_contexts([CHUNK, CHUNK, "Refunds go back to your card within", "arenâ€™t accepted. Call Support."])
    assert issues.empty is False
    assert issues.duplicates == ((0, 1),)
    assert [i for i, _ in issues.truncated] == [2, 3]
    assert [i for i, _ in issues.garbled] == [3]
    assert check_contexts(["", "  "]).empty is True


@pytest.mark.parametrize(
    ("question", "hard", "soft"),
    [
        ("", "the question is empty", None),
        ("What is the warranty on {product_name}?", "unfilled template variable {product_name}", None),
        ("Ã¿Ã¾ rÃ©fund Ã¢â‚¬â€œ ???", "the question is garbled", None),
        ("Can I return it?", None, "says 'it'"),
        ("Refund window?", None, "fewer than 3 words"),
        ("How long do I have to return a lamp?", None, None),
        ("退货需要多少天？", None, None),
        ("退货？", None, "fewer than 3 words"),
    ],
)
def test_question_checks(question: str, hard: str | None, soft: str | None) -> None:
    issues = check_question(question)
    assert (hard is None) == (not issues.hard) and all(hard in h for h in issues.hard)
    assert (soft is None) == (not issues.soft) and all(soft in s for s in issues.soft)


@pytest.mark.parametrize(
    ("question", "response", "problem"),
    [
        ("Show the plans as a table.", "Plus costs $49.", "a table"),
        ("Show the plans as a table.", "| plan | price |\n|---|---|\n| Plus | $49 |", None),
        ("List the options as bullet points.", "Standard and express.", "a list"),
        ("List the options as bullet points.", "- Standard\n- Express", None),
        ("Return the fields as JSON.", "name: Plus", "JSON"),
        ("Return the fields as JSON.", '```json\n{"name": "Plus"}\n```', None),
        ("Yes or no: can I return sale items?", "Sale items are final.", "a yes/no answer"),
        ("Yes or no: can I return sale items?", "No, sale items are final.", None),
        ("In one sentence, what is Plus?", "Plus is a membership. It costs $49.", "a one-sentence answer"),
        ("How do I return a table lamp?", "Print the label.", None),
    ],
)
def test_format_problem(question: str, response: str, problem: str | None) -> None:
    assert format_problem(question, response) == problem
