"""Read user documents (.md, .txt, .pdf, .docx) into plain text, rejecting bad files with one-line reasons.

Limits: files over `MAX_FILE_BYTES` (20 MB) or with more than `MAX_TEXT_CHARS` (2,000,000) characters of
text are refused, so one stray file cannot stall ingestion. Text files are read as UTF-8 (or UTF-16 with a
byte-order mark); files with NUL bytes are taken as binary. Text that is not UTF-8 is decoded with the legacy
encoding (Windows-1252, GB18030, Big5, Shift-JIS, EUC-KR, Windows-1251) that charset-normalizer finds most
plausible, with a note saying so; when none fits, the file is refused. PDFs keep their page breaks (form
feeds) and .docx headings become markdown headings, so both chunk along their structure. Titles come from
the document itself (PDF info title or first line, .docx title paragraph or core properties, the first
markdown heading, a plain-text e-mail's subject or a short first line) before falling back to the file name;
placeholder titles that editors write into metadata ("Untitled", "Microsoft Word - x.docx", "Document1")
are ignored.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from pm_assistant.core.errors import UserInputError
from pm_assistant.knowledge.chunking import DocFormat

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}
FALLBACK_ENCODINGS = ["cp1252", "gb18030", "big5", "shift_jis", "euc_kr", "cp1251"]
MAX_TITLE_CHARS = 120  # a "first line" longer than this is a paragraph, not a title
_PLACEHOLDER_TITLE = re.compile(
    r"^(?:untitled(?: document)?|title|document\d*|presentation\d*|microsoft (?:word|powerpoint) - .*|无标题.*)$",
    re.IGNORECASE,
)
_HEADER_LINE = re.compile(r"^(?:from|to|cc|bcc|date|sent|reply-to|发件人|收件人|抄送|日期|时间)\s*[:：]", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:subject|主题)\s*[:：]\s*(.+)$", re.IGNORECASE | re.MULTILINE)


class DocumentError(UserInputError):
    """A file that cannot be ingested; the message is one line naming the file."""


@dataclass(frozen=True)
class DocumentText:
    """A document's extracted text, how to chunk it, and notes on how it was read (e.g. a guessed encoding)."""

    title: str
    text: str
    fmt: DocFormat
    notes: tuple[str, ...] = ()


def _decode(data: bytes, name: str) -> tuple[str, str | None]:
    """The text and, when it had to be guessed, a note naming the legacy encoding used."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), None
    if b"\x00" in data:
        raise DocumentError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=FALLBACK_ENCODINGS).best()
    if best is None:
        raise DocumentError(f"{name}: is not UTF-8 text and no legacy encoding fits; re-save it as UTF-8")
    note = f"{name} is not UTF-8; it was read as {best.encoding}, so check quoted text for misread characters"
    return str(best), note


def _real_title(title: object) -> str | None:
    """A metadata title worth showing: text that is not blank and not an editor's placeholder."""
    if not isinstance(title, str) or not title.strip() or _PLACEHOLDER_TITLE.match(title.strip()):
        return None
    return title.strip()


def _first_line(text: str) -> str | None:
    """The first non-empty line when it is short enough to be a title."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if 0 < len(line) <= MAX_TITLE_CHARS else None


def _markdown_title(text: str) -> str | None:
    """The first heading, of any level."""
    match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    return match.group(1) if match else None


def _text_title(text: str) -> str | None:
    """A plain-text file's title: an e-mail's subject line, else a short first line that is not a header
    (markdown emphasis around it dropped)."""
    subject = _SUBJECT.search("\n".join(text.splitlines()[:20]))
    if subject:
        return subject.group(1).strip()[:MAX_TITLE_CHARS]
    line = _first_line(text)
    if not line or _HEADER_LINE.match(line):
        return None
    return line.strip("*_` ") or None


def _read_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # corrupt files would otherwise log pages of warnings
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name}: the PDF is password-protected; save an unprotected copy first")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = (reader.metadata.title if reader.metadata else None) or None
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise DocumentError(f"{name}: is not a readable PDF ({type(exc).__name__})") from exc
    if not any(pages):
        raise DocumentError(f"{name}: the PDF has no extractable text (a scan? run OCR on it first)")
    return "\f".join(pages), _real_title(title) or _first_line("\n".join(pages))


def _read_docx(data: bytes, name: str) -> tuple[str, str | None]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # damaged packages surface as zipfile, lxml, KeyError or python-docx errors
        raise DocumentError(f"{name}: is not a readable .docx file ({type(exc).__name__})") from exc
    lines: list[str] = []
    title: str | None = None
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        level = re.fullmatch(r"Heading ([1-6])", style)
        if text and style == "Title" and title is None:
            title = text
        if text:
            lines.append(f"{'#' * int(level.group(1))} {text}" if level else text)
        lines.append("")
    for table in document.tables:
        lines += [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows] + [""]
    return "\n".join(lines), title or _real_title(document.core_properties.title)


def read_document(path: Path) -> DocumentText:
    """Extract a document's text; raises DocumentError (one line naming the file) for anything unusable."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{name}: unsupported file type '{suffix or 'none'}' (use .md, .txt, .pdf or .docx)")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(f"{name}: larger than the {MAX_FILE_BYTES / 2**20:g} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read it ({exc.strerror or type(exc).__name__})") from exc
    if not data.strip():
        raise DocumentError(f"{name}: the file is empty")
    note: str | None = None
    if suffix == ".pdf":
        text, title = _read_pdf(data, name)
        fmt: DocFormat = "pages"
    elif suffix == ".docx":
        text, title = _read_docx(data, name)
        fmt = "markdown"
    else:
        text, note = _decode(data, name)
        fmt = "text" if suffix == ".txt" else "markdown"
        title = _text_title(text) if fmt == "text" else None
    if fmt == "markdown":
        title = title or _markdown_title(text) or _text_title(text)
    if not text.strip():
        raise DocumentError(f"{name}: has no text")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(f"{name}: more than {MAX_TEXT_CHARS:,} characters of text; split it into smaller files")
    notes = (note,) if note else ()
    return DocumentText(title=(title or path.stem).strip() or path.stem, text=text, fmt=fmt, notes=notes)
