"""The structure of a question: markdown tables and the items of a list, so list-shaped calculators read one
option or risk per row.

`tables` reads markdown tables (header and rows); `flatten` rewrites each table row as a labelled line
("Vendor X: accuracy 93%, latency 1.8 s"), so a row reads like the same item written in prose. `items` splits a
text into its items: lines, bullets, semicolons and sentences first; a piece that still holds several anchors
(several accuracies, several mitigation costs) is cut at its clauses, a clause without figures going with the
item after it (a name) and a clause with figures but no anchor with the item before it (its latency, its cost).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_ROW = re.compile(r"^\s*\|(.+?)\|?\s*$")
_RULE_CELL = re.compile(r":?-{2,}:?")
# Strong boundaries between items: new lines, semicolons, sentence ends (not a decimal point), bullets.
_STRONG = re.compile(r"\n+|[;；。！？!?]+\s*|\.(?=\s+|$)(?<!\d\.)|\.\s+")
# Clause boundaries inside one piece; brackets are kept whole ("(risk 5, $30k)").
_WEAK = re.compile(r"\s*(?:,|，|、|\band\b|\bwhile\b|\bwhereas\b|\bvs\b\.?|\bversus\b|对比)\s*")
_BULLET = re.compile(r"^\s*(?:[-*•–—]|\d{1,2}[.)、]|[(（]?\d{1,2}[)）])\s+")


@dataclass(frozen=True)
class Table:
    """A markdown table: its header cells and its rows of cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _cells(line: str) -> tuple[str, ...] | None:
    match = _ROW.match(line)
    return tuple(c.strip() for c in match.group(1).split("|")) if match else None


def tables(text: str) -> list[Table]:
    """The markdown tables in the text, header first."""
    found: list[Table] = []
    header: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    for line in [*text.split("\n"), ""]:
        cells = _cells(line)
        if cells is None:
            if header is not None and rows:
                found.append(Table(header, tuple(rows)))
            header, rows = None, []
        elif all(_RULE_CELL.fullmatch(c) or not c for c in cells):
            continue
        elif header is None:
            header = cells
        else:
            rows.append(cells)
    return found


def flatten(text: str) -> str:
    """The text with each markdown table row as one labelled line: "name: header value, header value"."""
    out: list[str] = []
    header: tuple[str, ...] | None = None
    for line in text.split("\n"):
        cells = _cells(line)
        if cells is None:
            header = None
            out.append(line)
        elif all(_RULE_CELL.fullmatch(c) or not c for c in cells):
            continue
        elif header is None:
            header = cells
        else:
            pairs = [f"{h} {c}".strip() for h, c in zip(header[1:], cells[1:], strict=False)]
            out.append(f"{cells[0]}: " + ", ".join(pairs))
    return "\n".join(out)


def _protected(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split at `pattern`, never inside brackets."""
    depth, start, parts, i = 0, 0, [], 0
    while i < len(text):
        ch = text[i]
        depth += ch in "(（[" and 1 or 0
        depth -= ch in ")）]" and 1 or 0
        depth = max(depth, 0)
        match = pattern.match(text, i) if depth == 0 else None
        if match and match.end() > i:
            parts.append(text[start:i])
            start = i = match.end()
            continue
        i += 1
    parts.append(text[start:])
    return [p for p in parts if p.strip()]


def pieces(text: str) -> list[str]:
    """The text cut at its strong boundaries (lines, semicolons, sentences), bullets removed; a list of bulleted or
    numbered lines is cut at its lines only (an item's own semicolon stays in it)."""
    flat = flatten(text)
    lines = flat.split("\n")
    if sum(bool(_BULLET.match(line)) for line in lines) >= 2:
        return [_BULLET.sub("", line).strip() for line in lines if line.strip()]
    return [_BULLET.sub("", p).strip() for p in _protected(flat, _STRONG) if p.strip()]


def items(text: str, anchors: Callable[[str], int], figures: Callable[[str], int]) -> tuple[list[str], list[str]]:
    """(items, other pieces): each item holds one anchor (`anchors` counts them in a text, `figures` counts its
    figures); pieces with no anchor are returned apart (lead-ins, constraints, irrelevant facts)."""
    found: list[str] = []
    rest: list[str] = []
    for piece in pieces(text):
        count = anchors(piece)
        if count == 0:
            rest.append(piece)
        elif count == 1:
            found.append(piece)
        else:
            found += _clauses(piece, anchors, figures)
    return found, rest


def _clauses(piece: str, anchors: Callable[[str], int], figures: Callable[[str], int]) -> list[str]:
    """One piece with several anchors cut into one item per anchor."""
    groups: list[str] = []
    pending: list[str] = []
    for clause in _protected(piece, _WEAK):
        if anchors(clause):
            groups.append(", ".join([*pending, clause]))
            pending = []
        elif figures(clause) and groups:
            groups[-1] += f", {clause}"
        else:
            pending.append(clause)
    if pending and groups:
        groups[-1] += ", " + ", ".join(pending)
    return groups
