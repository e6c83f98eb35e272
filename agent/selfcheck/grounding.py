"""Number traceability for the self-check: is every figure in an answer found in its evidence?

A figure counts as grounded when some number in the question, a tool result or a retrieved passage equals
it at the precision the answer shows, after normalising thousands separators, k/M/bn suffixes and
percent-versus-fraction (95% and 0.95 are the same figure).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from pm_assistant.core.text.numerals import multiplier, parse_numeral

_NUMBER = re.compile(
    r"(?<![A-Za-z0-9_.\-/:])"  # not glued to an identifier (GPT-4, FP2, cl100k) or a ratio (1:2); CJK may precede
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<scale>million|billion|thousand|bn|mn|[kKmM万亿])(?![A-Za-z]))?"
    r"(?P<pct>\s?%)?"
)
_CURRENCY_BEFORE = re.compile(r"[$€£¥₹]\s?$|\b(?:USD|EUR|GBP|CNY|RMB|JPY|INR|CHF)\s?$")
_CURRENCY_AFTER = re.compile(r"\s?(?:[$€£¥₹元]|(?:USD|EUR|GBP|CNY|RMB|JPY|INR|CHF|yuan|dollars?|euros?|pounds?|"
                             r"rupees?)\b)", re.IGNORECASE)
_LIST_MARKER = re.compile(r"^\s*(?:#+\s*)?\d+[.)]\s", re.MULTILINE)
_CITATION = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class Figure:
    """A number as written in a text: its value, the decimals shown, and whether it was a percentage or an
    amount of money (a currency sign before it or a currency word after it)."""

    text: str
    value: float
    decimals: int
    percent: bool
    money: bool = False


def extract_figures(text: str) -> list[Figure]:
    """Numbers in a text, skipping list markers, citations and numbers glued to identifiers."""
    text = _CITATION.sub(" ", _LIST_MARKER.sub(" ", text))
    figures = []
    for match in _NUMBER.finditer(text):
        raw = match.group("num")
        decimals = len(raw.partition(".")[2])
        value = parse_numeral(raw) * multiplier(match.group("scale"))
        money = bool(_CURRENCY_BEFORE.search(text[max(0, match.start() - 4):match.start()])
                     or _CURRENCY_AFTER.match(text, match.end()))
        figures.append(Figure(match.group(0).strip(), value, decimals, bool(match.group("pct")), money))
    return figures


def evidence_values(texts: Iterable[str], objects: Iterable[object] = ()) -> list[float]:
    """Every number found in the evidence texts and, recursively, in JSON-like objects (tool results)."""
    values: list[float] = []
    for text in texts:
        values.extend(f.value for f in extract_figures(text))
    for obj in objects:
        values.extend(_walk_numbers(obj))
    return values


def scalar_leaves(obj: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Every number and string in a JSON-like object with its path (`items[0].risk`); booleans and nulls skipped."""
    if isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from scalar_leaves(value, f"{path}.{key}" if path else str(key))
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            yield from scalar_leaves(value, f"{path}[{i}]")
    elif isinstance(obj, (int, float, str)) and not isinstance(obj, bool):
        yield path, obj


def numeric_leaves(obj: object, path: str = "") -> Iterator[tuple[str, float]]:
    """The finite numbers of a JSON-like object (tool arguments or results), with their paths."""
    for where, value in scalar_leaves(obj, path):
        if isinstance(value, (int, float)) and math.isfinite(value):
            yield where, float(value)


def _walk_numbers(obj: object) -> Iterator[float]:
    """Numbers of a tool result: its numeric values and the figures written in its strings (its formula)."""
    for _, value in scalar_leaves(obj):
        if isinstance(value, str):
            yield from (f.value for f in extract_figures(value))
        elif isinstance(value, int | float) and math.isfinite(value):
            yield float(value)


def _matches(figure: Figure, source: float) -> bool:
    """True when the source number, shown at the figure's precision, reads as the figure: as it is, as a
    percentage of a fraction, without its sign ("2 points over" for a headroom of -0.02), or converted
    between months and years ("48 months, i.e. 4 years")."""
    source = abs(source)  # figures are read without their sign
    candidates = [source, source * 100, source / 12, source * 12]
    tolerance = 0.5 * 10 ** (-figure.decimals) + 1e-9
    for candidate in candidates:
        if abs(candidate - figure.value) <= tolerance:
            return True
        # a figure written with a scale ("¥1.5M") rounds at the scale's precision
        if figure.value >= 1000 and abs(candidate - figure.value) <= 0.005 * abs(figure.value):
            return True
    return False


def ungrounded_figures(answer: str, sources: list[float]) -> list[str]:
    """The figures of the answer that no source number accounts for, in order, without repeats."""
    missing: list[str] = []
    for figure in extract_figures(answer):
        if not any(_matches(figure, s) for s in sources) and figure.text not in missing:
            missing.append(figure.text)
    return missing
