"""Are a calculator's inputs the user's? Traceability of tool arguments, and question figures left unused.

A model that "computes" payback from inputs it made up passes a figures-only grounding check, since the
answer repeats the tool's result. So every numeric argument of a calculator call must appear in the user's
messages, a retrieved passage or an earlier tool result (as written, as a percentage of a fraction, or as a
number word such as "triples" or a level word such as "high", or converted years to months, days to hours or a price per 1M tokens to one per 1k);
an argument equal to the field's default is not an input. The converse,
figures the user gave that no calculation used, tells the prompt layer an input may have been misread.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pm_assistant.agent.selfcheck.grounding import Figure, extract_figures, numeric_leaves

NUMBER_WORDS = {
    "once": 1, "one": 1, "two": 2, "twice": 2, "double": 2, "doubles": 2, "doubled": 2, "three": 3, "thrice": 3,
    "triple": 3, "triples": 3, "tripled": 3, "four": 4, "quadruple": 4, "quadruples": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "half": 0.5, "halves": 0.5, "halved": 0.5, "dozen": 12,
}
LEVEL_WORDS = {"severe": 5, "critical": 5, "very high": 5, "high": 4, "medium": 3, "moderate": 3, "low": 2,
               "very low": 1, "negligible": 1}
"""Words that stand for a level on a 1-5 scale ("risk high" is risk 4), shared with the offline planner."""
UNIT_FACTORS = (12.0, 1 / 12, 24.0, 1e-3)  # years<->months, days->hours, per 1M->per 1k tokens
_WORD = re.compile(r"[a-z]+")
_PER_UNIT = re.compile(r"(?:\bper|/)\s?1\s?(?:[kKmM]|,?000(?:,000)?|thousand|million)\b")
_LEVEL = re.compile(r"\b(" + "|".join(sorted(LEVEL_WORDS, key=len, reverse=True)) + r")\b")


def _default_of(tool: str, field: str) -> Any:
    """The declared default of a calculator's top-level field (None when unknown or required)."""
    from pm_assistant.tools.registry import TOOLS

    spec = TOOLS.get(tool)
    info = spec.input_model.model_fields.get(field) if spec else None
    return None if info is None or info.is_required() else info.default


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def stated_values(texts: Iterable[str], results: Iterable[Any] = ()) -> list[float]:
    """Values the user (or the evidence) stated: written figures, percentages as fractions, number words."""
    from pm_assistant.core.text.quantities import read_quantities

    values: list[float] = []
    figures: list[float] = []
    factors: list[float] = []
    texts = list(texts)
    for text in texts:
        for figure in extract_figures(text):
            values += [figure.value, -figure.value]  # figures are read without their sign
            values.append(figure.value / 100)  # "3%" or "3 percent" given as 0.03
            values += [figure.value * factor for factor in UNIT_FACTORS]
            figures.append(figure.value)
        lowered = text.lower()
        values.extend(NUMBER_WORDS[w] for w in _WORD.findall(lowered) if w in NUMBER_WORDS)
        values.extend(LEVEL_WORDS[w] for w in _LEVEL.findall(lowered))
        read = read_quantities(text)  # the one reader: "twenty-five engineers", 八十万, 3千
        factors += [q.value for q in read if q.kind == "factor"]
        values += [q.value for q in read] + [q.value / 100 for q in read if q.kind == "percent"]
    values += [v * f for v in figures for f in factors]  # a what-if: "the investment doubles" (800k x 2)
    for result in results:
        values.extend(v for _, v in numeric_leaves(result, ""))
    return values


def untraceable_inputs(calls: Iterable[Mapping[str, Any]], stated: list[float],
                       judged: Iterable[str] = ()) -> list[str]:
    """`tool.field=value` for each calculator argument that no stated value accounts for; arguments under a
    `judged` prefix (e.g. a review's scoring-card subscores, which are judgements by design) are exempt."""
    exempt = tuple(judged)
    calls = list(calls)
    loose = []
    for call in calls:
        # another call's result may feed this one (a running cost into a payback), never its own echo
        chained = [v for other in calls if other is not call for _, v in numeric_leaves(other.get("result"), "")]
        for path, value in numeric_leaves(call["args"], ""):
            if exempt and f"{call['name']}.{path}".startswith(exempt):
                continue
            default = _default_of(call["name"], path)
            if isinstance(default, (int, float)) and _same(float(default), value):
                continue
            if not any(_same(value, s) for s in (*stated, *chained)):
                loose.append(f"{call['name']}.{path}={value:g}")
    return loose


def unused_figures(question: str, calls: Iterable[Mapping[str, Any]]) -> list[Figure]:
    """Figures written in the question that no calculator argument used (as given, as a fraction, or in a
    converted unit); unit phrases such as "per 1M tokens" are not figures."""
    used = [v for call in calls for _, v in numeric_leaves(call["args"], "")]
    factors = (1.0, 0.01, *UNIT_FACTORS)
    unused: list[Figure] = []
    for figure in extract_figures(_PER_UNIT.sub(" ", question)):
        if not any(_same(figure.value * f, u) for f in factors for u in used):
            unused.append(figure)
    return unused
