"""Reading proposals: each supported format, and a one-line UserInputError naming the file for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.agent.review import reader
from pm_assistant.agent.review.reader import read_proposal
from pm_assistant.core.errors import UserInputError
from pm_assistant.knowledge import readers
from tests.review.conftest import COMPLETE, THIN
from tests.review.documents import make_pdf, markdown_to_docx


def _fails(path: Path, *fragments: str) -> str:
    with pytest.raises(UserInputError) as info:
        read_proposal(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_markdown_and_text_are_read_as_written() -> None:
    doc = read_proposal(COMPLETE)
    assert doc.format == "markdown" and doc.notes == []
    assert doc.text == COMPLETE.read_text(encoding="utf-8")
    assert read_proposal(THIN).format == "text"


def test_pdf_pages_are_read_in_order(tmp_path: Path) -> None:
    pdf = make_pdf(
        tmp_path / "p.pdf", [["Budget", "Total investment: ¥800k."], ["Expected benefit", "Saves ¥1.5M a year."]]
    )
    doc = read_proposal(pdf)
    assert doc.format == "pages"
    assert doc.text.index("¥800k") < doc.text.index("Saves ¥1.5M a year.")


def test_docx_headings_become_markdown_headings(tmp_path: Path) -> None:
    path = markdown_to_docx("# Triage bot\n\n## Budget\n\nThe project needs ¥2.4M upfront.\n", tmp_path / "p.docx")
    doc = read_proposal(path)
    assert doc.format == "markdown"
    assert "Triage bot" in doc.text and "# Budget" in doc.text and "The project needs ¥2.4M upfront." in doc.text


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes("Budget: ¥800k".encode("utf-16"))
    assert read_proposal(path).text == "Budget: ¥800k"


def test_non_utf8_text_is_decoded_with_a_note(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    text = (
        "Proposal: café ordering assistant. The budget is €40,000 and it saves €90,000 a year for the café team. " * 3
    )
    path.write_bytes(text.encode("cp1252"))
    doc = read_proposal(path)
    assert "€40,000" in doc.text and "café" in doc.text
    assert len(doc.notes) == 1 and "not UTF-8" in doc.notes[0] and "legacy.txt" in doc.notes[0]


def test_gb18030_chinese_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "提案.txt"
    text = "项目提案：智能客服助手。预算为80万元，每年节省150万元。用户是客服人员。" * 2
    path.write_bytes(text.encode("gb18030"))
    doc = read_proposal(path)
    assert doc.text == text and "gb18030" in doc.notes[0]


def test_text_that_no_encoding_fits_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([0x81, 0xFF, 0xFE, 0x80, 0x8D, 0x90]) * 50)
    _fails(path, "UTF-8")


def test_missing_file(tmp_path: Path) -> None:
    _fails(tmp_path / "nope.md", "no such file")


def test_directory(tmp_path: Path) -> None:
    _fails(tmp_path, "folder")


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_or_blank(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(content)
    _fails(path, "empty")


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _fails(path, "binary")


def test_enormous_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no disk or time spent
        handle.truncate(readers.MAX_FILE_BYTES + 1)
    _fails(path, "20 MB")


def test_too_much_text_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_TEXT_CHARS", 1000)
    path = tmp_path / "long.md"
    path.write_text("A sentence about the budget. " * 100, encoding="utf-8")
    _fails(path, "1,000")


def test_too_many_pdf_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_PDF_PAGES", 2)
    pdf = make_pdf(tmp_path / "long.pdf", [["page one"], ["page two"], ["page three"]])
    _fails(pdf, "3 pages", "up to 2 pages")


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")
    _fails(path, "PDF")


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    _fails(make_pdf(tmp_path / "scan.pdf", [[]]), "no extractable text")


def test_password_protected_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", [["Budget: ¥800k"]])
    writer = PdfWriter()
    writer.append(PdfReader(plain))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    _fails(locked, "password")


def test_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 this is not a real zip archive")
    _fails(path, ".docx")
