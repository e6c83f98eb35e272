"""Split proposal text into titled sections and quotable sentences.

Markdown headings, Word headings (converted by the reader), `Label:` lines and short lines that name a known
section (as in PDFs and plain text, where heading marks are lost) all start a section. Sentences keep the
author's wording, minus markdown emphasis, so the review can quote them verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.cards import split_sections

_LABEL_LINE = re.compile(r"^\s*([A-Z][\w &/'()-]{1,48}):\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d{1,2}[.)])\s+")
_EMPHASIS = re.compile(r"(\*\*|__|`)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9\"“(¥$€£])|(?<=[。！？；])")
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "incl.", "Dr.", "No.", "Fig.")


@dataclass(frozen=True)
class Sentence:
    """One quotable sentence (or bullet item) and the heading of the section it sits in."""

    text: str
    section: str | None
    index: int


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


def split_sentences(body: str) -> list[str]:
    """Sentences of a section body: bullets and table rows are units; paragraphs split at sentence ends."""
    units: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        """Close the current paragraph into sentences."""
        if paragraph:
            units.extend(_split_paragraph(" ".join(paragraph)))
            paragraph.clear()

    for line in body.splitlines():
        stripped = _EMPHASIS.sub("", line).strip()
        if not stripped or set(stripped) <= set("|-: "):
            flush()
        elif _BULLET.match(stripped) or stripped.startswith("|"):
            flush()
            item = _BULLET.sub("", stripped).strip(" |")
            item = re.sub(r"\s*\|\s*", " | ", item)
            paragraph.append(item)
            flush()
        else:
            paragraph.append(stripped.lstrip("> "))
    flush()
    return [u for u in units if any(ch.isalnum() for ch in u)]


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
    """Sections in document order, each with its sentences numbered across the whole document."""
    sections: list[Section] = []
    index = 0
    for heading, body in split_sections(_headingify(text, known_heading), levels=range(1, 7)):
        sentences = []
        for raw in split_sentences(body):
            sentences.append(Sentence(raw, heading, index))
            index += 1
        sections.append(Section(_EMPHASIS.sub("", heading).strip() if heading else None, tuple(sentences)))
    return sections
