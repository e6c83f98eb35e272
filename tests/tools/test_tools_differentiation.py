"""differentiation_matrix: user value vs imitation cost quadrants, in priority order."""

import pytest

from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import run_tool


def test_quadrants_in_priority_order() -> None:
    items = [
        {"name": "commodity OCR", "user_value": 2, "imitation_cost": 1},
        {"name": "custom 3D avatar", "user_value": 2, "imitation_cost": 4},
        {"name": "FAQ chatbot", "user_value": 4, "imitation_cost": 1},
        # The article's moat: recommendations blending browsing, clicks, support-chat sentiment and logistics.
        {"name": "multi-signal recommendations", "user_value": 5, "imitation_cost": 5},
    ]
    result = run_tool("differentiation_matrix", {"items": items})
    assert [(i["name"], i["quadrant"]) for i in result["items"]] == [
        ("multi-signal recommendations", "moat"),
        ("FAQ chatbot", "table_stakes"),
        ("custom 3D avatar", "niche"),
        ("commodity OCR", "commodity"),
    ]
    assert result["quadrants"]["moat"] == ["multi-signal recommendations"]
    assert result["items"][0]["action"].startswith("high user value, hard to copy")


def test_threshold_moves_the_boundary() -> None:
    item = {"name": "x", "user_value": 3, "imitation_cost": 3}
    assert run_tool("differentiation_matrix", {"items": [item]})["items"][0]["quadrant"] == "moat"
    assert run_tool("differentiation_matrix", {"items": [item], "threshold": 4})["items"][0]["quadrant"] == "commodity"


def test_within_a_quadrant_higher_value_times_cost_first() -> None:
    items = [{"name": "a", "user_value": 3, "imitation_cost": 3}, {"name": "b", "user_value": 5, "imitation_cost": 4}]
    assert [i["name"] for i in run_tool("differentiation_matrix", {"items": items})["items"]] == ["b", "a"]


@pytest.mark.parametrize(
    ("args", "field"),
    [({"items": [{"name": "x", "user_value": 0, "imitation_cost": 3}]}, "items.0.user_value"),
     ({"items": [{"name": "x", "user_value": 3}]}, "items.0.imitation_cost"),
     ({"items": [{"name": "x", "user_value": 3, "imitation_cost": 3}], "threshold": 9}, "threshold")],
)
def test_invalid_input_names_the_field(args: dict, field: str) -> None:
    with pytest.raises(ToolInputError) as caught:
        run_tool("differentiation_matrix", args)
    assert caught.value.field == field
