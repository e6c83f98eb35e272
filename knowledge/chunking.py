"""Heading-aware chunking of cards and user documents into retrieval passages.

Each card `##` section (except Related, which only lists links) is one passage; a section longer than
`CHUNK_CHARS` is split at paragraph, then line, then sentence boundaries, repeating a short trailing unit
as overlap. Every passage is embedded (and BM25-indexed) with its document title and section heading in
front, so it stands on its own. User documents get the same treatment: markdown by headings, PDFs by page,
plain text by paragraphs packed into parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pm_assistant.knowledge.cards import Card, split_sections

CHUNK_CHARS = 1000
OVERLAP_CHARS = 200
SKIPPED_CARD_SECTIONS = frozenset({"Related"})
DocFormat = Literal["markdown", "pages", "text"]
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass(frozen=True)
class Chunk:
    """One passage as stored in the index; `source_id` is the card id or `user:<doc id>`."""

    id: str
    source_id: str
    kind: Literal["card", "user"]
    title: str
    section: str
    text: str
    tags: tuple[str, ...] = ()
    content_hash: str = ""
    context: str = ""

    @property
    def retrieval_text(self) -> str:
        """What gets embedded and BM25-indexed: title and section heading, any context line, the passage."""
        context = f"{self.context}\n" if self.context else ""
        return f"{self.title} — {self.section}\n{context}{self.text}"

    def metadata(self) -> dict[str, object]:
        """Chroma metadata (tags only when present: chroma rejects empty lists)."""
        meta: dict[str, object] = {
            "kind": self.kind,
            "source_id": self.source_id,
            "title": self.title,
            "section": self.section,
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
        return cls(
            id=chunk_id,
            source_id=str(meta["source_id"]),
            kind="user" if meta.get("kind") == "user" else "card",
            title=str(meta.get("title", "")),
            section=str(meta.get("section", "")),
            text=text,
            tags=tuple(str(t) for t in meta.get("tags") or ()),
            content_hash=str(meta.get("content_hash", "")),
            context=str(meta.get("context", "")),
        )


def _units(text: str, budget: int) -> list[str]:
    """Break text into pieces no longer than `budget`: paragraphs, then lines, sentences, words."""
    pieces = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    for splitter in (lambda s: s.split("\n"), _SENTENCE_END.split, str.split):
        if all(len(p) <= budget for p in pieces):
            break
        pieces = [q.strip() for p in pieces for q in ([p] if len(p) <= budget else splitter(p)) if q.strip()]
    return [p[i : i + budget] for p in pieces for i in range(0, len(p), budget)]  # only splits unbroken runs


def split_text(text: str, budget: int = CHUNK_CHARS, overlap: int = OVERLAP_CHARS) -> list[str]:
    """Pack boundary-respecting units into parts of at most `budget` chars; a part starts with the previous
    part's last unit (overlap) when that unit is at most `overlap` chars long and still fits."""
    if len(text.strip()) <= budget:
        return [text.strip()] if text.strip() else []
    parts: list[list[str]] = []
    size = 0
    for unit in _units(text, budget):
        if parts and size + len(unit) + 1 <= budget:
            parts[-1].append(unit)
            size += len(unit) + 1
            continue
        last = parts[-1][-1] if parts and len(parts[-1]) > 1 else ""
        carry = [last] if last and len(last) <= overlap and len(last) + len(unit) + 1 <= budget else []
        parts.append([*carry, unit])
        size = sum(len(u) + 1 for u in parts[-1])
    return ["\n".join(part) for part in parts]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _chunks(
    source_id: str, kind: Literal["card", "user"], title: str, sections: list[tuple[str, str]],
    tags: tuple[str, ...], content_hash: str, lead: str = "",
) -> list[Chunk]:
    """Chunks of all sections; `lead` is a context line retrieved with the first chunk only."""
    chunks: list[Chunk] = []
    used: set[str] = set()
    for section, body in sections:
        base = f"{source_id}#{_slug(section)}"
        while base in used:
            base += "_"
        used.add(base)
        parts = split_text(body)
        for n, part in enumerate(parts, start=1):
            chunk_id = base if len(parts) == 1 else f"{base}~{n}"
            context = lead if not chunks else ""
            chunks.append(Chunk(chunk_id, source_id, kind, title, section, part, tags, content_hash, context))
    return chunks


def chunk_card(card: Card) -> list[Chunk]:
    """Passages for one card: one per non-empty section (Related skipped), long ones split into parts. The
    card's `use_when` is retrieved with its first passage: it describes the situations the card answers."""
    sections = [(s, body) for s, body in card.sections.items() if body and s not in SKIPPED_CARD_SECTIONS]
    lead = f"Use when: {card.use_when}"
    return _chunks(card.id, "card", card.title, sections, tuple(card.tags), card.content_hash, lead)


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
    """Passages for one ingested document, ids `user:<doc id>#...`."""
    return _chunks(f"user:{doc_id}", "user", title, document_sections(text, fmt), (), content_hash)
