"""The held-out phrase table: every phrase reads as exactly the listed quantities, in order.

Each row of tests/data/quantity_phrases.jsonl is {"text", "lang", "expect": [quantity, …]}; a quantity lists
value (compared within 1e-9 relative) and kind, plus high, currency, period, unit and per when they are set. A key
left out means it must be unset.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from pm_assistant.core.text.quantities import Quantity, read_quantities

TABLE = Path(__file__).resolve().parents[1] / "data" / "quantity_phrases.jsonl"
ROWS = [json.loads(line) for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()]
OPTIONAL_KEYS = ("high", "currency", "period", "unit", "per")


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _mismatches(expected: dict[str, Any], got: Quantity) -> list[str]:
    """What differs between one expected quantity and the one read, as "key: expected != got" lines."""
    actual = got.as_dict()
    problems = []
    if not _close(expected["value"], got.value):
        problems.append(f"value: {expected['value']} != {got.value}")
    if expected["kind"] != got.kind:
        problems.append(f"kind: {expected['kind']} != {got.kind}")
    for key in OPTIONAL_KEYS:
        want, have = expected.get(key), actual.get(key)
        if key == "high":
            same = _close(want, have)
        elif key == "per" and want is not None and have is not None:
            same = _close(want["value"], have["value"]) and want.get("unit") == have["unit"]
        else:
            same = want == have
        if not same:
            problems.append(f"{key}: {want} != {have}")
    return problems


def test_the_table_is_there_and_large_enough() -> None:
    assert len(ROWS) >= 170
    assert {row["lang"] for row in ROWS} == {"en", "zh"}


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{row['lang']}" for i, row in enumerate(ROWS)])
def test_phrase(row: dict[str, Any]) -> None:
    got = read_quantities(row["text"])
    expected = row["expect"]
    assert len(got) == len(expected), f"{row['text']!r}: read {[q.as_dict() for q in got]}"
    problems = [f"#{i}: {p}" for i, (want, have) in enumerate(zip(expected, got, strict=True))
                for p in _mismatches(want, have)]
    assert not problems, f"{row['text']!r}: {problems}"
