"""Heading-aware chunking of cards and user documents into retrieval passages.

Each card `##` section (except Related, which only lists links) is one passage in the card's language; a
section longer than `CHUNK_SIZE` is split at paragraph, then line, then sentence boundaries, repeating a short
trailing unit as overlap. Sizes are counted in `text_size` units, where an ideograph weighs more than a Latin
letter, so an English and a Chinese passage of the same size hold about as many model tokens. Every passage
is embedded (and BM25-indexed) with its document title and section heading in front, so it stands on its own.

A passage's `anchor` names its section the same way in every language (the canonical card section), so the
English and Chinese passages of one card section are recognised as one result. User documents split on their
own structure, never inside a line, so the line that answers a question ("Decision: …") comes back whole:
markdown (and .docx) by headings; plain text and PDFs stay one passage when short, else split by paragraphs
or pages.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from pm_assistant.core.text.lang import Lang, cjk_count, detect_lang
from pm_assistant.core.text.sentences import split_sentences
from pm_assistant.knowledge.cards import Card, split_sections

CHUNK_SIZE = 1000
OVERLAP_SIZE = 200
WHOLE_DOCUMENT_SIZE = 1500  # a document up to this size is one passage (about 400 model tokens, one window)
CJK_WEIGHT = 1.5  # extra size units per ideograph: a Chinese character costs ~2.5x the tokens of a Latin letter
SKIPPED_CARD_SECTIONS = frozenset({"Related"})
DocFormat = Literal["markdown", "pages", "text"]
_LEAD = {"en": ("Use when: {}", "Keywords: {}", ", "), "zh": ("适用场景：{}", "关键词：{}", "、")}
_FULL_TEXT = {"en": "Full text", "zh": "全文"}


def text_size(text: str) -> int:
    """Length in size units: characters, with each CJK ideograph counting `1 + CJK_WEIGHT`."""
    return len(text) + int(CJK_WEIGHT * cjk_count(text))


@dataclass(frozen=True)
class Chunk:
    """One passage as stored in the index; `source_id` is the card id or `user:<doc id>`, `anchor` the
    language-independent section name."""

    id: str
    source_id: str
    kind: Literal["card", "user"]
    title: str
    section: str
    text: str
    lang: Lang = "en"
    anchor: str = ""
    tags: tuple[str, ...] = ()
    content_hash: str = ""
    context: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """The section this passage belongs to, shared by its translations: (source id, anchor)."""
        return self.source_id, self.anchor

    @property
    def retrieval_text(self) -> str:
        """What gets embedded and BM25-indexed: title and section heading, any context line, the passage."""
        context = f"{self.context}\n" if self.context else ""
        return f"{self.title} — {self.section}\n{context}{self.text}"

    @property
    def vector_key(self) -> str:
        """Identity of the embedded text (sha256 prefix of `retrieval_text`): equal keys, equal vectors."""
        return hashlib.sha256(self.retrieval_text.encode("utf-8")).hexdigest()[:24]

    def metadata(self) -> dict[str, object]:
        """Chroma metadata (tags only when present: chroma rejects empty lists)."""
        meta: dict[str, object] = {
            "kind": self.kind,
            "source_id": self.source_id,
            "title": self.title,
            "section": self.section,
            "lang": self.lang,
            "anchor": self.anchor,
            "content_hash": self.content_hash,
        }
        if self.tags:
            meta["tags"] = list(self.tags)
        if self.context:
            meta["context"] = self.context
        return meta

    @classmethod
    def from_record(cls, chunk_id: str, text: str, meta: dict[str, object]) -> Chunk:
        """Rebuild a Chunk from what chroma returns for it."""
        tags = meta.get("tags")
        return cls(
            id=chunk_id,
            source_id=str(meta["source_id"]),
            kind="user" if meta.get("kind") == "user" else "card",
            title=str(meta.get("title", "")),
            section=str(meta.get("section", "")),
            text=text,
            lang="zh" if meta.get("lang") == "zh" else "en",
            anchor=str(meta.get("anchor", "")),
            tags=tuple(str(t) for t in tags) if isinstance(tags, list | tuple) else (),
            content_hash=str(meta.get("content_hash", "")),
            context=str(meta.get("context", "")),
        )


def _sentences(text: str) -> list[str]:
    """`text` cut where its sentences start (the shared splitter, English and Chinese), every character kept."""
    bounds = [0, *(s.span[0] for s in split_sentences(text)[1:]), len(text)]
    return [text[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]


def _units(text: str, budget: int) -> list[str]:
    """Break text into pieces no larger than `budget`: paragraphs, then lines, sentences, words."""
    pieces = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    for splitter in (lambda s: s.split("\n"), _sentences, str.split):
        if all(text_size(p) <= budget for p in pieces):
            break
        pieces = [q.strip() for p in pieces for q in ([p] if text_size(p) <= budget else splitter(p)) if q.strip()]
    return [p[i : i + budget] for p in pieces for i in range(0, len(p), budget)]  # only splits unbroken runs


def split_text(text: str, budget: int = CHUNK_SIZE, overlap: int = OVERLAP_SIZE) -> list[str]:
    """Pack boundary-respecting units into parts of at most `budget` size; a part starts with the previous
    part's last unit (overlap) when that unit is at most `overlap` in size and still fits."""
    if text_size(text.strip()) <= budget:
        return [text.strip()] if text.strip() else []
    parts: list[list[str]] = []
    size = 0
    for unit in _units(text, budget):
        unit_size = text_size(unit) + 1
        if parts and size + unit_size <= budget:
            parts[-1].append(unit)
            size += unit_size
            continue
        last = parts[-1][-1] if parts and len(parts[-1]) > 1 else ""
        carry = [last] if last and text_size(last) <= overlap and text_size(last) + unit_size <= budget else []
        parts.append([*carry, unit])
        size = sum(text_size(u) + 1 for u in parts[-1])
    return ["\n".join(part) for part in parts]


