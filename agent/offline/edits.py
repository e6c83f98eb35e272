"""Follow-ups as edits of the last calculation: re-run the same calculator with the inputs a message changes.

After a calculator answer (or a request for its missing inputs), a message such as "what if the cost triples?",
"only ¥1M a year", "add ¥40k/month running cost", "with 2 GPUs" or 如果每月费用涨到6万呢 is read against that
calculator's slots: a figure replaces the input of its group or adds a new one (`fill` with the earlier
arguments as `prior`), and a factor ("triples", 翻倍) scales the earlier input its words name (or, with none
named, the calculator's own factor input such as usage). The result is compared with the earlier one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pm_assistant.agent.offline.binding import label_score
from pm_assistant.agent.offline.fill import fill
from pm_assistant.agent.offline.reading import Extraction
from pm_assistant.agent.offline.slots import Slot, slot_named, slots_of
from pm_assistant.core.text.quantities import Quantity, read_quantities

# The result fields each calculator's answer leads with (the contract's "must return at least"), compared before/after.
KEY_RESULTS: dict[str, tuple[str, ...]] = {
    "roi_payback": ("payback_months", "roi_ratio", "net_benefit"),
    "ai_cost_estimate": ("monthly_cost",),
    "custom_model_cost": ("total",),
    "cache_savings": ("monthly_savings",),
}
_LABELS = {
    "en": {"payback_months": "payback (months)", "roi_ratio": "ROI", "net_benefit": "net benefit",
           "monthly_cost": "monthly cost", "total": "total cost", "monthly_savings": "monthly savings"},
    "zh": {"payback_months": "回收期（月）", "roi_ratio": "投资回报率", "net_benefit": "净收益",
           "monthly_cost": "每月成本", "total": "总成本", "monthly_savings": "每月节省"},
}
_SCALABLE = ("money", "count", "tokens", "duration")


@dataclass
class Edit:
    """A follow-up read as an edit: the new extraction, which inputs changed, and the notes to show."""

    extraction: Extraction
    changed: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unused: list[Quantity] = field(default_factory=list)
    base: dict[str, Any] = field(default_factory=dict)  # the arguments as stated, before any factor


def _scale_target(tool: str, text: str, factor: Quantity, prior: Mapping[str, Any]) -> Slot | None:
    """The earlier input a factor scales: the one whose label words sit nearest the factor, else the only
    earlier amount of money."""
    head, tail = text[:factor.span[0]].lower()[-40:], text[factor.span[1]:].lower()[:40]
    candidates = [s for s in slots_of(tool) if s.name in prior and s.kind in _SCALABLE]
    scored = sorted(((label_score(s, head, tail, ""), i, s) for i, s in enumerate(candidates)),
                    key=lambda t: (-t[0], t[1]))
    if scored and scored[0][0] > 0:
        return scored[0][2]
    money = [s for s in candidates if s.kind == "money"]
    return money[0] if len(money) == 1 else None


def _factor_slot(tool: str) -> Slot | None:
    return next((s for s in slots_of(tool) if s.kind == "factor"), None)


def edit(tool: str, text: str, prior: Mapping[str, Any], *, lang: str, asked: tuple[str, ...] = (),
         base: Mapping[str, Any] | None = None) -> Edit | None:
    """The earlier calculation of `tool` (its arguments `prior`) changed by this message, or None when the message
    changes none of its inputs. A factor scales an input as the user stated it (`base`): "what if the investment
    doubles?" after "what if the cost triples?" doubles the stated investment."""
    extraction, bound = fill(tool, text, lang=lang, prior=prior, asked=asked)
    args = dict(extraction.args)
    stated = {**(base or prior), **bound.args}
    notes = list(extraction.notes)
    factors = [q for q in bound.unused if q.kind == "factor"]
    unused: list[Quantity] = []  # factors that scale nothing (the other unused figures are noted by `fill`)
    own_factor = _factor_slot(tool)
    for q in factors:
        target = _scale_target(tool, text, q, prior)
        if target is None and own_factor is not None:
            args[own_factor.name] = q.value
            continue
        if target is None:
            unused.append(q)
            continue
        old = stated.get(target.name, prior[target.name])
        args[target.name] = old * q.value
        notes.append(_scaled_note(target, old, q, args[target.name], lang))
    changed = {k: (prior.get(k), v) for k, v in args.items() if prior.get(k) != v and k != "currency"}
    if not changed:
        return None
    from pm_assistant.agent.offline.fill import ask, missing_fields, whole

    missing = missing_fields(tool, args)
    result = Extraction(tool, whole(args), [ask(tool, m, lang) for m in missing], notes, missing_fields=missing)
    return Edit(result, changed, notes, unused, {k: v for k, v in stated.items() if k in args})


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value) == int(value) else f"{value:,.4g}"


def _scaled_note(slot: Slot, old: float, factor: Quantity, new: float, lang: str) -> str:
    """What a factor did to an input, in words."""
    if lang == "zh":
        return f"{slot.ask_zh or slot.name}：{_fmt(old)} × {_fmt(factor.value)}（{factor.text}）= {_fmt(new)}"
    name = slot.name.replace("_", " ")
    return f"{name}: {_fmt(old)} × {_fmt(factor.value)} (“{factor.text}”) = {_fmt(new)}"


def run(tool: str, args: Mapping[str, Any]) -> dict[str, Any] | None:
    """The calculator's result for these arguments (None if they do not validate): the earlier result, to
    compare with."""
    from pydantic import ValidationError

    from pm_assistant.tools.errors import FieldProblem
    from pm_assistant.tools.registry import TOOLS

    spec = TOOLS[tool]
    try:
        return spec.func(spec.input_model.model_validate(dict(args)))
    except (ValidationError, FieldProblem, ValueError):
        return None


def comparison(tool: str, before: Mapping[str, Any], after: Mapping[str, Any], lang: str) -> str | None:
    """"Before → now" for the key results of two runs of one calculator, or None when nothing comparable."""
    old, new = run(tool, before), run(tool, after)
    if old is None or new is None:
        return None
    parts = []
    for key in KEY_RESULTS.get(tool, ()):
        a, b = old.get(key), new.get(key)
        if isinstance(a, int | float) and isinstance(b, int | float):
            parts.append(f"{_LABELS[lang][key]} {_fmt(round(a, 2))} → {_fmt(round(b, 2))}")
        elif a != b:
            parts.append(f"{_LABELS[lang][key]} {a} → {b}")
    if not parts:
        return None
    lead = "**与上次计算相比：**" if lang == "zh" else "**Compared with the last calculation:** "
    return lead + ("；" if lang == "zh" else "; ").join(parts)


def changed_inputs(tool: str, changed: Mapping[str, tuple[Any, Any]], lang: str) -> str:
    """Which inputs the follow-up changed, old → new."""
    parts = []
    for name, (old, new) in changed.items():
        found = slot_named(tool, name)
        label = (found.ask_zh if lang == "zh" and found and found.ask_zh else name.replace("_", " "))
        was = "—" if old is None else _fmt(old) if isinstance(old, int | float) else str(old)
        now = _fmt(new) if isinstance(new, int | float) else str(new)
        parts.append(f"{label}: {was} → {now}")
    lead = "**改动的输入：**" if lang == "zh" else "**Changed inputs:** "
    return lead + ("；" if lang == "zh" else "; ").join(parts)


def has_figures(text: str) -> bool:
    """True when a message holds any figure or factor."""
    return bool(read_quantities(text))
