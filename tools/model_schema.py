"""Compact JSON schemas for the model: every calculator's arguments at a fraction of the prompt tokens.

Pydantic's schemas spell optional fields as `anyOf [X, null]`, repeat titles and carry sanity maxima that a
model never needs; sent for 12 tools they cost ~7k prompt tokens per call. The compact form keeps types,
required fields, enums, lower bounds and descriptions. Arguments are still validated by the full input model
in `tools.registry.run_tool`, so nothing is lost in checking.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from pydantic import BaseModel

_DROP = {"title", "examples", "default", "x-slot", "x-cues"}  # x-: the offline planner's, not a model's
_UNBOUNDED = 1e12  # maxima at or above this are overflow guards, not information for a model


def _compact(node: Any) -> Any:
    if isinstance(node, list):
        return [_compact(item) for item in node]
    if not isinstance(node, dict):
        return node
    options = node.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        kept = [o for o in options if o.get("type") != "null"]
        merged = {**{k: v for k, v in node.items() if k != "anyOf"}, **(kept[0] if len(kept) == 1 else {"anyOf": kept})}
        return _compact(merged)
    out = {}
    for key, value in node.items():
        if key in _DROP or (key == "maximum" and isinstance(value, (int, float)) and value >= _UNBOUNDED):
            continue
        if key == "properties":
            out[key] = {name: _compact(prop) for name, prop in value.items()}
        else:
            out[key] = _compact(value)
    return out


@cache
def _compact_schema(model: type[BaseModel]) -> dict[str, Any]:
    return _compact(model.model_json_schema())


def model_facing_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The input model's JSON schema without titles, null branches, examples, defaults or overflow maxima (a copy
    of one generated once per model: each assistant a process builds, e.g. every test's, binds the same schemas)."""
    return copy.deepcopy(_compact_schema(model))
