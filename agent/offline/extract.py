"""Turn a calculator question into the tool's arguments, or name the inputs that are missing.

One reader per calculator (`costs`, `scores`, `items`) finds its inputs by the words next to each figure
("invest ¥800k", "¥1.5M a year in savings", "90 true positives"). `extract()` then validates the arguments
with the calculator's own pydantic input model, so the planner only ever emits calls the tool accepts, and
anything it cannot read becomes a plain-words request for that input. Nothing is guessed: no figure, no call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pm_assistant.agent.offline import items, poc, risks, scores
from pm_assistant.agent.offline.fill import fill
from pm_assistant.agent.offline.reading import Extraction
from pm_assistant.agent.offline.slots import slots_of
from pm_assistant.core.text.lang import detect_lang
from pm_assistant.core.text.quantities import Quantity, read_quantities

# Readers of the list-shaped and labelled calculators; the others are filled by their declared slots (`fill`).
READERS: dict[str, Callable[[str, list[Quantity]], Extraction]] = {
    "investment_score": scores.investment_score,
    "classification_metrics": scores.classification_metrics,
    "hallucination_budget": scores.hallucination_budget,
    "token_count": scores.token_count,
    "poc_compare": poc.poc_compare,
    "risk_cost_matrix": risks.risk_cost_matrix,
    "differentiation_matrix": items.differentiation_matrix,
}


def extract(tool: str, question: str, *, lang: str | None = None, prior: Mapping[str, Any] | None = None,
            asked: Sequence[str] = ()) -> Extraction:
    """Read the arguments of `tool` from the question and validate them with the tool's input model; `prior` and
    `asked` carry the calculation a follow-up edits or completes (slot-filled calculators only)."""
    from pydantic import ValidationError

    from pm_assistant.tools.errors import describe_error
    from pm_assistant.tools.registry import TOOLS

    if slots_of(tool):
        read, _ = fill(tool, question, lang=lang or detect_lang(question), prior=prior, asked=asked)
    else:
        read = READERS[tool](question, read_quantities(question))
    found = Extraction(tool, _whole(read.args), read.missing, read.notes, read.missing_fields)
    if found.missing:
        return found
    try:
        TOOLS[tool].input_model.model_validate(found.args)
    except ValidationError as exc:
        field_name, problem = describe_error(exc.errors()[0])
        return Extraction(tool, found.args, [_plain_request(field_name, problem, question)], found.notes,
                          [field_name])
    return found


def _whole(value: Any) -> Any:
    """Whole-number floats as ints, all the way down (50000.0 → 50000): what a model would send."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return value


def _plain_request(field_name: str, problem: str, question: str) -> str:
    """Ask for a valid value, quoting the tool's reason only when every figure in it came from the question
    (the answer may not show figures that no source holds, such as a range limit)."""
    name = " ".join(part for part in field_name.split(".") if not part.isdigit()).replace("_", " ")
    given = {round(q.value, 6) for q in read_quantities(question)}
    if any(round(q.value, 6) not in given for q in read_quantities(problem)):
        problem = "is outside what the calculator accepts"
    if re.match(r"(?:is|are|must|cannot|can|needs?|should|has)\b", problem):  # a predicate of the value
        return f"a valid {name} (the value read from your question {problem})"
    return f"a valid {name} (the calculator says: {problem})"  # an instruction: "give ... or ..., not both"
