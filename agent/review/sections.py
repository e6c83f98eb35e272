"""Which part of a proposal each section and sentence is: problem, solution, investment, benefit, results…

A section's kinds come from its heading's cue words (English and Chinese, `data/cues.yaml`); a heading with
no cue word takes the kind whose description is nearest in meaning to the heading and its first sentences
(when an embedder is available). A sentence with a `Label:` takes its label's kinds; otherwise its section's.
The eight proposal fields are then read from the sentences of the matching kind, never from metadata.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import numpy as np

from pm_assistant.agent.review.structure import Document, Section, Sentence, parse, quantities_in
from pm_assistant.agent.review.vocab import section_cues, section_descriptions

FIELDS = ("problem", "users", "solution", "data", "targets", "timeline", "budget", "benefit")
FIELD_KINDS = {"budget": ("investment", "running_cost"), "targets": ("targets", "results")}
MEANING_SENTENCES = 2  # sentences read with a heading when it is matched by meaning


class Embedder(Protocol):
    """Anything that turns texts into unit vectors (the knowledge layer's embedder, or a test double)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def known_heading(line: str) -> bool:
    """True when a short line names a section kind (for plain text, where heading marks are lost)."""
    return bool(section_cues().kinds(line))


@dataclass
class Field:
    """One proposal field: the text that states it and the sentence it came from (None when missing)."""

    name: str
    value: str | None
    source: str | None
    section: str | None


@dataclass
class Reading:
    """A parsed proposal with the kinds of each section (by heading) and of each labelled sentence."""

    doc: Document
    section_kinds: dict[str | None, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    lead_ins: dict[int, Sentence] = field(default_factory=dict)  # list item index → the sentence introducing it

    @property
    def sentences(self) -> list[Sentence]:
        """Every content sentence in document order."""
        return self.doc.sentences

    def paragraph_label(self, sentence: Sentence) -> str | None:
        """The sentence's own label, else the label opening its paragraph ("Benefit: in the pilot … . Across the
        desk that is $22k a month" — the second sentence is still about the benefit)."""
        if sentence.label or sentence.table:
            return sentence.label
        opening = self._openings.get(sentence.block)
        return opening.label if opening is not None else None

    @cached_property
    def _openings(self) -> dict[int, Sentence]:
        """The first sentence of each paragraph (block)."""
        out: dict[int, Sentence] = {}
        for sentence in self.sentences:
            out.setdefault(sentence.block, sentence)
        return out

    def kinds(self, sentence: Sentence) -> list[str]:
        """A sentence's kinds: its paragraph label's first (when it has a label that names one), then its
        section's."""
        section = self.section_kinds.get(sentence.section, [])
        label = self.paragraph_label(sentence)
        own = section_cues().kinds(label) if label else []
        lead = self.lead_ins.get(sentence.index)
        if not own and lead is not None and lead.label:  # "Running it: we costed two ways." then its items
            own = section_cues().kinds(lead.label)
        return own + [k for k in section if k not in own]

    def of_kind(self, *kinds: str) -> list[Sentence]:
        """The sentences whose kinds include any of `kinds`, in order."""
        return [s for s in self.sentences if set(self.kinds(s)) & set(kinds)]


def _by_meaning(embedder: Embedder, texts: dict[str | None, str]) -> dict[str | None, str]:
    """The nearest section kind for each text, by cosine similarity to the kinds' descriptions."""
    descriptions = section_descriptions()
    names = list(descriptions)
    keys = list(texts)
    vectors = embedder.embed([descriptions[n] for n in names] + [texts[k] for k in keys])
    sims = vectors[len(names) :] @ vectors[: len(names)].T
    return {key: names[int(np.argmax(sims[i]))] for i, key in enumerate(keys)}


def _lead_ins(sentences: list[Sentence]) -> dict[int, Sentence]:
    """For each list item, the sentence right before its list in the same section (the list's lead-in)."""
    out: dict[int, Sentence] = {}
    lead: Sentence | None = None
    for sentence in sentences:
        if sentence.kind != "item":
            lead = sentence
        elif lead is not None and lead.section == sentence.section:
            out[sentence.index] = lead
    return out


_DESIGN = frozenset({"solution", "investment", "running_cost", "benefit", "results"})


def _after_design(reading: Reading, sections: list[Section], heading: str | None) -> bool:
    """True when a section comes after one that already describes the design, costs or results."""
    for section in sections:
        if section.heading == heading:
            return False
        if _DESIGN & set(reading.section_kinds.get(section.heading, [])):
            return True
    return False


def read_structure(text: str, embedder: Embedder | None = None) -> Reading:
    """Parse the proposal and give each section its kinds."""
    doc = parse(text, known_heading)
    reading = Reading(doc, lead_ins=_lead_ins(doc.sentences))
    unmatched: dict[str | None, str] = {}
    titles = [s for s in doc.sections if s.heading and s.level == 1]
    title = titles[0] if len(titles) == 1 and len(doc.sections) > 2 else None  # the document's name, not a part
    headed = [s for s in doc.sections if s.heading]
    opens = len(headed) == 1 and (doc.sections[0] is headed[0] or not doc.sections[0].sentences)
    if title is None and opens and not section_cues().kinds(headed[0].heading or ""):
        title = headed[0]  # one heading over the whole text and naming no section kind: the text's title line
    for section in doc.sections:
        kinds = section_cues().kinds(section.heading) if section.heading and section is not title else []
        reading.section_kinds[section.heading] = kinds
        if section.heading and not kinds and section.sentences and section.level > 1 and section is not title:
            first = " ".join(s.body for s in section.sentences[:MEANING_SENTENCES])
            unmatched[section.heading] = f"{section.heading}. {first}"
    if unmatched and embedder is not None:
        for heading, kind in _by_meaning(embedder, unmatched).items():
            if kind == "problem" and _after_design(reading, doc.sections, heading):
                continue  # the problem is stated before the design; a later section is about something else
            reading.section_kinds[heading] = [kind]
    return reading


def _first(sentences: list[Sentence], prefer_figure: bool) -> Sentence | None:

    if prefer_figure:
        with_figure = [s for s in sentences if quantities_in(s)]
        if with_figure:
            return with_figure[0]
    return sentences[0] if sentences else None


def read_fields(reading: Reading) -> dict[str, Field]:
    """The eight proposal fields, each from the first sentence of its kind (a sentence with a figure for the
    budget, benefit and targets); for problem and solution, the opening paragraph and cue sentences of a
    proposal without headings count too."""
    out = {}
    cues = section_cues()
    for name in FIELDS:
        kinds = FIELD_KINDS.get(name, (name,))
        source = _first(reading.of_kind(*kinds), name in ("budget", "benefit", "targets"))
        if source is None and name in ("problem", "solution"):
            untitled = [s for s in reading.sentences if not reading.kinds(s)]
            cued = [s for s in untitled if name in cues.kinds(s.text)]
            source = cued[0] if cued else (untitled[0] if name == "problem" and untitled else None)
        out[name] = Field(name, source.body if source else None, source.text if source else None,
                          source.section if source else None)
    return out
