"""The grounding layer's findings for one answer: untraceable or misstated figures, claims that contradict a
calculator, passage figures that overrule one, uncited user documents, and invented or misbound inputs.

Retrieved and ingested text is data: a figure found only in a passage grounds a statement of fact from that
passage, never a figure the calculator computed differently for the same quantity (an injected "the payback
is 2 months" against `payback_months` 6.4), and a figure taken from the user's own document is cited as
`[user:…]` so the reader knows where it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pm_assistant.agent.selfcheck.claims import verdict_contradictions
from pm_assistant.agent.selfcheck.evidence import Evidence
from pm_assistant.agent.selfcheck.grounding import (
    Figure,
    answer_figures,
    calendar_facts,
    comparisons,
    matches,
    misstated,
    passage_comparisons,
    period_clash,
)
from pm_assistant.agent.selfcheck.naming import names_field, sentence_of, swapped_result
from pm_assistant.agent.selfcheck.replies import asks_user, cited_ids
from pm_assistant.agent.selfcheck.sources import (
    TEXT_FIELDS,
    Source,
    passage_sources,
    product_sources,
    quantity_sources,
    tool_sources,
    user_currency,
)
from pm_assistant.agent.selfcheck.tool_inputs import default_sources, derived, untraceable_inputs, word_sources

OVERRULABLE = frozenset({"money", "duration", "percent"})  # kinds of result a passage figure can contradict


def _calls(evidence: Evidence, answer: str, figures: list[Figure]) -> list[dict[str, Any]]:
    """The calculator calls the answer rests on: every standing call, except one made before a repair request
    when the repaired answer asks the user for input and quotes nothing of it (the repair set it aside)."""
    kept = []
    for call in evidence.computed:
        if call.get("before_repair") and asks_user(answer) and not any(
                matches(f, s) for f in figures for s in call["sources"]):
            continue
        kept.append(call)
    return kept


def _attach_sources(calls: list[dict[str, Any]], currency: str | None) -> None:
    for call in calls:
        if "sources" not in call:
            call["sources"] = [*tool_sources(call["name"], call.get("args") or {}, call["result"], currency),
                               *default_sources(call)]


def ungrounded(question: str, answer: str, evidence: Evidence) -> list[str]:
    """One line per problem found, most telling first."""
    user_texts = list(dict.fromkeys([*evidence.user_messages, question]))
    currency = user_currency(user_texts)
    _attach_sources(evidence.computed, currency)
    _attach_sources(evidence.earlier_calls, currency)
    figures = answer_figures(answer)
    calls = _calls(evidence, answer, figures)
    stated = [s for text in user_texts for s in (*quantity_sources(text, "user", "question"),
                                                 *product_sources(text, "user", "question"))] + word_sources(user_texts)
    errors = [s for error in evidence.tool_errors for s in quantity_sources(error, "tool", "error")]
    passages = passage_sources([*evidence.passages, *evidence.earlier_passages])
    current = [s for call in calls for s in call["sources"]]
    computed = [*current, *(s for call in evidence.earlier_calls for s in call["sources"])]
    sources = [*stated, *computed, *passages, *errors]
    problems: list[str] = []
    cited = set(cited_ids(answer))
    compared: list[Source] | None = None  # differences and changes between sources, built when first needed
    for figure in figures:
        found = [s for s in sources if matches(figure, s, currency)]
        if not found and figure.parts and all(any(matches(p, s) for s in sources) for p in figure.parts):
            continue
        if not found and figure.bracket is not None:
            found = [s for s in sources if matches(figure.bracket, s, currency)]
        if not found and figure.quantity.kind == "duration" and figure.quantity.period:
            found = [s for s in calendar_facts() if matches(figure, s)]
        if not found:
            compared = compared if compared is not None else [
                *comparisons([*stated, *computed]),
                *passage_comparisons([*evidence.passages, *evidence.earlier_passages])]
            found = [s for s in compared if matches(figure, s, currency)]
        clash = period_clash(figure, found, computed)
        if clash is not None:
            problems.append(f"'{figure.text}' restates {clash.label}={clash.value:g} per {clash.period} "
                            f"as per {figure.quantity.period}")
            continue
        if not found:
            wrong = misstated(figure, computed)
            problems.append(f"'{figure.text}' restates {wrong.label}={wrong.value:g} with another unit, currency or "
                            "period" if wrong else f"'{figure.text}' is not traceable to any source")
            continue
        # a figure the user stated is theirs to quote under their own words (a review restates the proposal)
        swapped = None if any(s.origin in ("user", "document") for s in found) else swapped_result(
            figure, answer, found, current, figures)
        if swapped is not None:
            problems.append(f"'{figure.text}' is given as {swapped.label}, which is {swapped.value:g}")
            continue
        if all(s.origin in ("passage", "document") for s in found):
            overruled = _overrules(figure, answer, computed)
            if overruled is not None:
                problems.append(f"'{figure.text}' from a passage contradicts the calculator's "
                                f"{overruled.label}={overruled.value:g}")
            elif all(s.origin == "document" for s in found) and not cited & {s.label for s in found}:
                problems.append(f"'{figure.text}' comes from the user's document {found[0].label} "
                                "but the answer does not cite it")
    problems = list(dict.fromkeys(problems))
    problems += verdict_contradictions(answer, [(c["name"], c["result"]) for c in calls
                                                if isinstance(c["result"], Mapping)])
    earlier = [s for c in evidence.earlier_calls for s in c["sources"]]
    invented = untraceable_inputs(calls, [*stated, *derived(stated), *passages, *earlier], currency,
                                  evidence.judged_inputs)
    if invented:
        problems.append("calculator inputs nobody stated: " + ", ".join(invented[:6]))
    return problems


def _overrules(figure: Figure, answer: str, computed: list[Source]) -> Source | None:
    """A calculator result field for the same quantity as a passage figure (same kind, named in the figure's
    sentence) whose value differs: the passage overrules the calculator. A zero result is a part left out
    (no GPUs, no output tokens), which a passage's example price does not contradict."""
    sentence = sentence_of(answer, figure)
    quantity = figure.quantity
    if quantity.kind not in OVERRULABLE:
        return None
    for source in computed:
        if (source.kind != quantity.kind or source.field in TEXT_FIELDS or source.echo or source.value == 0
                or source.period != quantity.period or source.per != (quantity.per.value if quantity.per else None)
                or (quantity.currency and source.currency and quantity.currency != source.currency)):
            continue
        if names_field(sentence, source) and not matches(figure, source):
            return source
    return None
