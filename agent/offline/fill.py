"""Fill a calculator's arguments from a question by its declared slots, and name exactly the inputs still missing.

`fill` binds quantities (`binding.bind`), merges them into the calculation being edited or completed (`prior`),
adds what is named rather than counted (a priced model), then lets the calculator's own input model say what is
missing: each field it blames that was not given is asked for by its slot's words, one after the other until the
arguments validate. An input with cue phrases ("all month") whose partner is given but which is not (GPUs without
their hours) is asked for rather than defaulted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pm_assistant.agent.offline.binding import Bound, bind, fields_of
from pm_assistant.agent.offline.reading import Extraction
from pm_assistant.agent.offline.replies import unused_note
from pm_assistant.agent.offline.slots import slot_named, slots_of

_MAX_ASKS = 4
_PLACEHOLDER = 0.5  # stands in for an input that is asked for, so the validator can name the next one


def _priced_models() -> list[str]:
    """Model names in the calculator's price table (none if the user's price file is unreadable)."""
    from pm_assistant.tools.errors import FieldProblem
    from pm_assistant.tools.prices import load_price_table

    try:
        return list(load_price_table()[0].models)
    except FieldProblem:
        return []


def model_named(text: str) -> str | None:
    """A priced model named in the text ("gpt-4o-mini"), longest name first so "gpt-4o-mini" beats "gpt-4o"."""
    lowered = text.lower()
    for name in sorted(_priced_models(), key=len, reverse=True):
        if re.search(rf"(?<![\w.-]){re.escape(name.lower())}(?![\w-]|\.\w)", lowered):
            return name
    return None


def _merge(tool: str, prior: Mapping[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The earlier arguments with the new ones put in: a new input replaces every earlier one of its group."""
    groups = {s.group for name in new if (s := slot_named(tool, name))}
    kept = {k: v for k, v in prior.items() if not ((s := slot_named(tool, k)) and s.group in groups)}
    return {**kept, **new}


def whole(value: Any) -> Any:
    """Whole-number floats as ints, all the way down (50000.0 → 50000): what a model would send."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: whole(v) for k, v in value.items()}
    return value


def missing_fields(tool: str, args: Mapping[str, Any], first: Sequence[str] = ()) -> list[str]:
    """The inputs the calculator still needs, in the order its validator asks for them (`first`: ones known to be
    missing already, such as an amount given without its period)."""
    from pydantic import ValidationError

    from pm_assistant.tools.errors import describe_error
    from pm_assistant.tools.registry import TOOLS

    given = set(args)
    groups = {s.group for name in given if (s := slot_named(tool, name))}
    missing = [*first, *(s.name for s in slots_of(tool) if s.cues and s.group not in groups
                         and s.needs and any(n in given for n in s.needs))]
    trial = {**args, **dict.fromkeys(missing, _PLACEHOLDER)}
    for _ in range(_MAX_ASKS):
        try:
            TOOLS[tool].input_model.model_validate(trial)
            break
        except ValidationError as exc:
            name, _problem = describe_error(exc.errors()[0])
            if name in trial or name in missing:
                break  # a value was given but is invalid: `extract` explains it
            missing.append(name)
            trial[name] = _PLACEHOLDER
    return missing


def ask(tool: str, name: str, lang: str) -> str:
    """How to ask for one input: its slot's words, else its description."""
    from pm_assistant.tools.registry import TOOLS

    found = slot_named(tool, name)
    if found is not None:
        return found.ask(lang)
    info = TOOLS[tool].input_model.model_fields.get(name)
    return (info.description or name) if info else name.replace("_", " ")


def fill(tool: str, text: str, *, lang: str = "en", prior: Mapping[str, Any] | None = None,
         asked: Sequence[str] = ()) -> tuple[Extraction, Bound]:
    """The arguments of `tool` read from `text` (merged into `prior`), with the inputs still missing asked for."""
    bound = bind(tool, text, lang=lang, prior=prior, asked=asked)
    args = _merge(tool, prior or {}, bound.args)
    priced = {"price_per_1k_input", "current_monthly_cost"} & set(args)
    if "model" in fields_of(tool) and not priced and (name := model_named(text)):
        args["model"] = name
        args.pop("currency", None)  # the price table's currency
    missing = missing_fields(tool, args, bound.undated)
    asks = [ask(tool, name, lang) for name in missing]
    notes = [*bound.assumptions, *(unused_note(q.text, tool, lang) for q in bound.unused if q.kind != "factor")]
    extraction = Extraction(tool, whole(args), list(dict.fromkeys(asks)), notes, missing_fields=missing)
    return extraction, bound
