"""Heading-aware chunking: card sections in both languages, splitting long text at boundaries with overlap,
user documents (whole when short, by structure when long)."""

from __future__ import annotations

from pm_assistant.knowledge.cards import load_cards, split_sections
from pm_assistant.knowledge.chunking import (
    CHUNK_SIZE,
    WHOLE_DOCUMENT_SIZE,
    Chunk,
    chunk_card,
    chunk_document,
    document_sections,
    split_text,
    text_size,
)


def _card(card_id: str, lang: str = "en"):
    return next(c for c in load_cards(lang=lang) if c.id == card_id)  # type: ignore[arg-type]


def test_each_card_section_but_related_is_a_passage_with_title_and_heading() -> None:
    card = _card("poc-four-steps")
    chunks = chunk_card(card)
    assert {c.section for c in chunks} == set(card.sections) - {"Related"}
    assert len({c.id for c in chunks}) == len(chunks)
    assert all(c.id.startswith("poc-four-steps@en#") and c.kind == "card" and c.lang == "en" for c in chunks)
    first = chunks[0]
    assert first.retrieval_text.startswith(f"{card.title} — What it is\nUse when: {card.use_when}\n")
    assert all("Use when:" not in c.retrieval_text for c in chunks[1:])
    assert first.retrieval_text.endswith(first.text)
    assert first.tags == tuple(card.tags) and first.content_hash == card.content_hash
    assert chunk_card(card) == chunks  # stable ids and text


def test_chinese_passages_share_their_english_twins_anchors() -> None:
    english, chinese = chunk_card(_card("poc-four-steps")), chunk_card(_card("poc-four-steps", "zh"))
    assert [c.key for c in chinese] == [c.key for c in english]  # one result per section across languages
    assert [c.section for c in chinese] == ["是什么", "怎么用", "案例", "常见误区"]
    assert all(c.lang == "zh" and c.id.startswith("poc-four-steps@zh#") for c in chinese)
    assert chinese[0].context.startswith("适用场景：") and "\n关键词：POC、概念验证" in chinese[0].context
    assert {c.id for c in chinese}.isdisjoint(c.id for c in english)


def test_all_cards_chunk_within_budget() -> None:
    chunks = [chunk for card in load_cards() for chunk in chunk_card(card)]
    assert chunks and all(0 < text_size(c.text) <= CHUNK_SIZE for c in chunks)
    assert len({c.id for c in chunks}) == len(chunks)
    assert len({c.vector_key for c in chunks}) == len(chunks)


def test_size_counts_ideographs_by_what_they_cost_the_model() -> None:
    assert text_size("abcd") == 4 and text_size("召回率") == 3 + 4  # 1.5 extra per ideograph, rounded down
    assert all(text_size(p) <= 200 for p in split_text("召回率很重要。" * 100, budget=200, overlap=0))


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
    chinese = "".join(f"第{i}句说明一件事。" for i in range(60))
    assert all(p.endswith("。") for p in split_text(chinese, budget=120, overlap=0))  # Chinese sentences too


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


def test_a_short_plain_document_stays_whole_and_markdown_follows_its_headings() -> None:
    text = "Vendor memo\n\nWe compared three vendors.\n\nDecision: Weaviate, signed in May."
    chunks = chunk_document("abc123", "Vendor memo", text, "text", "h" * 64)
    assert [c.id for c in chunks] == ["user:abc123@en#full-text"] and chunks[0].text == text
    assert chunks[0].source_id == "user:abc123" and chunks[0].kind == "user" and chunks[0].tags == ()
    assert "tags" not in chunks[0].metadata()
    assert [c.text for c in chunk_document("p", "Deck", "page one\fpage two", "pages", "h")] == ["page one\n\npage two"]
    chinese = chunk_document("def456", "纪要", "决定：五月上线。\n负责人：王蕾。", "text", "h" * 64)
    assert (chinese[0].section, chinese[0].lang) == ("全文", "zh")
    markdown = "# Vendor memo\n## Context\nWe compared three vendors.\n## Decision\nDecision: Weaviate, signed in May."
    sections = chunk_document("abc123", "Vendor memo", markdown, "markdown", "h" * 64)
    assert [(c.section, c.text) for c in sections] == [
        ("Context", "We compared three vendors."), ("Decision", "Decision: Weaviate, signed in May."),
    ]
    assert sections[1].id == "user:abc123@en#decision"


def test_a_long_document_splits_on_structure_and_keeps_each_decision_line_whole() -> None:
    filler = "\n".join(f"- Discussion point {i}: " + "detail " * 12 for i in range(14))
    text = f"# Weekly sync\n## Discussion\n{filler}\n## Decisions\n- Decision: launch moves from April 7 to May 5.\n"
    assert text_size(text) > WHOLE_DOCUMENT_SIZE
    chunks = chunk_document("abc123", "Weekly sync", text, "markdown", "h" * 64)
    assert [c.section for c in chunks][-1] == "Decisions" and len(chunks) > 2
    assert sum("Decision: launch moves from April 7 to May 5." in c.text for c in chunks) == 1
    assert all(text_size(c.text) <= CHUNK_SIZE for c in chunks)


def test_chunks_survive_the_round_trip_through_chroma_metadata() -> None:
    for lang in ("en", "zh"):
        for chunk in chunk_card(_card("rag-triad", lang)):
            assert Chunk.from_record(chunk.id, chunk.text, chunk.metadata()) == chunk
