"""Reading a proposal's structure: sections, labels, table rows with their header, metadata set apart, .docx
tables in place, and section kinds from English and Chinese headings."""

from __future__ import annotations

from pathlib import Path

from pm_assistant.agent.review.reader import read_proposal
from pm_assistant.agent.review.sections import read_fields, read_structure
from tests.review.documents import markdown_to_docx

EMAIL = """From: Ana Silva <ana@example.com>
To: Product Council
Date: 4 March 2026
Subject: Proposal - invoice reader for accounts payable

Hi all,

Accounts payable keys in 9,000 invoices a month by hand.
We propose an extraction model fine-tuned on our invoices.

Thanks,
Ana
Finance Systems
"""


def test_email_headers_greeting_and_signature_are_metadata_not_content() -> None:
    reading = read_structure(EMAIL)
    assert reading.doc.title == "invoice reader for accounts payable"
    texts = [s.text for s in reading.sentences]
    assert texts == [
        "Accounts payable keys in 9,000 invoices a month by hand.",
        "We propose an extraction model fine-tuned on our invoices.",
    ]
    assert "Thanks," in reading.doc.metadata and any("Finance Systems" in m for m in reading.doc.metadata)
    fields = read_fields(reading)
    assert fields["problem"].source == texts[0] and fields["solution"].source == texts[1]


def test_owner_line_is_never_the_solution() -> None:
    text = "# Claims bot\n\n**Owner:** Dana Reyes\n\n## Solution\nA classifier routes each claim.\n"
    fields = read_fields(read_structure(text))
    assert fields["solution"].value == "A classifier routes each claim."


def test_labels_and_table_headers_travel_with_their_figures() -> None:
    text = "# X\n\n## What we need\n- Build: $380,000\n\n| Option | Running cost |\n|---|---|\n| A | $9,000 |\n"
    reading = read_structure(text)
    build, row = reading.sentences
    assert build.label == "Build" and build.body == "$380,000"
    assert reading.kinds(build)[0] == "investment"
    assert row.table and row.cells == ("A", "$9,000") and row.header == ("Option", "Running cost")


def test_chinese_numbered_headings_and_plain_text_headings_are_sections() -> None:
    text = "门诊助手\n\n一、项目背景\n门诊日均 6000 人次。\n\n三、投入与收益\n一次性投入：180万元\n"
    reading = read_structure(text)
    assert reading.section_kinds["一、项目背景"] == ["problem"]
    assert reading.section_kinds["三、投入与收益"] == ["investment", "benefit"]


def test_docx_tables_stay_where_the_author_put_them(tmp_path: Path) -> None:
    markdown = "# P\n\n## Costs\n\n| Item | Amount |\n|---|---|\n| Total one-off | €150,000 |\n\n## Benefit\n\nWe save €210,000 per year.\n"
    doc = read_proposal(markdown_to_docx(markdown, tmp_path / "p.docx"))
    assert doc.text.index("| Total one-off | €150,000 |") < doc.text.index("## Benefit")
    row = next(s for s in read_structure(doc.text).sentences if s.table)
    assert row.section == "Costs" and row.header == ("Item", "Amount")
