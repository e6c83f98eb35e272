"""Validated field types and the strict base model that every calculator input shares.

Numbers are strict: JSON numbers only, so "12" (a string), true/false, NaN and infinity are rejected with
a message that names the field. Whole-number fields also accept 12.0 (models often send floats).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# Upper bounds keep products of inputs finite (no overflow to inf in any formula).
_MAX_AMOUNT = 1e15


def _whole_number(value: Any) -> Any:
    """Accept 12.0 for a whole-number field; anything else goes on to strict int validation."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Money = Annotated[float, Field(ge=0, le=_MAX_AMOUNT, allow_inf_nan=False)]
"""An amount of money ≥ 0 in the user's currency (never converted)."""

PositiveMoney = Annotated[float, Field(gt=0, le=_MAX_AMOUNT, allow_inf_nan=False)]
"""An amount of money > 0 in the user's currency."""

Quantity = Annotated[float, Field(ge=0, le=_MAX_AMOUNT, allow_inf_nan=False)]
"""A non-negative quantity such as tokens, hours or days."""

Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
"""A rate or share as a fraction in [0, 1] (0.95, not 95)."""

Count = Annotated[int, BeforeValidator(_whole_number), Field(ge=0, le=10**12)]
"""A whole number ≥ 0 (samples, people, GPUs, confusion-matrix counts)."""

Score5 = Annotated[float, Field(ge=1, le=5, allow_inf_nan=False)]
"""A judgement score from 1 (very low) to 5 (very high)."""

Label = Annotated[str, Field(min_length=1, max_length=200)]
"""A short name for a project, option or item."""

Currency = Annotated[
    str | None,
    Field(
        default=None,
        min_length=1,
        max_length=8,
        description="Currency symbol or code of every amount, e.g. '¥', '$', 'EUR'. Echoed in the "
        "result, never converted. Optional.",
    ),
]


class ToolInput(BaseModel):
    """Base of every calculator input: unknown arguments and loosely typed values are errors.

    Each model's validator is built on its first use (`defer_build`), not when its module is imported: `calc` and
    the MCP server import every calculator but run one, and building all schemas up front cost most of their
    start-up."""

    model_config = ConfigDict(strict=True, extra="forbid", defer_build=True)


def examples(*arguments: dict[str, Any], cues: str = "") -> ConfigDict:
    """Model config that publishes example arguments in the JSON schema (models and `tools --json` see them) and,
    as `x-cues`, words that ask for this calculator (English and Chinese), for a planner without an LLM."""
    extra: dict[str, Any] = {"examples": list(arguments)}
    if cues:
        extra["x-cues"] = cues
    return ConfigDict(json_schema_extra=extra)


def slot(kind: str, *, period: str | None = None, per: str | None = None, per_value: float = 1, unit: str = "",
         concept: str = "", en: str = "", zh: str = "", ask_en: str = "", ask_zh: str = "", needs: str = "",
         excludes: str = "", cues: str = "", cue_value: float | None = None, position: str = "",
         assumed: bool = False, unless: str = "", requires: str = "", named: bool = False) -> dict[str, Any]:
    """How a planner without an LLM fills this input from a question (published in the JSON schema as `x-slot`).

    `kind` is the quantity kind it takes (money, tokens, count, duration, percent, factor, score); `period` the
    period it is expressed in (a flow per month is converted from per day or per year, a rate per hour or day is
    not); `per`/`per_value` a denominator ("token", 1000 for a price per 1k tokens); `unit` the counted things or
    duration unit it takes (space-separated); `concept` names inputs that are one quantity in different periods
    (only one is filled); `en`/`zh` its label words; `ask_en`/`ask_zh` how to ask for it; `needs`/`excludes`
    other inputs it only goes with / never goes with; `cues` phrases (|-separated) that set it to `cue_value` ("all month"); `position` "first"/"last": of two figures
    of its kind, the one written first/last ("from 45% to 65%"); `assumed`: an amount named for it without a period
    is taken in its period, and the answer says so ("3万元的账单" → a month's bill); `unless`: words that, said before
    the figure in its clause, mean it is not this input ("saves ¥120k of labour cost" is no running cost);
    `requires`: an input that must be given with this one (a day rate needs the people it pays); `named`: only a
    figure its label words name fills it (a fixed part of a bill is never just "the other amount")."""
    spec = {"kind": kind, "period": period, "per": per, "per_value": per_value, "unit": unit, "concept": concept,
            "en": en, "zh": zh, "ask_en": ask_en, "ask_zh": ask_zh, "needs": needs, "excludes": excludes,
            "cues": cues, "cue_value": cue_value, "position": position,
            "assumed": assumed or None, "unless": unless, "requires": requires, "named": named or None}
    return {"x-slot": {k: v for k, v in spec.items() if v not in (None, "")}}
