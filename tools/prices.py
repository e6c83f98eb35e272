"""The dated model price table used by ai_cost_estimate, and its override file.

The built-in table (`tools/data/model_prices.json`) holds list prices as of its `as_of` date. Setting the
environment variable PM_ASSISTANT_PRICES to a JSON file with the same shape replaces it entirely (so one
table never mixes currencies or dates).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from importlib import resources

from pydantic import Field, ValidationError

from pm_assistant.tools.errors import FieldProblem, describe_error
from pm_assistant.tools.fields import Label, Money, ToolInput

PRICES_ENV = "PM_ASSISTANT_PRICES"


class ModelPrice(ToolInput):
    """List price of one model per 1,000 tokens."""

    vendor: str | None = None
    input_per_1k: Money
    output_per_1k: Money


class PriceTable(ToolInput):
    """A dated table of model prices in one currency."""

    as_of: dt.date
    currency: Label
    unit: str = "per 1,000 tokens"
    note: str = ""
    models: dict[str, ModelPrice] = Field(min_length=1)

    def find(self, model: str) -> tuple[str, ModelPrice] | None:
        """The (name, price) whose name matches `model` case-insensitively, or None."""
        wanted = model.strip().lower()
        return next(((name, p) for name, p in self.models.items() if name.lower() == wanted), None)


@functools.cache
def _builtin_table() -> PriceTable:
    text = resources.files("pm_assistant.tools").joinpath("data/model_prices.json").read_text(encoding="utf-8")
    return PriceTable.model_validate_json(text)


def load_price_table() -> tuple[PriceTable, str]:
    """(table, where it came from): the file named by PM_ASSISTANT_PRICES, else the built-in table."""
    path = os.environ.get(PRICES_ENV, "").strip()
    if not path:
        return _builtin_table(), "built-in list prices"
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise FieldProblem(PRICES_ENV, f"cannot read price file {path}: {exc.strerror or exc}") from exc
    try:
        return PriceTable.model_validate_json(text), f"price file {path}"
    except ValidationError as exc:
        field, problem = describe_error(exc.errors()[0])
        where = "" if field == "arguments" else f"{field}: "
        raise FieldProblem(PRICES_ENV, f"invalid price file {path}: {where}{problem}") from exc


def price_for(model: str) -> tuple[str, ModelPrice, PriceTable, str]:
    """(canonical name, price, table, source) for a model name; FieldProblem naming `model` if unknown."""
    table, source = load_price_table()
    found = table.find(model)
    if found is None:
        known = ", ".join(sorted(table.models))
        raise FieldProblem("model", f"no price for '{model}' in the {source}; known models: {known}")
    return found[0], found[1], table, source
