"""Read a proposal file (.md, .txt, .pdf, .docx) into text, turning every bad input into a one-line error.

Limits (documented in the README): files up to 20 MB, PDFs up to 200 pages, up to 1,000,000 characters of
text. Text that is not UTF-8 is decoded with the legacy encoding (Windows-1252, GB18030, Big5, Shift-JIS,
EUC-KR, Windows-1251) that charset-normalizer finds most plausible, and the review says so; when none fits,
the file is rejected. Missing files, folders, empty or binary files and corrupt
PDF/DOCX files raise `UserInputError` naming the file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import UserInputError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 200
MAX_CHARS = 1_000_000
TEXT_SUFFIXES = {".md", ".markdown", ".txt", ".text", ""}
SUPPORTED = ".md, .txt, .pdf or .docx"
# Legacy encodings tried for non-UTF-8 text (detection among all code pages misreads short Western texts).
FALLBACK_ENCODINGS = ["cp1252", "gb18030", "big5", "shift_jis", "euc_kr", "cp1251"]


@dataclass
class ProposalDocument:
    """The text of one proposal and notes on how it was read (shown in the review)."""

    path: Path
    text: str
    format: str  # "markdown" | "text" | "pdf" | "docx"
    notes: list[str] = field(default_factory=list)


def read_proposal(path: str | Path) -> ProposalDocument:
    """Read a proposal; raises UserInputError (one line naming the file) when it cannot be reviewed."""
    path = Path(path).expanduser()
    name = str(path)
    if not path.exists():
        raise UserInputError(f"{path}: no such file; give the path of a {SUPPORTED} proposal")
    if path.is_dir():
        raise UserInputError(f"{path}: is a folder; give one proposal file ({SUPPORTED})")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserInputError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if size == 0:
        raise UserInputError(f"{name}: the file is empty; nothing to review")
    if size > MAX_FILE_BYTES:
        raise UserInputError(
            f"{name}: {size / 1024 / 1024:.1f} MB is too large; the review reads files up to "
            f"{MAX_FILE_BYTES // (1024 * 1024)} MB (review the relevant part instead)"
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserInputError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    suffix = path.suffix.lower()
    notes: list[str] = []
    if suffix == ".pdf" or raw.startswith(b"%PDF-"):
        text, fmt = _pdf_text(raw, name), "pdf"
    elif suffix == ".docx" or (raw.startswith(b"PK\x03\x04") and suffix not in TEXT_SUFFIXES):
        text, fmt = _docx_text(raw, name), "docx"
    else:
        text, fmt = _decode_text(raw, name, notes), "markdown" if suffix in {".md", ".markdown"} else "text"
    if not text.strip():
        what = "has no extractable text (a scanned PDF?)" if fmt == "pdf" else "contains no text"
        raise UserInputError(f"{name}: {what}; nothing to review")
    if len(text) > MAX_CHARS:
        raise UserInputError(
            f"{name}: {len(text):,} characters of text is too long; the review reads up to {MAX_CHARS:,} "
            "(review the relevant part instead)"
        )
    return ProposalDocument(path=path, text=text, format=fmt, notes=notes)


def _decode_text(raw: bytes, name: str, notes: list[str]) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else the detected encoding, noted for the review."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UserInputError(f"{name}: broken UTF-16 text; save it as UTF-8") from exc
    if b"\x00" in raw[:8192]:
        raise UserInputError(f"{name}: looks like a binary file, not text; give a {SUPPORTED} proposal")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=FALLBACK_ENCODINGS).best()
    if best is None:
        raise UserInputError(f"{name}: not UTF-8 and no text encoding fits; save it as UTF-8")
    notes.append(f"{name} is not UTF-8; it was read as {best.encoding}, so check quoted text for misread characters")
    return str(best)


def _pdf_text(raw: bytes, name: str) -> str:
    """The text of every page, pages separated by blank lines; corrupt, locked or huge PDFs are refused."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on stderr about harmless quirks
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UserInputError(f"{name}: the PDF is password-protected; export an unlocked copy")
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise UserInputError(
                f"{name}: {pages} pages is too long; the review reads PDFs up to {MAX_PDF_PAGES} pages"
            )
        return "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
    except UserInputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise UserInputError(f"{name}: cannot read it as a PDF (corrupt or not a PDF: {_short(exc)})") from exc


def _docx_text(raw: bytes, name: str) -> str:
    """Paragraphs and tables in document order; Word headings become markdown headings for extraction."""
    import io

    import docx
    from docx.opc.exceptions import OpcError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(raw))
    except (OpcError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserInputError(f"{name}: cannot read it as a Word .docx file (corrupt or not DOCX: {_short(exc)})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines += [" | ".join(cell.text.strip() for cell in row.cells) for row in block.rows]
            continue
        style = (block.style.name if block.style is not None else "") or ""
        text = block.text.strip()
        if not text:
            continue
        if style == "Title":
            lines.append(f"# {text}")
        elif style.startswith("Heading") and style[7:].strip().isdigit():
            lines.append(f"{'#' * min(int(style[7:]), 6)} {text}")
        elif style.startswith("List"):
            lines.append(f"- {text}")
        else:
            lines.append(text)
        lines.append("")
    return "\n".join(lines)


def _short(exc: BaseException) -> str:
    """The first line of an exception message, clipped, for a one-line error."""
    text = (str(exc).splitlines() or [type(exc).__name__])[0].strip() or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."
