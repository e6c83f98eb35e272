"""Heading-aware chunking: card sections, splitting long text at boundaries with overlap, user documents."""

from __future__ import annotations

from pm_assistant.knowledge.cards import load_cards, split_sections
from pm_assistant.knowledge.chunking import (
    CHUNK_CHARS,
    Chunk,
    chunk_card,
    chunk_document,
    document_sections,
    split_text,
)


def test_each_card_section_but_related_is_a_passage_with_title_and_heading() -> None:
    card = next(c for c in load_cards() if c.id == "poc-four-steps")
    chunks = chunk_card(card)
    assert {c.section for c in chunks} == set(card.sections) - {"Related"}
    assert len({c.id for c in chunks}) == len(chunks)
    assert all(c.id.startswith("poc-four-steps#") and c.kind == "card" for c in chunks)
    first = chunks[0]
    assert first.retrieval_text.startswith(f"{card.title} — What it is\nUse when: {card.use_when}\n")
    assert all("Use when:" not in c.retrieval_text for c in chunks[1:])
    assert first.retrieval_text.endswith(first.text)
    assert first.tags == tuple(card.tags) and first.content_hash == card.content_hash
    assert chunk_card(card) == chunks  # stable ids and text


def test_all_cards_chunk_within_budget() -> None:
    chunks = [chunk for card in load_cards() for chunk in chunk_card(card)]
    assert chunks and all(0 < len(c.text) <= CHUNK_CHARS for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)


def test_short_text_is_one_part_unchanged() -> None:
    text = "First paragraph.\n\nSecond paragraph."
    assert split_text(text) == [text]
    assert split_text("   ") == []


def test_long_text_splits_at_paragraphs_within_budget_with_overlap() -> None:
    paragraphs = [f"Paragraph {i} " + "word " * 30 for i in range(12)]
    parts = split_text("\n\n".join(paragraphs), budget=400, overlap=200)
    assert len(parts) > 2 and all(len(p) <= 400 for p in parts)
    for paragraph in paragraphs:  # no paragraph is cut in the middle
        assert any(paragraph.strip() in part for part in parts)
    for before, after in zip(parts, parts[1:], strict=False):  # the next part repeats the previous last unit
        assert after.startswith(before.split("\n")[-1])


def test_overlong_paragraph_splits_at_sentences_then_words() -> None:
    sentences = " ".join(f"Sentence number {i} says something." for i in range(40))
    parts = split_text(sentences, budget=200, overlap=0)
    assert all(len(p) <= 200 for p in parts)
    assert all(p.rstrip().endswith(".") for p in parts)
    giant = "x" * 450
    assert split_text(giant, budget=200, overlap=0) == ["x" * 200, "x" * 200, "x" * 50]


def test_markdown_documents_split_at_any_heading_level_but_not_in_code() -> None:
    text = "Intro line.\n\n# Title\nAlpha.\n\n### Deep\nBeta.\n```\n# not a heading\n```\n## Empty\n"
    assert document_sections(text, "markdown") == [
        ("Introduction", "Intro line."),
        ("Title", "Alpha."),
        ("Deep", "Beta.\n```\n# not a heading\n```"),
    ]
    assert split_sections("## A\nx\n### B\ny") == [("A", "x\n### B\ny")]  # cards: only level 2


def test_pdf_pages_and_plain_text_parts() -> None:
    assert document_sections("one\fthree pages\f  \fmore", "pages") == [
        ("Page 1", "one"), ("Page 2", "three pages"), ("Page 4", "more"),
    ]
    long_text = "\n\n".join("Paragraph " + "text " * 100 for _ in range(5))
    sections = document_sections(long_text, "text")
    assert [s for s, _ in sections] == [f"Part {n}" for n in range(1, len(sections) + 1)] and len(sections) > 1


def test_user_document_chunks_carry_user_ids() -> None:
    chunks = chunk_document("abc123", "Notes", "# A\none\n# B\ntwo", "markdown", "h" * 64)
    assert [c.id for c in chunks] == ["user:abc123#a", "user:abc123#b"]
    assert all(c.source_id == "user:abc123" and c.kind == "user" and c.tags == () for c in chunks)
    assert "tags" not in chunks[0].metadata()


def test_chunks_survive_the_round_trip_through_chroma_metadata() -> None:
    card = next(c for c in load_cards() if c.id == "rag-triad")
    for chunk in chunk_card(card):
        assert Chunk.from_record(chunk.id, chunk.text, chunk.metadata()) == chunk
