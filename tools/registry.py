"""The calculator registry: every calculator by name, how models and clients see them, and one way to run them.

Each calculator declares itself with `@calculator` (`tools.spec`); importing its module registers it, so this
module imports all of them once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

# Importing a calculator module registers its calculators.
from pm_assistant.tools import (  # noqa: F401
    ai_cost,
    cache,
    classification,
    custom_model,
    differentiation,
    hallucination,
    poc,
    risk,
    roi,
    scoring,
    tokens,
)
from pm_assistant.tools.errors import FieldProblem, ToolInputError, UnknownToolError
from pm_assistant.tools.spec import REGISTERED, ToolSpec

TOOLS: Mapping[str, ToolSpec] = dict(sorted(REGISTERED.items()))
"""Every calculator by name, alphabetically (the order of `tools`, the agent's tools and the MCP server)."""


def describe_tools() -> list[dict[str, Any]]:
    """Each calculator as {name, description, parameters (JSON schema)}: what `tools --json` prints and what
    models and MCP clients see."""
    return [
        {"name": spec.name, "description": spec.description, "parameters": spec.input_model.model_json_schema()}
        for spec in TOOLS.values()
    ]


def get_spec(name: str) -> ToolSpec:
    """The spec of a calculator; UnknownToolError (listing the real names) if there is none."""
    try:
        return TOOLS[name]
    except KeyError:
        raise UnknownToolError(name, list(TOOLS)) from None


def validate_args(spec: ToolSpec, args: Any) -> BaseModel:
    """The validated input model; ToolInputError naming the first bad field."""
    try:
        return spec.input_model.model_validate(args)
    except ValidationError as exc:
        raise ToolInputError.from_validation_error(spec.name, exc, list(spec.input_model.model_fields)) from None


def run_tool(name: str, args: Mapping[str, Any]) -> dict:
    """Validate `args` for the calculator `name` and return its JSON-ready result (with its working)."""
    spec = get_spec(name)
    model = validate_args(spec, args)
    try:
        return spec.func(model)
    except FieldProblem as exc:  # a problem only the calculation can see (unknown model, bad price file)
        raise ToolInputError(spec.name, exc.field, str(exc)) from None
