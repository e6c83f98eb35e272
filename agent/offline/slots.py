"""The inputs a calculator declares for slot filling: read from its pydantic input model, never kept twice.

Each input field of a calculator may carry `json_schema_extra={"x-slot": {...}}` (made by `tools.fields.slot`):
the quantity kind it takes, its period, denominator, counted things, label words in English and Chinese and how
to ask for it. `slots_of(tool)` turns that metadata into `Slot`s for `binding.bind`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from pm_assistant.core.text.quantities import Period
from pm_assistant.core.text.tokens import tokenize


@dataclass(frozen=True)
class Slot:
    """One calculator input the planner can fill from a question."""

    name: str
    kind: str
    period: Period | None = None
    per: str | None = None
    per_value: float = 1.0
    units: frozenset[str] = frozenset()
    concept: str = ""
    terms: frozenset[str] = frozenset()  # English label words, stemmed by the shared tokenizer
    zh: tuple[str, ...] = ()  # Chinese label words, matched as written
    words: tuple[str, ...] = ()  # English label words the tokenizer drops as stopwords ("to"), matched as written
    ask_en: str = ""
    ask_zh: str = ""
    needs: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    cue_value: float | None = None
    required: bool = False
    position: str = ""  # "first" / "last": of several figures of its kind, the one written first / last
    assumed: bool = False  # an amount named for it without a period is taken in its period (and said so)
    unless: tuple[str, ...] = ()  # words that, before the figure in its clause, mean it is not this input
    requires: tuple[str, ...] = ()  # inputs that must be given with this one
    named: bool = False  # filled only by a figure its label words name

    @property
    def group(self) -> str:
        """Inputs of one group are one quantity in different forms: only one of them is filled."""
        return self.concept or self.name

    @property
    def unit_rate(self) -> bool:
        """A price per counted thing and period ("$2.1 per GPU-hour", "¥2,000 per person a day"): its period is
        part of the price and is never converted."""
        return self.kind == "money" and bool(self.units) and self.period is not None

    def ask(self, lang: str) -> str:
        """How to ask the user for this input, in their language."""
        if lang == "zh" and self.ask_zh:
            return self.ask_zh
        return self.ask_en or self.name.replace("_", " ")


def _slot(name: str, spec: dict[str, object]) -> Slot:
    def words(key: str) -> tuple[str, ...]:
        return tuple(str(spec.get(key, "")).split())

    return Slot(
        name=name, kind=str(spec["kind"]), period=spec.get("period"),  # type: ignore[arg-type]
        per=spec.get("per"), per_value=float(spec.get("per_value", 1)),  # type: ignore[arg-type]
        units=frozenset(words("unit")), concept=str(spec.get("concept", "")),
        terms=frozenset(tokenize(str(spec.get("en", "")))), zh=words("zh"),
        words=tuple(w for w in words("en") if not tokenize(w)),
        ask_en=str(spec.get("ask_en", "")), ask_zh=str(spec.get("ask_zh", "")),
        needs=words("needs"), excludes=words("excludes"), cues=tuple(c for c in str(spec.get("cues", "")).split("|") if c),
        cue_value=spec.get("cue_value"), position=str(spec.get("position", "")),  # type: ignore[arg-type]
        assumed=bool(spec.get("assumed")), unless=words("unless"), requires=words("requires"),
        named=bool(spec.get("named")),
    )


@cache
def slots_of(tool: str) -> tuple[Slot, ...]:
    """The fillable inputs of `tool`, in the order its input model declares them (empty for list-shaped tools)."""
    from pm_assistant.tools.registry import TOOLS

    model = TOOLS[tool].input_model
    found = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get("x-slot"), dict):
            found.append(replace(_slot(name, extra["x-slot"]), required=info.is_required()))  # type: ignore[arg-type]
    return tuple(found)


def slot_named(tool: str, name: str) -> Slot | None:
    """The slot of `tool` called `name`, if it declares one."""
    return next((s for s in slots_of(tool) if s.name == name), None)


@cache
def _cues(tool: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words that ask for `tool` (its input model's `x-cues`): stemmed English terms and Chinese words."""
    from pm_assistant.tools.registry import TOOLS

    extra = TOOLS[tool].input_model.model_config.get("json_schema_extra")
    words = str(extra.get("x-cues", "")) if isinstance(extra, dict) else ""
    english = " ".join(w for w in words.split() if w.isascii())
    return frozenset(tokenize(english)), tuple(w for w in words.split() if not w.isascii())


def cue_score(tool: str, text: str) -> int:
    """How many of the calculator's declared cue words the text uses."""
    terms, chinese = _cues(tool)
    return len(terms & set(tokenize(text))) + sum(word in text for word in chinese)
