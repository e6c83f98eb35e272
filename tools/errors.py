"""Errors raised by the calculators: one-line messages that name the offending field."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from pm_assistant.core.errors import UserInputError

# pydantic's wording ("Input should be greater than 0") reads better as "must be greater than 0".
_REWORDINGS = (
    ("Input should be ", "must be "),
    ("Value error, ", ""),
    ("Assertion failed, ", ""),
)


class FieldProblem(ValueError):
    """Raised inside an input model's cross-field validator to blame a specific field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(problem)
        self.field = field


class ToolInputError(UserInputError):
    """Invalid calculator input; the message is `<tool>: <field>: <problem>` on one line."""

    def __init__(self, tool: str, field: str, problem: str) -> None:
        self.tool, self.field, self.problem = tool, field, problem
        super().__init__(f"{tool}: {field}: {problem}")

    @classmethod
    def from_validation_error(
        cls, tool: str, exc: ValidationError, known_fields: Sequence[str] = ()
    ) -> ToolInputError:
        """Turn pydantic's first error into a ToolInputError (and say how many more there were)."""
        errors = exc.errors()
        field, problem = describe_error(errors[0])
        if errors[0].get("type") == "extra_forbidden" and "." not in field and known_fields:
            problem += f" (expected: {', '.join(known_fields)})"
        if len(errors) > 1:
            problem += f" (and {len(errors) - 1} more)"
        return cls(tool, field, problem)


class UnknownToolError(UserInputError, KeyError):
    """No calculator has this name; the message lists the names that exist."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        super().__init__(f"unknown calculator '{name}'; {hint}available: {', '.join(known)}")

    def __str__(self) -> str:  # KeyError would repr() the message with quotes
        return str(self.args[0])


def describe_error(error: Any) -> tuple[str, str]:
    """(dotted field path, readable problem) for one pydantic error dict."""
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, FieldProblem):
        return cause.field, str(cause)
    loc = ".".join(str(part) for part in error.get("loc", ())) or "arguments"
    kind, msg = error.get("type"), error.get("msg", "invalid")
    if kind == "missing":
        return loc, "is required"
    if kind == "extra_forbidden":
        return loc, "is not a known argument"
    for old, new in _REWORDINGS:
        msg = msg.replace(old, new)
    if kind in {"float_type", "int_type", "string_type", "bool_type"} and "input" in error:
        shown = repr(error["input"])
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        msg += f" (got {type(error['input']).__name__} {shown})"
    return loc, " ".join(msg.split())
