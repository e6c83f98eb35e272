"""`pm-assistant review` end to end: JSON contract, rich report, --out markdown, and exit 2 for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pm_assistant.agent.cli.app import main
from tests.review.conftest import COMPLETE, MEDICAL, THIN


def test_json_is_the_contract_object(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(MEDICAL), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["mode"] == "offline" and data["domain_class"] == "high-risk"
    assert data["hallucination_budget"]["threshold"] == 0.01
    assert [q["status"] for q in data["five_questions"]] == [
        "addressed",
        "addressed",
        "addressed",
        "partial",
        "missing",
    ]
    assert data["financials"] == data["financials"] | {
        "investment": 2400000.0,
        "annual_benefit": 1200000.0,
        "monthly_running_cost": 30000.0,  # "GPT-4 through a hosted API (about ¥30k a month)"
        "payback_months": round(2_400_000 / (1_200_000 / 12 - 30_000), 2),
    }
    assert data["self_check"]["passed"] is True
    assert "Reviewing offline" in captured.err  # said once, with how to configure an LLM


def test_rich_report_and_markdown_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.md"
    assert main(["review", str(COMPLETE), "--out", str(out)]) == 0
    shown = capsys.readouterr().out
    for heading in (
        "What is proposed",
        "Technical review: five questions",
        "Scoring card",
        "Risk quadrants",
        "POC plan",
        "Verdict",
    ):
        assert heading in shown
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith("# Review: AI Support Assistant for Tier-1 Customer Service")
    assert "| total (investment_score) |" in markdown and "## Questions before approval" in markdown
    assert "| Payback |" in markdown and [p for p in tmp_path.iterdir()] == [out]  # no temp file left behind


def test_thin_json_has_null_financials(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(THIN), "--json", "--offline"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (
        data["financials"]["investment"],
        data["financials"]["annual_benefit"],
        data["financials"]["payback_months"],
    ) == (None, None, None)
    assert data["scoring"]["priority"] == "P2"


def _bad(tmp_path: Path, name: str, content: bytes | None) -> Path:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("missing.md", "absent", "no such file"),
        ("folder", None, "folder"),
        ("empty.md", b"", "empty"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),
        ("broken.pdf", b"%PDF-1.7 garbage", "PDF"),
        ("broken.docx", b"PK\x03\x04garbage", ".docx"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes | str | None, fragment: str
) -> None:
    path = tmp_path / name if content == "absent" else _bad(tmp_path, name, content)
    assert main(["review", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert (
        len(lines) == 1
        and lines[0].startswith("pm-assistant: ")
        and fragment in lines[0]
        and "Traceback" not in captured.err
    )


def test_out_into_a_missing_folder_exits_2_before_reviewing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review", str(COMPLETE), "--out", str(tmp_path / "nope" / "r.md")]) == 2
    assert "does not exist" in capsys.readouterr().err
