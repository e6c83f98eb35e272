"""Read user documents (.md, .txt, .pdf, .docx) into plain text, rejecting bad files with one-line reasons.

Limits: files over `MAX_FILE_BYTES` (20 MB) or with more than `MAX_TEXT_CHARS` (2,000,000) characters of
text are refused, so one stray file cannot stall ingestion. Text files must be UTF-8 (or UTF-16 with a
byte-order mark); files with NUL bytes are taken as binary. PDFs keep their page breaks (form feeds) and
.docx headings become markdown headings, so both chunk along their structure.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.chunking import DocFormat

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TEXT_CHARS = 2_000_000
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | {".pdf", ".docx"}


class DocumentError(ValueError):
    """A file that cannot be ingested; the message is one line naming the file."""


@dataclass(frozen=True)
class DocumentText:
    """A document's extracted text and how to chunk it."""

    title: str
    text: str
    fmt: DocFormat


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise DocumentError(f"{name}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{name}: is not UTF-8 text; re-save it as UTF-8") from None


def _markdown_title(text: str) -> str | None:
    match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, re.MULTILINE)
    return match.group(1) if match else None


def _read_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # corrupt files would otherwise log pages of warnings
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name}: the PDF is password-protected; save an unprotected copy first")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise DocumentError(f"{name}: is not a readable PDF ({type(exc).__name__})") from exc
    if not any(pages):
        raise DocumentError(f"{name}: the PDF has no extractable text (a scan? run OCR on it first)")
    return "\f".join(pages), title


def _read_docx(data: bytes, name: str) -> tuple[str, str | None]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # damaged packages surface as zipfile, lxml, KeyError or python-docx errors
        raise DocumentError(f"{name}: is not a readable .docx file ({type(exc).__name__})") from exc
    lines: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        style = paragraph.style.name if paragraph.style is not None else ""
        level = re.fullmatch(r"Heading ([1-6])", style or "")
        if text:
            lines.append(f"{'#' * int(level.group(1))} {text}" if level else text)
        lines.append("")
    for table in document.tables:
        lines += [" | ".join(cell.text.strip() for cell in row.cells) for row in table.rows] + [""]
    return "\n".join(lines), document.core_properties.title or None


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
    if suffix == ".pdf":
        text, title = _read_pdf(data, name)
        fmt: DocFormat = "pages"
    elif suffix == ".docx":
        text, title = _read_docx(data, name)
        fmt = "markdown"
    else:
        text = _decode(data, name)
        fmt = "text" if suffix == ".txt" else "markdown"
        title = None
    if fmt == "markdown":
        title = title or _markdown_title(text)
    if not text.strip():
        raise DocumentError(f"{name}: has no text")
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError(f"{name}: more than {MAX_TEXT_CHARS:,} characters of text; split it into smaller files")
    return DocumentText(title=(title or path.stem).strip() or path.stem, text=text, fmt=fmt)
