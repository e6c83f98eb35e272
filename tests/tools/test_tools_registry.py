"""The registry and the JSON boundary: every tool by name, JSON in and out, and bad inputs for each."""

import json
import math

import pytest
from pydantic import BaseModel

from pm_assistant.tools.errors import ToolInputError, UnknownToolError
from pm_assistant.tools.registry import TOOLS, run_tool

CONTRACT_FIELDS = {
    "roi_payback": {"payback_months", "roi_ratio", "net_benefit"},
    "ai_cost_estimate": {"monthly_cost", "token_cost", "gpu_cost"},
    "custom_model_cost": {"total", "data_cost", "compute_cost", "labor_cost"},
    "investment_score": {"total", "priority"},
    "risk_cost_matrix": {"items"},
    "classification_metrics": {"precision", "recall", "f1", "accuracy"},
    "poc_compare": {"winner", "qualifying", "ranking"},
    "hallucination_budget": {"threshold", "within_budget", "domain_class"},
    "cache_savings": {"monthly_savings"},
    "differentiation_matrix": {"items"},
    "token_count": {"tokens", "encoding"},
}

# A field of each tool's first example, with the dotted path the error must name.
NUMERIC_FIELD = {
    "roi_payback": ("annual_benefit",),
    "ai_cost_estimate": ("monthly_input_tokens",),
    "custom_model_cost": ("price_per_sample",),
    "investment_score": ("business_value",),
    "risk_cost_matrix": ("items", 0, "risk"),
    "classification_metrics": ("tp",),
    "poc_compare": ("options", 0, "accuracy"),
    "hallucination_budget": ("rate",),
    "cache_savings": ("hit_rate_after",),
    "differentiation_matrix": ("items", 0, "user_value"),
}
NUMERIC_TOOLS = sorted(NUMERIC_FIELD)
# Tools whose field above is required (hallucination_budget's rate is optional: without it, the budget alone).
REQUIRED_NUMERIC_TOOLS = [name for name in NUMERIC_TOOLS if name != "hallucination_budget"]


def example(name: str) -> dict:
    """The first published example of a tool, as a model would send it (a fresh copy)."""
    return json.loads(json.dumps(TOOLS[name].input_model.model_json_schema()["examples"][0]))


def with_value(args: dict, path: tuple, value: object) -> dict:
    target = args
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return args


def test_contract_names_and_result_fields() -> None:
    assert set(TOOLS) == set(CONTRACT_FIELDS)
    for name, fields in CONTRACT_FIELDS.items():
        result = run_tool(name, example(name))
        assert fields <= set(result), name
        assert isinstance(result.get("formula") or result.get("explanation"), str), name


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_spec_is_complete(name: str) -> None:
    spec = TOOLS[name]
    assert spec.name == name
    assert spec.summary and "\n" not in spec.summary and spec.description.startswith(spec.summary)
    assert len(spec.description) > 200
    assert issubclass(spec.input_model, BaseModel)
    assert spec.input_model.model_config["extra"] == "forbid" and spec.input_model.model_config["strict"]
    for field_name, field in spec.input_model.model_fields.items():
        assert field.description, f"{name}.{field_name} has no description"


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_every_example_runs_through_the_json_boundary(name: str) -> None:
    for raw in TOOLS[name].input_model.model_json_schema()["examples"]:
        args = json.loads(json.dumps(raw))  # exactly what arrives from a model's tool call
        result = run_tool(name, args)
        text = json.dumps(result, ensure_ascii=False, allow_nan=False)  # JSON-ready, no NaN/inf
        assert json.loads(text) == result


@pytest.mark.parametrize("name", NUMERIC_TOOLS)
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (-1, "must be greater than"),
        (math.nan, None),
        (math.inf, None),
        ("12", "valid"),
        ("abc", "valid"),
        (True, "valid"),
        ([1], "valid"),
    ],
)
def test_bad_values_are_rejected_naming_the_field(name: str, value: object, problem: str | None) -> None:
    path = NUMERIC_FIELD[name]
    with pytest.raises(ToolInputError) as caught:
        run_tool(name, with_value(example(name), path, value))
    dotted = ".".join(map(str, path))
    message = str(caught.value)
    assert caught.value.field == dotted
    assert message.startswith(f"{name}: {dotted}: ")
    assert "\n" not in message
    if problem:
        assert problem in message


@pytest.mark.parametrize("name", REQUIRED_NUMERIC_TOOLS)
def test_missing_field_is_rejected(name: str) -> None:
    path = NUMERIC_FIELD[name]
    with pytest.raises(ToolInputError) as caught:
        run_tool(name, with_value(example(name), path, KeyError))
    assert caught.value.field == ".".join(map(str, path))
    assert "required" in str(caught.value)


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_unknown_argument_and_non_object_rejected(name: str) -> None:
    with pytest.raises(ToolInputError, match=rf"^{name}: surprise: is not a known argument \(expected: "):
        run_tool(name, {**example(name), "surprise": 1})
    with pytest.raises(ToolInputError, match=rf"^{name}: arguments: "):
        run_tool(name, [1, 2])  # type: ignore[arg-type]


def test_several_errors_are_counted() -> None:
    with pytest.raises(ToolInputError, match=r"\(and 2 more\)$"):
        run_tool("investment_score", {"business_value": 99, "technical_maturity": -1, "resource_demand": "x"})


def test_unknown_tool_suggests_the_closest_name() -> None:
    with pytest.raises(UnknownToolError) as caught:
        run_tool("roi_paybak", {})
    assert str(caught.value).startswith("unknown calculator 'roi_paybak'; did you mean 'roi_payback'?")
