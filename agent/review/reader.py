"""Read a proposal file (.md, .txt, .pdf, .docx) for review through `knowledge.readers`, the same reader that
ingestion uses, adding what a review needs on top: one-line `UserInputError`s, a page cap, and legacy text.

Limits: those of `knowledge.readers` (20 MB per file, 2,000,000 characters of text) plus at most 200 PDF
pages, checked before any text is extracted. Text that is not UTF-8 is not refused: it is decoded with the
legacy encoding (Windows-1252, GB18030, Big5, Shift-JIS, EUC-KR, Windows-1251) that charset-normalizer finds
most plausible, and the review notes it; when none fits, the file is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import UserInputError

MAX_PDF_PAGES = 200
SUPPORTED = ".md, .txt, .pdf or .docx"
FALLBACK_ENCODINGS = ["cp1252", "gb18030", "big5", "shift_jis", "euc_kr", "cp1251"]


@dataclass
class ProposalDocument:
    """The text of one proposal and notes on how it was read (shown in the review)."""

    path: Path
    text: str
    format: str  # "markdown" | "text" | "pages" (PDF)
    notes: list[str] = field(default_factory=list)


def read_proposal(path: str | Path) -> ProposalDocument:
    """Read a proposal; raises UserInputError (one line naming the file) when it cannot be reviewed."""
    from knowledge.readers import TEXT_SUFFIXES, DocumentError, read_document

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
        if path.suffix.lower() in TEXT_SUFFIXES:
            legacy = _legacy_text(path)
            if legacy is not None:
                return legacy
        raise UserInputError(str(exc)) from exc
    return ProposalDocument(path=path, text=document.text, format=document.fmt)


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


def _legacy_text(path: Path) -> ProposalDocument | None:
    """A text file in a legacy encoding, decoded with a note; None when it is not that case (binary, too big,
    UTF-8 or undecodable), so the reader's own message stands."""
    from knowledge.readers import MAX_FILE_BYTES, MAX_TEXT_CHARS

    if path.stat().st_size > MAX_FILE_BYTES:
        return None
    raw = path.read_bytes()
    if not raw.strip() or b"\x00" in raw or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=FALLBACK_ENCODINGS).best()
    if best is None or len(str(best)) > MAX_TEXT_CHARS:
        return None
    note = f"{path} is not UTF-8; it was read as {best.encoding}, so check quoted text for misread characters"
    fmt = "text" if path.suffix.lower() == ".txt" else "markdown"
    return ProposalDocument(path=path, text=str(best), format=fmt, notes=[note])
