"""Turn a calculator question into the tool's arguments, or name the inputs that are missing.

One reader per calculator (`costs`, `scores`, `items`) finds its inputs by the words next to each figure
("invest ¥800k", "¥1.5M a year in savings", "90 true positives"). `extract()` then validates the arguments
with the calculator's own pydantic input model, so the planner only ever emits calls the tool accepts, and
anything it cannot read becomes a plain-words request for that input. Nothing is guessed: no figure, no call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pm_assistant.agent.offline import costs, items, scores
from pm_assistant.agent.offline.numbers import Quantity, find_quantities
from pm_assistant.agent.offline.reading import Extraction

READERS: dict[str, Callable[[str, list[Quantity]], Extraction]] = {
    "roi_payback": costs.roi_payback,
    "ai_cost_estimate": costs.ai_cost_estimate,
    "custom_model_cost": costs.custom_model_cost,
    "cache_savings": costs.cache_savings,
    "investment_score": scores.investment_score,
    "classification_metrics": scores.classification_metrics,
    "hallucination_budget": scores.hallucination_budget,
    "token_count": scores.token_count,
    "poc_compare": items.poc_compare,
    "risk_cost_matrix": items.risk_cost_matrix,
    "differentiation_matrix": items.differentiation_matrix,
}


def extract(tool: str, question: str) -> Extraction:
    """Read the arguments of `tool` from the question and validate them with the tool's input model."""
    from pydantic import ValidationError

    from pm_assistant.tools.errors import describe_error
    from pm_assistant.tools.registry import TOOLS

    read = READERS[tool](question, find_quantities(question))
    found = Extraction(tool, _whole(read.args), read.missing, read.notes)
    if found.missing:
        return found
    try:
        TOOLS[tool].input_model.model_validate(found.args)
    except ValidationError as exc:
        field_name, problem = describe_error(exc.errors()[0])
        return Extraction(tool, found.args, [_plain_request(field_name, problem, question)], found.notes)
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
    given = {round(q.value, 6) for q in find_quantities(question)}
    if any(round(q.value, 6) not in given for q in find_quantities(problem)):
        problem = "is outside what the calculator accepts"
    if re.match(r"(?:is|are|must|cannot|can|needs?|should|has)\b", problem):  # a predicate of the value
        return f"a valid {name} (the value read from your question {problem})"
    return f"a valid {name} (the calculator says: {problem})"  # an instruction: "give ... or ..., not both"
