"""Read a proposal file (.md, .txt, .pdf, .docx) for review through `knowledge.readers`, the same reader that
ingestion uses, adding what a review needs on top: one-line `UserInputError`s and a page cap.

A .docx is walked in body order so its tables stay where the author put them (as markdown tables under their
heading), and Word headings and list paragraphs become markdown headings and items; the rest of the reading
(limits, encodings, refusals) is `knowledge.readers`'.

Limits: those of `knowledge.readers` (20 MB per file, 2,000,000 characters of text) plus at most 200 PDF
pages, checked before any text is extracted. Text that is not UTF-8 is decoded by `knowledge.readers` with
the most plausible legacy encoding; its note (which encoding was used) is shown in the review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pm_assistant.core.errors import UserInputError

MAX_PDF_PAGES = 200
SUPPORTED = ".md, .txt, .pdf or .docx"


@dataclass
class ProposalDocument:
    """The text of one proposal and notes on how it was read (shown in the review)."""

    path: Path
    text: str
    format: str  # "markdown" | "text" | "pages" (PDF)
    notes: list[str] = field(default_factory=list)


def read_proposal(path: str | Path) -> ProposalDocument:
    """Read a proposal; raises UserInputError (one line naming the file) when it cannot be reviewed."""
    from pm_assistant.knowledge.readers import DocumentError, read_document

    path = Path(path).expanduser()
    if not path.exists():
        raise UserInputError(f"{path}: no such file; give the path of a {SUPPORTED} proposal")
    if path.is_dir():
        raise UserInputError(f"{path}: is a folder; give one proposal file ({SUPPORTED})")
    if path.suffix.lower() == ".pdf":
        _check_pages(path)
    try:
        document = read_document(path)
    except DocumentError as exc:
        raise UserInputError(str(exc)) from exc
    text = docx_markdown(path) if path.suffix.lower() == ".docx" else document.text
    return ProposalDocument(path=path, text=text, format=document.fmt, notes=list(document.notes))


def docx_markdown(path: Path) -> str:
    """A .docx (already validated by `knowledge.readers`) as markdown in body order: headings, list items,
    paragraphs and tables where they stand, each table as a markdown table whose first row is its header."""
    import docx
    from docx.table import Table

    lines: list[str] = []
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, Table):
            rows = [[_cell(cell.text) for cell in row.cells] for row in block.rows]
            if rows:
                lines += ["", _row(rows[0]), _row(["---"] * len(rows[0])), *map(_row, rows[1:]), ""]
            continue
        text = block.text.strip()
        style = (block.style.name if block.style is not None else "") or ""
        level = re.fullmatch(r"Heading ([1-6])", style)
        if not text:
            lines.append("")
        elif style == "Title" or level:
            lines += ["", f"{'#' * (int(level.group(1)) + 1 if level else 1)} {text}", ""]
        elif style.startswith("List"):
            lines.append(f"- {text}")
        else:
            lines += [text, ""]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _cell(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace("|", "/").strip()


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _check_pages(path: Path) -> None:
    """Refuse PDFs over MAX_PDF_PAGES before extracting their text (unreadable ones fail in the reader)."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        pages = len(PdfReader(path).pages)
    except Exception:  # corrupt or locked: knowledge.readers gives the one-line reason
        return
    if pages > MAX_PDF_PAGES:
        raise UserInputError(f"{path}: {pages} pages is too long; the review reads PDFs up to {MAX_PDF_PAGES} pages")
