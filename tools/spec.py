"""How a calculator declares itself: `@calculator` on a function that takes one validated input model.

A calculator's description (what a model sees) is its function's docstring, its summary the first line, and
its arguments the annotated pydantic input model. Decorating a function registers it in `REGISTERED`;
`tools.registry` imports every calculator module, so the registry is complete once it is imported.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, get_type_hints

from pydantic import BaseModel


@dataclass(frozen=True)
class ToolSpec:
    """One calculator: `func(input_model(**args)) -> dict` with a JSON-ready result."""

    name: str
    summary: str
    description: str
    input_model: type[BaseModel]
    func: Callable[[Any], dict[str, Any]]


REGISTERED: dict[str, ToolSpec] = {}
"""Every calculator, by name, in the order its module was imported."""

Calculator = TypeVar("Calculator", bound=Callable[..., dict[str, Any]])


def calculator(func: Calculator) -> Calculator:
    """Register `func` as a calculator (its name, docstring and annotated input model); returns it unchanged."""
    description = inspect.getdoc(func) or ""
    (param,) = inspect.signature(func).parameters
    spec = ToolSpec(
        name=func.__name__,
        summary=description.splitlines()[0],
        description=description,
        input_model=get_type_hints(func)[param],
        func=func,
    )
    if spec.name in REGISTERED:
        raise ValueError(f"calculator {spec.name!r} is registered twice")
    REGISTERED[spec.name] = spec
    return func