def _slug(text: str) -> str:
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-") or "section"


@dataclass(frozen=True)
class _Section:
    heading: str
    anchor: str
    body: str
    lang: Lang


def _chunks(
    source_id: str, kind: Literal["card", "user"], title: str, sections: list[_Section],
    tags: tuple[str, ...], content_hash: str, lead: str = "", budget: int = CHUNK_SIZE,
) -> list[Chunk]:
    """Chunks of all sections (split at `budget`), ids `<source>@<lang>#<anchor>[~part]`; `lead` is a context
    line retrieved with the first chunk only."""
    chunks: list[Chunk] = []
    used: set[str] = set()
    for section in sections:
        anchor = section.anchor
        while anchor in used:
            anchor += "_"
        used.add(anchor)
        parts = split_text(section.body, budget)
        base = f"{source_id}@{section.lang}#{anchor}"
        for n, part in enumerate(parts, start=1):
            chunks.append(Chunk(
                id=base if len(parts) == 1 else f"{base}~{n}", source_id=source_id, kind=kind, title=title,
                section=section.heading, text=part, lang=section.lang, anchor=anchor, tags=tags,
                content_hash=content_hash, context=lead if not chunks else "",
            ))
    return chunks


def card_lead(card: Card) -> str:
    """The context line retrieved with a card's first passage: when to use it, and its keywords if any. It
    describes the situations the card answers, in the card's language."""
    use_when, keywords, separator = _LEAD[card.lang]
    lines = [use_when.format(card.use_when)]
    if card.keywords:
        lines.append(keywords.format(separator.join(card.keywords)))
    return "\n".join(lines)


def chunk_card(card: Card) -> list[Chunk]:
    """Passages for one card: one per non-empty section (Related skipped), long ones split into parts."""
    sections = [
        _Section(card.headings.get(key, key), _slug(key), body, card.lang)
        for key, body in card.sections.items() if body and key not in SKIPPED_CARD_SECTIONS
    ]
    return _chunks(card.id, "card", card.title, sections, tuple(card.tags), card.content_hash, card_lead(card))


def document_sections(text: str, fmt: DocFormat) -> list[tuple[str, str]]:
    """(section label, body) pairs of a user document: markdown headings, PDF pages (form-feed separated),
    or paragraphs of plain text packed into numbered parts."""
    if fmt == "markdown":
        pieces = split_sections(text, levels=range(1, 7))
        return [(heading or "Introduction", body) for heading, body in pieces if body]
    if fmt == "pages":
        return [(f"Page {n}", page.strip()) for n, page in enumerate(text.split("\f"), start=1) if page.strip()]
    return [(f"Part {n}", part) for n, part in enumerate(split_text(text), start=1)]


def chunk_document(doc_id: str, title: str, text: str, fmt: DocFormat, content_hash: str) -> list[Chunk]:
    """Passages for one ingested document, ids `user:<doc id>@<lang>#...`: a markdown (or .docx) document by its
    headings; any other short document whole, a longer one by pages or paragraphs. Each passage's language is
    detected from its own text (the document's by default)."""
    lang = detect_lang(text)
    whole = fmt != "markdown" and text_size(text.strip()) <= WHOLE_DOCUMENT_SIZE
    pieces = [(_FULL_TEXT[lang], text.replace("\f", "\n\n").strip())] if whole else document_sections(text, fmt)
    sections = [_Section(label, _slug(label), body, detect_lang(body, lang)) for label, body in pieces]
    budget = WHOLE_DOCUMENT_SIZE if whole else CHUNK_SIZE
    return _chunks(f"user:{doc_id}", "user", title, sections, (), content_hash, budget=budget)
