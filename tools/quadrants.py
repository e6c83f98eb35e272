"""Shared placement of items into ordered quadrants (used by the risk-cost and differentiation matrices)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def rank_into_quadrants(
    placed: Iterable[tuple[dict[str, Any], str]],
    actions: dict[str, str],
    tiebreak: Callable[[dict[str, Any]], tuple],
) -> dict[str, Any]:
    """{"items": ranked items with quadrant and action, "quadrants": names per quadrant}.

    `placed` pairs each item's fields (with a "name") with its quadrant; `actions` lists the quadrants in
    priority order with the action each calls for; `tiebreak` orders items within a quadrant.
    """
    order = list(actions)
    ranked = sorted(placed, key=lambda pair: (order.index(pair[1]), tiebreak(pair[0])))
    items = [
        {"rank": rank, **fields, "quadrant": quadrant, "action": actions[quadrant]}
        for rank, (fields, quadrant) in enumerate(ranked, start=1)
    ]
    return {
        "items": items,
        "quadrants": {q: [item["name"] for item in items if item["quadrant"] == q] for q in actions},
    }
