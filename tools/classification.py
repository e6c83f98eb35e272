"""Precision, recall, F1 and accuracy from a confusion matrix or from rates, with the cost of errors."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import Count, Currency, Fraction, Money, ToolInput, examples
from pm_assistant.tools.fmt import money, num, pct, round_money, round_ratio
from pm_assistant.tools.spec import calculator


class ClassificationMetricsInput(ToolInput):
    """Arguments of classification_metrics."""

    model_config = examples(
        {"tp": 70, "fp": 10, "fn": 30, "tn": 890, "target_recall": 0.95},
        {"precision": 0.75, "recall": 0.9},
    )

    tp: Count | None = Field(
        default=None, description="True positives (count). Give tp with fp (for precision) and/or fn (for recall)."
    )
    fp: Count | None = Field(default=None, description="False positives (count).")
    fn: Count | None = Field(default=None, description="False negatives (count).")
    tn: Count | None = Field(default=None, description="True negatives (count); accuracy needs tn, fp and fn.")
    precision: Fraction | None = Field(
        default=None, description="Precision as a fraction 0-1, instead of counts (give recall too)."
    )
    recall: Fraction | None = Field(default=None, description="Recall as a fraction 0-1, instead of counts.")
    cost_per_false_positive: Money | None = Field(
        default=None, description="Cost of one false positive (needs counts); for error_cost."
    )
    cost_per_false_negative: Money | None = Field(
        default=None, description="Cost of one false negative (needs counts); for error_cost."
    )
    target_precision: Fraction | None = Field(default=None, description="Required precision, e.g. 0.9 (optional).")
    target_recall: Fraction | None = Field(default=None, description="Required recall, e.g. 0.95 (optional).")
    currency: Currency

    @model_validator(mode="after")
    def _check_mode(self) -> ClassificationMetricsInput:
        given_counts = [k for k in ("tp", "fp", "fn") if getattr(self, k) is not None]
        rates = self.precision is not None or self.recall is not None
        if given_counts and rates:
            raise FieldProblem("precision", "give counts (tp, fp, fn) or rates (precision, recall), not both")
        if rates:
            if self.precision is None or self.recall is None:
                missing = "recall" if self.recall is None else "precision"
                raise FieldProblem(missing, "give precision and recall together")
            if self.tn is not None:
                raise FieldProblem("tn", "needs counts tp, fp and fn, not rates")
            if self.cost_per_false_positive is not None or self.cost_per_false_negative is not None:
                raise FieldProblem("cost_per_false_positive", "error costs need counts (tp, fp, fn), not rates")
            return self
        if self.tp is None:
            raise FieldProblem("tp", "is required (give tp with fp and/or fn, or precision and recall)")
        if self.fp is None and self.fn is None:
            raise FieldProblem("fp", "give fp (for precision) or fn (for recall) with tp")
        for count, needed_by in (("fp", ("cost_per_false_positive", "target_precision")),
                                 ("fn", ("cost_per_false_negative", "target_recall"))):
            for name in needed_by:
                if getattr(self, count) is None and getattr(self, name) is not None:
                    raise FieldProblem(count, f"is required when {name} is given")
        if not (self.tp or self.fp or self.fn or self.tn):
            raise FieldProblem("tp", "at least one count must be greater than 0")
        return self


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _show(value: float | None) -> str:
    return "undefined" if value is None else num(value, 4)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round_ratio(value)


def _from_rates(p: float, r: float) -> tuple[dict, list[str], list[str]]:
    """Metrics and working from precision and recall."""
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    working = f"F1 = 2PR / (P + R) = 2 x {_show(p)} x {_show(r)} / ({_show(p)} + {_show(r)}) = {_show(f1)}"
    notes = ["accuracy needs counts including true negatives (tn)"]
    return {"precision": p, "recall": r, "f1": f1, "accuracy": None}, [working], notes


# Each metric's formula and the counts it needs besides tp: a metric whose counts were not given is null, and a
# note names the counts that would make it computable.
_FORMULAS = {
    "precision": ("precision = tp / (tp + fp)", ("fp",)),
    "recall": ("recall = tp / (tp + fn)", ("fn",)),
    "f1": ("F1 = 2tp / (2tp + fp + fn)", ("fp", "fn")),
    "accuracy": ("accuracy = (tp + tn) / all", ("fp", "fn", "tn")),
}
_COUNT_NAMES = {"fp": "fp (false positives)", "fn": "fn (false negatives)", "tn": "tn (true negatives)"}
_UNDEFINED = {
    "precision": "precision is undefined: the classifier predicted no positives (tp + fp = 0)",
    "recall": "recall is undefined: there are no actual positives (tp + fn = 0)",
    "f1": "F1 is undefined: tp, fp and fn are all 0",
}


def _from_counts(inp: ClassificationMetricsInput, tp: int) -> tuple[dict, list[str], list[str]]:
    """Metrics, working and notes from the confusion-matrix counts given (and the cost of errors)."""
    fp, fn, tn, cur = inp.fp, inp.fn, inp.tn, inp.currency
    counts = {"fp": fp, "fn": fn, "tn": tn}
    known = {name: count for name, count in counts.items() if count is not None}
    ratios = {
        "precision": (tp, tp + known.get("fp", 0)),
        "recall": (tp, tp + known.get("fn", 0)),
        "f1": (2 * tp, 2 * tp + known.get("fp", 0) + known.get("fn", 0)),
        "accuracy": (tp + known.get("tn", 0), tp + sum(known.values())),
    }
    metrics: dict = {}
    working, notes, lacking_notes = [], [], []
    for name, (formula, needs) in _FORMULAS.items():
        lacking = [c for c in needs if c not in known]
        if lacking:
            metrics[name] = None
            lacking_notes.append(f"{formula.split(' = ')[0]} needs {' and '.join(_COUNT_NAMES[c] for c in lacking)}: "
                                 f"{formula}")
            continue
        numerator, denominator = ratios[name]
        metrics[name] = _ratio(numerator, denominator)
        working.append(f"{formula} = {numerator} / {denominator} = {_show(metrics[name])}")
        if metrics[name] is None:
            notes.append(_UNDEFINED[name])
    if tn is not None:
        metrics["specificity"] = _ratio(tn, tn + fp) if fp is not None else None
    metrics["miss_rate"] = _ratio(fn, tp + fn) if fn is not None else None
    if inp.cost_per_false_positive is not None or inp.cost_per_false_negative is not None:
        terms = [(label, count, cost or 0.0) for label, count, cost in (
            ("fp", fp, inp.cost_per_false_positive), ("fn", fn, inp.cost_per_false_negative)) if count is not None]
        total = sum(count * cost for _, count, cost in terms)
        metrics["error_cost"] = round_money(total)
        working.append(
            "error cost = " + " + ".join(f"{label} x cost per {label.upper()}" for label, _, _ in terms) + " = "
            + " + ".join(f"{count} x {money(cost, cur)}" for _, count, cost in terms) + f" = {money(total, cur)}"
        )
    return metrics, working, notes + lacking_notes


@calculator
def classification_metrics(inp: ClassificationMetricsInput) -> dict:
    """Precision, recall, F1 (and accuracy when true negatives are known) of a classifier.

    From counts: precision = tp / (tp + fp), recall = tp / (tp + fn), F1 = 2tp / (2tp + fp + fn),
    accuracy = (tp + tn) / all. tp with fp alone gives precision, tp with fn alone gives recall: a metric
    whose counts were not given is null and a note names the missing count. From rates: F1 = 2PR / (P + R).
    A ratio whose denominator is 0 is null (undefined) and the notes say why. Optional cost per false
    positive / false negative gives error_cost = fp x cost_fp + fn x cost_fn (each needs its count);
    optional target_precision / target_recall are checked (each needs its count).
    All rates are fractions (0.95, not 95).
    """
    if inp.tp is not None:
        metrics, working, notes = _from_counts(inp, inp.tp)
    else:  # the input model requires counts or both rates
        metrics, working, notes = _from_rates(inp.precision or 0.0, inp.recall or 0.0)
    result = {k: (v if k == "error_cost" else _rounded(v)) for k, v in metrics.items()}
    targets: dict[str, dict[str, Any]] = {
        name: {"target": target, "actual": _rounded(metrics[name]),
               "met": metrics[name] is not None and metrics[name] >= target}
        for name, target in (("precision", inp.target_precision), ("recall", inp.target_recall))
        if target is not None
    }
    if targets:
        result["targets"] = targets
        result["meets_targets"] = all(t["met"] for t in targets.values())
        working += [
            f"{name} target {pct(t['target'])}: {'met' if t['met'] else 'not met'}" for name, t in targets.items()
        ]
    if inp.tp is not None:
        result["counts"] = {"tp": inp.tp, "fp": inp.fp, "fn": inp.fn, "tn": inp.tn}
    if "error_cost" in result:
        result["currency"] = inp.currency
    return {**result, "notes": notes, "formula": "; ".join(working)}
