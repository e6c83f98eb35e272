"""Rendering: the markdown report lists everything; the terminal shows tables and the first failing samples."""

from __future__ import annotations

from rich.console import Console

from pm_assistant.agent.diagnose.report import TERMINAL_DETAIL, render_markdown, render_terminal
from pm_assistant.agent.diagnose.results import Diagnosis
from pm_assistant.agent.diagnose.runner import diagnose_samples

from .conftest import EXAMPLES, HashEmbedder, sample

RETURNS = "Returns. You can return most items within 30 days of delivery."


def diagnosis(failing: int) -> Diagnosis:
    samples = [
        sample(
            f"How long can I return [bold]item {i}[/bold] | here?",
            [RETURNS],
            f"You can return it within {60 + i} days of delivery.",
            index=i,
        )
        for i in range(failing)
    ]
    samples.append(
        sample("How long do I have to return items?", [RETURNS], "You can return items within 30 days.", index=failing)
    )
    return diagnose_samples(samples, embedder=HashEmbedder())


def test_markdown_lists_every_failing_sample_with_all_findings() -> None:
    report = diagnosis(5)
    text = render_markdown(report, "trace.jsonl")
    assert text.startswith("# RAG diagnosis: trace.jsonl\n")
    for name in (
        "## Overview",
        "## By layer",
        "## By failure point",
        "## Fixes, most helpful first",
        "## Failing samples",
    ):
        assert name in text
    for result in report.samples[:5]:
        assert f"### Sample {result.index}: model FP4" in text
        assert all(f"- {finding}" in text for finding in result.findings)
    assert "### Sample 5" not in text
    assert "\\| here?" in text  # pipes in cells are escaped


def test_terminal_shows_the_first_failing_samples_and_how_to_see_all() -> None:
    report = diagnosis(5)
    console = Console(record=True, width=120)
    render_terminal(report, console)
    text = console.export_text()
    assert "Fixes, most helpful first" in text and "Model choice" in text
    assert "[bold]item 0[/bold]" in text  # user text is not read as markup
    details = [line for line in text.splitlines() if line.startswith("Sample ")]
    assert len(details) == TERMINAL_DETAIL
    assert f"Showing {TERMINAL_DETAIL} of 5 failing samples in detail; write them all with --out REPORT.md" in text


def test_terminal_hint_can_be_left_out() -> None:
    console = Console(record=True, width=120)
    render_terminal(diagnosis(5), console, hint=None)
    text = console.export_text()
    assert f"Showing {TERMINAL_DETAIL} of 5 failing samples in detail.\n" in text and "--out" not in text


def test_repl_diagnose_does_not_point_at_cli_flags() -> None:
    from pm_assistant.agent.repl.slash import handle_slash_command
    from tests.repl.harness import make_session

    result = handle_slash_command(f"/diagnose {EXAMPLES / 'retrieval_broken.jsonl'}", make_session())
    console = Console(record=True, width=120)
    result.print_to(console)
    text = console.export_text()
    assert "failing samples in detail." in text and "--out" not in text and "--json" not in text


def test_terminal_for_a_healthy_trace_has_no_failing_table() -> None:
    console = Console(record=True, width=100)
    render_terminal(diagnosis(0), console)
    text = console.export_text()
    assert "Overview" in text and "Failing samples" not in text and "Showing" not in text
    assert "All 1 samples passed every check." in text
