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

_ROW = re.compile(r"^\s*\|?([^|\n]*(?:\|[^|\n]*)+?)\|?\s*$")
_RULE_CELL = re.compile(r":?-{2,}:?")
# Strong boundaries between items: new lines, semicolons, sentence ends (not a decimal point), bullets.
_STRONG = re.compile(r"\n+|[;；。！？!?]+\s*|(?<!\b[A-Z])\.(?=\s|$)\s*")  # "A. …" is a label, not an end
# Clause boundaries inside one piece; brackets are kept whole ("(risk 5, $30k)").
_WEAK = re.compile(r"\s*(?:,|，|、|\band\b|\bwhile\b|\bwhereas\b|\bvs\b\.?|\bversus\b|对比)\s*")
_BULLET = re.compile(r"^\s*(?:(?:[-*•–—]|\d{1,2}[.)]|[(（]\d{1,2}[)）])\s+|\d{1,2}[、）]\s*)")


@dataclass(frozen=True)
class Table:
    """A markdown table: its header cells and its rows of cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _cells(line: str) -> tuple[str, ...] | None:
    match = _ROW.match(line)
    return tuple(c.strip() for c in match.group(1).split("|")) if match else None


def _is_rule(cells: tuple[str, ...] | None) -> bool:
    return cells is not None and all(_RULE_CELL.fullmatch(c) or not c for c in cells)


def _csv(lines: list[str], i: int) -> tuple[int, Table] | None:
    """A comma-separated table from line `i`: a header without figures, then two or more rows of as many short
    cells, each row with a figure ("risk, likelihood, impact, cost" / "prompt leakage, 2, 4, $5k")."""
    header = tuple(c.strip() for c in lines[i].split(","))
    if len(header) < 3 or re.search(r"\d(?![^(]*\))", lines[i]):  # "likelihood (1-5)" may hold a scale
        return None
    end = i + 1
    rows = []
    while end < len(lines):
        cells = tuple(c.strip() for c in lines[end].split(","))
        if len(cells) != len(header) or max(map(len, cells)) > 40 or not re.search(r"\d", lines[end]):
            break
        rows.append(cells)
        end += 1
    return (end, Table(header, tuple(rows))) if len(rows) >= 2 else None


def _blocks(lines: list[str]) -> list[tuple[int, int, Table]]:
    """(first line, line after the last, table) for each table: a header row, a rule row, then its rows (or a
    comma-separated table)."""
    found = []
    i = 0
    while i + 1 < len(lines):
        csv = _csv(lines, i)
        if csv is not None:
            found.append((i, csv[0], csv[1]))
            i = csv[0]
            continue
        header = _cells(lines[i])
        if header is None or not _is_rule(_cells(lines[i + 1])):
            i += 1
            continue
        end = i + 2
        rows = []
        while end < len(lines) and (cells := _cells(lines[end])) is not None and not _is_rule(cells):
            rows.append(cells)
            end += 1
        found.append((i, end, Table(header, tuple(rows))))
        i = end
    return found


def tables(text: str) -> list[Table]:
    """The markdown tables in the text (a header row, a rule row of dashes, then the rows)."""
    return [table for _, _, table in _blocks(text.split("\n"))]


def flatten(text: str) -> str:
    """The text with each markdown table row as one labelled line: "name: header value, header value"."""
    lines = text.split("\n")
    out: list[str] = []
    at = 0
    for start, end, table in _blocks(lines):
        out += lines[at:start]
        for cells in table.rows:
            heads = [re.sub(r"\s*[(（][^)）]*[)）]", "", h) for h in table.header[1:]]  # "impact (1-5)" → "impact"
            pairs = [f"{h} {c}".strip() for h, c in zip(heads, cells[1:], strict=False)]
            out.append(f"{cells[0]}: " + ", ".join(pairs))
        at = end
    return "\n".join(out + lines[at:])


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


def items(text: str, anchors: Callable[[str], int], figures: Callable[[str], int]) -> list[tuple[str, bool]]:
    """The text's pieces in order, each with whether it is an item: an item holds one anchor (`anchors` counts them
    in a text, `figures` counts its figures); the other pieces are lead-ins, constraints or facts beside the list."""
    found: list[tuple[str, bool]] = []
    for piece in pieces(text):
        count = anchors(piece)
        if count <= 1:
            found.append((piece, count == 1))
        else:
            found += [(clause, True) for clause in _clauses(piece, anchors, figures)]
    return found


def _clauses(piece: str, anchors: Callable[[str], int], figures: Callable[[str], int]) -> list[str]:
    """One piece with several anchors cut into one item per anchor."""
    groups: list[str] = []
    pending: list[str] = []
    clauses: list[str] = []
    for clause in _protected(piece, _WEAK):  # a bracket that holds several anchors is cut too: "(A: 93%, B: 95%)"
        clauses += [c for c in _WEAK.split(clause) if c.strip()] if anchors(clause) > 1 else [clause]
    for clause in clauses:
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
