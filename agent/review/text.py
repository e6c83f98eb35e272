"""Split proposal text into titled sections and quotable sentences.

Markdown headings, Word headings (converted by the reader), `Label:` lines and short lines that name a known
section (as in PDFs and plain text, where heading marks are lost) all start a section. Sentences keep the
author's wording, minus markdown emphasis, so the review can quote them verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pm_assistant.knowledge.cards import split_sections

_LABEL_LINE = re.compile(r"^\s*([A-Z][\w &/'()-]{1,48}):\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+")
_TABLE_ROW = re.compile(r"^\|.*|^[^|]+(?:\s\|\s[^|]*)+$")  # markdown rows, or cells joined by " | " (Word tables)
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9\"“(¥$€£])|(?<=[。！？；])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "incl.", "Dr.", "No.", "Fig.")


@dataclass(frozen=True)
class Sentence:
    """One quotable sentence (or bullet item), the heading of the section it sits in, the paragraph or bullet
    (`block`, numbered across the document) it belongs to, and whether it is a table row."""

    text: str
    section: str | None
    index: int
    block: int = 0
    table: bool = False


@dataclass(frozen=True)
class Unit:
    """A sentence of a section body, the number of its paragraph or bullet within the body, and its kind."""

    text: str
    block: int
    table: bool = False


@dataclass(frozen=True)
class Section:
    """A heading (None for text before the first heading) and its sentences."""

    heading: str | None
    sentences: tuple[Sentence, ...]


def _headingify(text: str, known_heading: re.Pattern[str] | None) -> str:
    """Turn `Label:` lines and short lines naming a known section into markdown headings."""
    lines = text.splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        stripped = line.strip()
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        label = _LABEL_LINE.match(line)
        if label:
            out.append(f"## {label.group(1).strip()}")
        elif (
            known_heading is not None
            and stripped
            and nxt
            and len(stripped.split()) <= 6
            and not stripped.startswith("#")
            and stripped[-1] not in ".!?:;,"
            and known_heading.search(stripped)
            and not _BULLET.match(line)
        ):
            out.append(f"## {stripped}")
        else:
            out.append(line)
    return "\n".join(out)


def split_sentences(body: str) -> list[Unit]:
    """Sentences of a section body: bullets and table rows are units; paragraphs split at sentence ends."""
    units: list[Unit] = []
    paragraph: list[str] = []

    def flush(table: bool = False) -> None:
        """Close the current paragraph (or table row) into sentences of one block."""
        if paragraph:
            block = len({u.block for u in units})
            pieces = [" ".join(paragraph)] if table else _split_paragraph(" ".join(paragraph))
            units.extend(Unit(piece, block, table) for piece in pieces)
            paragraph.clear()

    for line in body.splitlines():
        stripped = _EMPHASIS.sub("", line).strip()
        if not stripped or set(stripped) <= set("|-: "):
            flush()
        elif _BULLET.match(stripped) or _TABLE_ROW.match(stripped):
            flush()
            item = _BULLET.sub("", stripped).strip(" |")
            paragraph.append(re.sub(r"\s*\|\s*", " | ", item))
            flush(table=not _BULLET.match(stripped))
        else:
            paragraph.append(stripped.lstrip("> "))
    flush()
    return [u for u in units if any(ch.isalnum() for ch in u.text)]


def _split_paragraph(paragraph: str) -> Iterable[str]:
    """Split one paragraph at sentence ends, not after common abbreviations."""
    pieces = _SENTENCE_END.split(paragraph)
    sentence = ""
    for piece in pieces:
        if not piece:
            continue
        sentence = f"{sentence} {piece}".strip() if sentence else piece.strip()
        if not sentence.endswith(_ABBREVIATIONS):
            yield sentence
            sentence = ""
    if sentence:
        yield sentence


def split_document(text: str, known_heading: re.Pattern[str] | None = None) -> list[Section]:
    """Sections in document order, each with its sentences (and blocks) numbered across the whole document."""
    sections: list[Section] = []
    index = blocks = 0
    for heading, body in split_sections(_headingify(text, known_heading), levels=range(1, 7)):
        units = split_sentences(body)
        sentences = [Sentence(u.text, heading, index + i, blocks + u.block, u.table) for i, u in enumerate(units)]
        index += len(units)
        blocks += max((u.block + 1 for u in units), default=0)
        sections.append(Section(_EMPHASIS.sub("", heading).strip() if heading else None, tuple(sentences)))
    return sections
