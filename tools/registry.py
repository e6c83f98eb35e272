"""The calculator registry: every tool's name, descriptions, input model and function, and one way to run them.

A tool's description (what a model sees) is its function's docstring; its summary is the first line.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, get_type_hints

from pydantic import BaseModel, ValidationError

from pm_assistant.tools import (
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


@dataclass(frozen=True)
class ToolSpec:
    """One calculator: `func(input_model(**args)) -> dict` with a JSON-ready result."""

    name: str
    summary: str
    description: str
    input_model: type[BaseModel]
    func: Callable[[BaseModel], dict]


def _spec(func: Callable[..., dict]) -> ToolSpec:
    """Build a spec from a calculator function: its name, docstring and annotated input model."""
    description = inspect.getdoc(func) or ""
    (param,) = inspect.signature(func).parameters
    return ToolSpec(
        name=func.__name__,
        summary=description.splitlines()[0],
        description=description,
        input_model=get_type_hints(func)[param],
        func=func,
    )


TOOLS: dict[str, ToolSpec] = {
    spec.name: spec
    for spec in map(
        _spec,
        (
            roi.roi_payback,
            ai_cost.ai_cost_estimate,
            custom_model.custom_model_cost,
            scoring.investment_score,
            risk.risk_cost_matrix,
            classification.classification_metrics,
            poc.poc_compare,
            hallucination.hallucination_budget,
            cache.cache_savings,
            differentiation.differentiation_matrix,
            tokens.token_count,
        ),
    )
}


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
