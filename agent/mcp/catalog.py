"""The MCP tool catalog: every tool's name, description for a model, JSON schema and the function that runs it.

Each entry's `run` takes the raw arguments (a dict from the client) and returns a JSON-ready dict, or raises an
error whose message is the one line the CLI would print (see `error_line`). Keeping this free of the `mcp` SDK
lets the server module stay a thin adapter and keeps the catalog testable on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pm_assistant.core.errors import PMAssistantError
from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import TOOLS, run_tool

CONVENTIONS = (
    "Rates and shares are fractions (0.05 means 5%), never percents; money stays in the caller's currency and "
    "is never converted. The result includes `formula`, the working, to quote."
)
ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class ToolEntry:
    """One MCP tool: what `tools/list` shows and the function `tools/call` runs."""

    name: str
    description: str
    input_schema: dict[str, Any]
    run: Callable[[Mapping[str, Any]], dict[str, Any]]
    open_world: bool = False  # True when a call may reach beyond this machine (an LLM endpoint)


def parse_args(name: str, model: type[ModelT], args: Mapping[str, Any]) -> ModelT:
    """The validated arguments; ToolInputError (`tool: field: problem`, one line) when they are invalid."""
    try:
        return model.model_validate(args)
    except ValidationError as exc:
        raise ToolInputError.from_validation_error(name, exc, list(model.model_fields)) from None


def error_line(exc: Exception) -> str:
    """The one line the CLI prints for this failure: an expected one (bad input, an unreachable LLM endpoint) as
    it is, anything else with its exception type (the server never sends a traceback)."""
    if isinstance(exc, PMAssistantError):
        return f"pm-assistant: {exc}"
    return f"pm-assistant: {type(exc).__name__}: {' '.join(str(exc).split())}"


def calculator_entries() -> list[ToolEntry]:
    """The calculators, with the same names, argument schemas and results as `pm-assistant tools --json`/`calc`."""

    def runner(name: str) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
        return lambda args: run_tool(name, args)

    return [
        ToolEntry(
            name=spec.name,
            description=f"{spec.summary} {CONVENTIONS}",
            input_schema=spec.input_model.model_json_schema(),
            run=runner(spec.name),
        )
        for spec in TOOLS.values()
    ]
