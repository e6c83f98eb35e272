"""Read a proposal file (.md, .txt, .pdf, .docx) for review through `knowledge.readers`, the same reader that
ingestion uses, adding what a review needs on top: one-line `UserInputError`s and a page cap.

Limits: those of `knowledge.readers` (20 MB per file, 2,000,000 characters of text) plus at most 200 PDF
pages, checked before any text is extracted. Text that is not UTF-8 is decoded by `knowledge.readers` with
the most plausible legacy encoding; its note (which encoding was used) is shown in the review.
"""

from __future__ import annotations

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
    return ProposalDocument(path=path, text=document.text, format=document.fmt, notes=list(document.notes))


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
