"""Markdown tables for the written reports (`review --out`, `diagnose --out`): one way to lay out a table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def md_cell(value: object) -> str:
    """A value as one table cell: on one line, white space folded, pipes escaped."""
    return " ".join(str(value).split()).replace("|", "\\|")


def md_table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    """The lines of a markdown table: the header, the separator, then one line per row."""
    return [
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(md_cell(value) for value in row) + " |" for row in rows),
    ]
