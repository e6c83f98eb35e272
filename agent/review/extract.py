"""What a proposal says: its structure, title, language, the eight proposal fields, the figures the calculators
need, its stated error rates, its own risks with their mitigations, its POC, and the domains it is in.

Every field and figure keeps the sentence it came from, so the review can quote it; nothing is filled in that
the text does not state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pm_assistant.agent.review.figures import Figure, Money, read_money, usage_inputs
from pm_assistant.agent.review.rates import StatedRate, headline_rate, stated_rates
from pm_assistant.agent.review.risk_library import Domain, LibraryRisk, domain_risks, match_domains
from pm_assistant.agent.review.sections import FIELDS, Embedder, Field, Reading, read_fields, read_structure
from pm_assistant.agent.review.stated_risks import StatedRisk, stated_risks
from pm_assistant.agent.review.structure import Sentence, quantities_in
from pm_assistant.agent.review.wording import say, tr
from pm_assistant.core.text.lang import detect_lang
from pm_assistant.tools.fmt import num

__all__ = ["FIELDS", "Extraction", "Figure", "extract"]

_OPTION = re.compile(r"^((?:option|approach|candidate)\s+\w+|方案\s*[A-Z一二三0-9]|[A-C])\s*[:：)\-–]\s*(.+)", re.I)
_GOAL = re.compile(r"^(validation )?goal\b|^(验证)?目标", re.IGNORECASE)


@dataclass
class PocOptionText:
    """One POC option as written, with any accuracy and latency it states."""

    name: str
    text: str
    accuracy: float | None
    latency_s: float | None


@dataclass
class Extraction:
    """Everything the review reads from a proposal's text."""

    title: str
    lang: str
    reading: Reading
    fields: dict[str, Field]
    money: Money
    rates: list[StatedRate]
    figures: dict[str, Figure] = field(default_factory=dict)
    usage: dict[str, Figure] = field(default_factory=dict)
    poc_goal: Sentence | None = None
    poc_options: list[PocOptionText] = field(default_factory=list)
    risks: list[StatedRisk] = field(default_factory=list)
    domains: list[Domain] = field(default_factory=list)
    library_risks: list[LibraryRisk] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def sentences(self) -> list[Sentence]:
        """Every content sentence in document order."""
        return self.reading.sentences

    @property
    def currency(self) -> str | None:
        """The proposal's currency (ISO code), from its first money figure."""
        return next((f.unit for f in self.figures.values() if f.unit and f.unit != "%"), None)


def _poc(reading: Reading) -> tuple[Sentence | None, list[PocOptionText]]:
    """The POC goal sentence and the options it lists ("Option A: ... 78% accuracy, 1.2 s latency")."""
    sentences = reading.of_kind("results")
    goal = next((s for s in sentences if _GOAL.match(s.body) or (s.label and _GOAL.match(s.label))), None)
    options = []
    for sentence in sentences:
        match = _OPTION.match(sentence.text.lstrip("-* "))
        if not match:
            continue
        quantities = quantities_in(sentence)
        accuracy = next((q.value for q in quantities if q.kind == "percent"), None)
        latency = next((q.seconds() for q in quantities if q.seconds() is not None), None)
        options.append(PocOptionText(match.group(1).strip(), match.group(2).strip(), accuracy, latency))
    return goal, options


_TO_MONTH = {"day": (30.0, "× 30"), "week": (30 / 7, "× 30 / 7"), "quarter": (1 / 3, "÷ 3")}


def _monthly(figure: Figure, what: str, notes: list[str], lang: str) -> Figure:
    """A figure per day, week or quarter as one per month (30-day month), with the conversion noted."""
    factor, shown = _TO_MONTH[str(figure.period)]
    monthly = round(figure.value * factor, 2)
    notes.append(
        say("note_per_month", lang, what=tr(what, lang), period=tr(str(figure.period), lang), value=num(figure.value),
            factor=shown, month=num(monthly))
    )
    return Figure(monthly, figure.unit, figure.source, "month")


def _figures(money: Money, rates: list[StatedRate], notes: list[str], lang: str) -> dict[str, Figure]:
    """The figures the calculators take, keyed by their argument names; a benefit or cost per day, week or
    quarter becomes one per month (30-day month) and the conversion is noted."""
    figures: dict[str, Figure] = {}
    if money.investment:
        figures["investment"] = money.investment
    for figure, what, names in (
        (money.benefit, "benefit", ("monthly_benefit", "annual_benefit")),
        (money.running, "running cost", ("monthly_running_cost", "annual_running_cost")),
    ):
        if figure is None or figure.period not in ("month", "year", *_TO_MONTH):
            continue
        if figure.period in _TO_MONTH:
            figure = _monthly(figure, what, notes, lang)
        figures[names[0] if figure.period == "month" else names[1]] = figure
    rate = headline_rate(rates)
    if rate:
        figures["hallucination_rate"] = Figure(rate.value, "%", rate.source)
        if rate.derived:
            notes.append(say("note_share", lang, counts=rate.text, value=num(rate.value)))
    return figures


def extract(text: str, embedder: Embedder | None = None) -> Extraction:
    """Read a proposal's structure, fields, figures, rates, risks and domains."""
    lang = detect_lang(text)
    reading = read_structure(text, embedder)
    fields = read_fields(reading)
    money = read_money(reading, lang)
    for name, figure in (("budget", money.investment), ("benefit", money.benefit)):
        if figure is not None and fields[name].source is None:
            source = next(s for s in reading.sentences if s.text == figure.source.split(" / ")[0])
            fields[name] = Field(name, source.body, source.text, source.section)
    rates = stated_rates(reading)
    goal, options = _poc(reading)
    domains = match_domains(reading)
    notes = list(money.notes) + reading.notes
    return Extraction(
        title=reading.doc.title,
        lang=lang,
        reading=reading,
        fields=fields,
        money=money,
        rates=rates,
        figures=_figures(money, rates, notes, lang),
        usage=usage_inputs(reading),
        poc_goal=goal,
        poc_options=options,
        risks=stated_risks(reading.of_kind("risks")),
        domains=domains,
        library_risks=domain_risks(reading, domains, lang),
        notes=notes,
    )
