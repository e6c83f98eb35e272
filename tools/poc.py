"""POC comparison: which of up to three options meets the hard constraints, and which one wins.

The POC four-step method compares at most three options; more are accepted (up to 10) with a warning.
Winner rule: among the options that meet every constraint, highest accuracy; ties go to the lower cost,
then the lower latency.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import Currency, Fraction, Label, Money, ToolInput, examples
from pm_assistant.tools.fmt import money, num, pct
from pm_assistant.tools.spec import calculator

POC_METHOD_MAX_OPTIONS = 3


class PocOption(ToolInput):
    """One option tried in the POC."""

    name: Label = Field(description="Option name, e.g. 'C: model + attribute template'.")
    accuracy: Fraction = Field(description="Measured accuracy as a fraction 0-1 (0.91, not 91).")
    latency_s: float | None = Field(default=None, ge=0, le=1e6, allow_inf_nan=False, description="Latency in seconds.")
    cost: Money | None = Field(
        default=None, description="Cost in the user's currency, on the same basis for every option (e.g. per month)."
    )


class PocConstraints(ToolInput):
    """Hard limits an option must meet to qualify."""

    min_accuracy: Fraction | None = Field(default=None, description="Lowest acceptable accuracy, e.g. 0.85.")
    max_latency_s: float | None = Field(
        default=None, ge=0, le=1e6, allow_inf_nan=False, description="Highest acceptable latency in seconds."
    )
    max_cost: Money | None = Field(default=None, description="Highest acceptable cost, same basis as the options.")


class PocCompareInput(ToolInput):
    """Arguments of poc_compare."""

    model_config = examples(
        {
            "goal": "AI product descriptions with accuracy >= 85%",
            "options": [
                {"name": "A: generic LLM", "accuracy": 0.72, "latency_s": 1.5},
                {"name": "B: custom e-commerce model", "accuracy": 0.88, "latency_s": 2.3},
                {"name": "C: model + attribute template", "accuracy": 0.91, "latency_s": 1.8},
            ],
            "constraints": {"min_accuracy": 0.85},
        },
    )

    options: list[PocOption] = Field(
        min_length=1, max_length=10, description="The options compared (the POC method uses at most 3)."
    )
    constraints: PocConstraints = Field(
        default_factory=PocConstraints, description="Hard constraints; an option that misses one does not qualify."
    )
    goal: str | None = Field(default=None, max_length=500, description="The validation goal (optional).")
    currency: Currency

    @model_validator(mode="after")
    def _unique_names(self) -> PocCompareInput:
        seen: set[str] = set()
        for index, option in enumerate(self.options):
            if option.name in seen:
                raise FieldProblem(f"options.{index}.name", f"'{option.name}' is used by another option")
            seen.add(option.name)
        return self


def _failures(option: PocOption, limits: PocConstraints, cur: str | None) -> list[str]:
    """Why an option misses the hard constraints (empty when it qualifies)."""
    reasons = []
    if limits.min_accuracy is not None and option.accuracy < limits.min_accuracy:
        reasons.append(f"accuracy {pct(option.accuracy)} < required {pct(limits.min_accuracy)}")
    if limits.max_latency_s is not None:
        if option.latency_s is None:
            reasons.append("latency not given, so max_latency_s cannot be checked")
        elif option.latency_s > limits.max_latency_s:
            reasons.append(f"latency {num(option.latency_s)} s > limit {num(limits.max_latency_s)} s")
    if limits.max_cost is not None:
        if option.cost is None:
            reasons.append("cost not given, so max_cost cannot be checked")
        elif option.cost > limits.max_cost:
            reasons.append(f"cost {money(option.cost, cur)} > limit {money(limits.max_cost, cur)}")
    return reasons


def _rank_key(option: PocOption) -> tuple:
    """Highest accuracy first; ties: lower cost, then lower latency (unknowns last)."""
    return (
        -option.accuracy,
        option.cost is None, option.cost or 0.0,
        option.latency_s is None, option.latency_s or 0.0,
    )


def _lost_to(option: PocOption, winner: PocOption | None, cur: str | None) -> str:
    """Why a qualifying option lost to the winner (follows _rank_key)."""
    assert winner is not None  # a qualifying option that is not the winner implies there is one
    if option.accuracy < winner.accuracy:
        return f"lower accuracy than {winner.name} ({pct(option.accuracy)} vs {pct(winner.accuracy)})"
    if option.cost != winner.cost and winner.cost is not None:  # the winner's cost is then known and lower
        shown = "unknown" if option.cost is None else money(option.cost, cur)
        return f"same accuracy as {winner.name} but costs more ({shown} vs {money(winner.cost, cur)})"
    if option.latency_s != winner.latency_s and winner.latency_s is not None:
        shown = "unknown" if option.latency_s is None else f"{num(option.latency_s)} s"
        return f"same accuracy and cost as {winner.name} but slower ({shown} vs {num(winner.latency_s)} s)"
    return f"tied with {winner.name} on accuracy, cost and latency; {winner.name} was listed first"


@calculator
def poc_compare(inp: PocCompareInput) -> dict:
    """Compare POC options against hard constraints and pick the winner.

    Each option has a name, accuracy (fraction 0-1), and optionally latency_s and cost; constraints are
    optional min_accuracy, max_latency_s and max_cost. Options that miss any constraint are rejected with
    the reasons. The winner is the qualifying option with the highest accuracy (ties: lower cost, then
    lower latency); winner is null when none qualifies. Returns qualifying (best first), the full ranking
    (qualifying options first) and why each other option lost. The POC method compares at most 3 options.
    """
    cur, limits = inp.currency, inp.constraints
    failures = {o.name: _failures(o, limits, cur) for o in inp.options}
    ordered = sorted(inp.options, key=lambda o: (bool(failures[o.name]), _rank_key(o)))
    qualifying = [o for o in ordered if not failures[o.name]]
    winner = qualifying[0] if qualifying else None
    why_not = {
        o.name: "; ".join(failures[o.name]) if failures[o.name] else _lost_to(o, winner, cur)
        for o in ordered
        if o is not winner
    }
    ranking = [
        {"rank": rank, "name": o.name, "accuracy": o.accuracy, "latency_s": o.latency_s, "cost": o.cost,
         "qualifies": not failures[o.name], "reasons": failures[o.name]}
        for rank, o in enumerate(ordered, start=1)
    ]
    warnings = []
    if len(inp.options) > POC_METHOD_MAX_OPTIONS:
        warnings.append(
            f"{len(inp.options)} options: the POC method compares at most {POC_METHOD_MAX_OPTIONS}; narrow the field"
        )
    rule = "qualify = meets every constraint; winner = highest accuracy, ties to lower cost, then lower latency"
    verdict = (
        f"{winner.name} wins with accuracy {pct(winner.accuracy)}"
        if winner
        else "no option meets the constraints: relax a constraint or try another option"
    )
    return {
        "winner": winner.name if winner else None,
        "qualifying": [o.name for o in qualifying],
        "ranking": ranking,
        "rejected": [{"name": n, "reasons": r} for n, r in failures.items() if r],
        "why_not": why_not,
        "constraints": limits.model_dump(),
        "goal": inp.goal,
        "warnings": warnings,
        "currency": cur,
        "formula": f"{rule}; {verdict}",
    }
