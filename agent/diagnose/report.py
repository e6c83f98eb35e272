"""Render a diagnosis for people: rich tables in the terminal, or markdown for `--out`, from the same rows.

`sections()` builds every table once (title, columns, rows of strings); the two renderers only format them.
The terminal shows the first `TERMINAL_ROWS` failing samples and the first `TERMINAL_DETAIL` in full; the
markdown report lists every failing sample with all its findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from pm_assistant.agent.diagnose.results import Diagnosis, SampleResult
from pm_assistant.agent.diagnose.taxonomy import FAILURE_POINTS, LAYERS
from pm_assistant.core.markdown import md_cell, md_table

TERMINAL_ROWS = 20
TERMINAL_DETAIL = 3
MIN_FINDING_WIDTH = 20
KEY_METRICS = ("context_recall", "faithfulness", "answer_relevance")
CLI_HINT = "write them all with --out REPORT.md (or print everything with --json)"


@dataclass(frozen=True)
class Section:
    """One table of the report."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


def sections(diagnosis: Diagnosis, max_samples: int | None = None) -> list[Section]:
    """The report's tables: overview, layers, failure points, fixes, failing samples (first `max_samples`)."""
    summary = diagnosis.summary
    share = f" ({summary.failing / summary.samples:.0%})" if summary.samples else ""
    overview = [("samples", str(summary.samples)), ("failing", f"{summary.failing}{share}")]
    overview += [(f"mean {name}", f"{value:.2f}") for name, value in summary.metric_means.items()]
    layers = [(layer, str(count), LAYERS[layer]) for layer, count in summary.by_layer.items()]
    points = [(fp, FAILURE_POINTS[fp].name, str(count)) for fp, count in summary.by_failure_point.items()]
    fixes = [
        (str(rank), fix.fix.title, fix.fix.action, f"{fix.samples} of {summary.failing}", ", ".join(fix.issues))
        for rank, fix in enumerate(summary.fixes, start=1)
    ]
    failing = [s for s in diagnosis.samples if s.failing]
    shown = failing if max_samples is None else failing[:max_samples]
    samples = [
        (str(s.index), s.layer, " ".join(s.failure_points) or "-", *(_metric(s, m) for m in KEY_METRICS), s.findings[0])
        for s in shown
    ]
    return [
        Section("Overview", ("", "value"), overview),
        Section("By layer (first failing layer, in checklist order)", ("layer", "samples", "meaning"), layers),
        Section("By failure point (Barnett et al. 2024)", ("FP", "name", "samples"), points),
        Section("Fixes, most helpful first", ("#", "fix", "what to do", "helps", "issues"), fixes),
        Section(
            "Failing samples", ("index", "layer", "FPs", "recall", "faithful", "relevance", "first finding"), samples
        ),
    ]


def render_terminal(
    diagnosis: Diagnosis, console: Console, detail: int = TERMINAL_DETAIL, hint: str | None = CLI_HINT
) -> None:
    """Print the report with rich: the tables, then the first `detail` failing samples in full.

    `hint` says how to see the rest when not every failing sample is shown (None: no hint, e.g. in the REPL).
    """
    failing = [s for s in diagnosis.samples if s.failing]
    tables = sections(diagnosis, max_samples=TERMINAL_ROWS)
    failing_table = tables[-1]
    for section in tables:
        if not section.rows:
            continue
        table = Table(title=section.title, title_justify="left")
        if section is failing_table:  # one line per sample; the details follow below the table
            widths = [
                max(len(column), *(len(row[i]) for row in section.rows)) for i, column in enumerate(section.columns)
            ]
            room = console.width - sum(widths[:-1]) - 3 * len(widths) - 1
            widths[-1] = max(MIN_FINDING_WIDTH, min(widths[-1], room))
            for column, width in zip(section.columns, widths, strict=True):
                table.add_column(column, no_wrap=True, overflow="ellipsis", width=width)
        else:
            for column in section.columns:
                table.add_column(column, overflow="fold")
        for row in section.rows:
            table.add_row(*(Text(value) for value in row))
        console.print(table)
    if not failing:
        console.print(f"All {len(diagnosis.samples)} samples passed every check.", markup=False, highlight=False)
    elif len(failing) > TERMINAL_ROWS:
        console.print(f"… and {len(failing) - TERMINAL_ROWS} more failing samples.", markup=False, highlight=False)
    for sample in failing[:detail]:
        points = " ".join(sample.failure_points) or "no FP"
        console.print(
            f"\n[bold]Sample {sample.index}[/] ({sample.layer}; {points}): {escape(sample.question)}", highlight=False
        )
        for finding in sample.findings:
            console.print(f"  • {finding}", markup=False, highlight=False)
    for note in diagnosis.summary.notes:
        console.print(f"\nNote: {note}", markup=False, highlight=False)
    if len(failing) > detail:
        more = f"; {hint}" if hint else ""
        console.print(
            f"\nShowing {detail} of {len(failing)} failing samples in detail{more}.", markup=False, highlight=False
        )


def render_markdown(diagnosis: Diagnosis, source: str = "trace") -> str:
    """The full report as markdown: every table, then each failing sample with all its findings."""
    lines = [f"# RAG diagnosis: {source}", ""]
    for section in sections(diagnosis):
        lines += [f"## {section.title}", ""]
        if not section.rows:
            lines += ["None.", ""]
            continue
        lines += md_table(section.columns, section.rows)
        lines.append("")
    failing = [s for s in diagnosis.samples if s.failing]
    if failing:
        lines += ["## Findings per failing sample", ""]
        for sample in failing:
            lines += [f"### Sample {sample.index}: {sample.layer} {' '.join(sample.failure_points)}".rstrip(), ""]
            lines += [f"Question: {md_cell(sample.question) or '(empty)'}", ""]
            lines += [f"- {finding}" for finding in sample.findings]
            lines.append("")
    if diagnosis.summary.notes:
        lines += ["## Notes", ""] + [f"- {note}" for note in diagnosis.summary.notes] + [""]
    return "\n".join(lines)


def _metric(sample: SampleResult, name: str) -> str:
    value = sample.metrics.get(name)
    return "–" if value is None else f"{value:.2f}"
