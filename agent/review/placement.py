"""Placing a proposal's sentences onto the technical-review five questions by meaning.

Each question has criteria written in English and Chinese (`data/cues.yaml`, `questions.<id>.criteria`). The
multilingual model embeds the criteria as queries and the proposal's content sentences (with their label or
their section's heading) as passages; a sentence goes to the question it is nearest to when that similarity
clears `THRESHOLD` and beats the runner-up question by `MARGIN`. Cue words stay a second source of evidence;
placement finds the answers written without them ("we keep two spare boxes on site").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from pm_assistant.agent.review.structure import Sentence
from pm_assistant.agent.review.vocab import question_criteria

QUESTIONS = ("core_technology", "cost_vs_alternatives", "bottlenecks", "peak_load", "data_sustainability")
TOPICS = (*QUESTIONS, "other")  # what a sentence is placed against: the five questions, and anything else
THRESHOLD = 0.83  # e5-small cosine: calibrated on the development sets (below it, a sentence answers none)
MARGIN = 0.01  # over the runner-up question, so a sentence between two questions answers neither


class Placer(Protocol):
    """A query/passage embedding model (the multilingual e5 of the knowledge layer, or a test double)."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _passage(sentence: Sentence) -> str:
    """The sentence as embedded: its heading or label in front, so a bare figure keeps its context."""
    context = sentence.label or sentence.section or ""
    body = " | ".join(sentence.cells) if sentence.table else sentence.body
    return f"{context}: {body}" if context and context not in body else body


def scores(sentences: list[Sentence], placer: Placer) -> np.ndarray:
    """(sentences × topics) similarity: each sentence against the nearest criterion of each question, and of
    what else a proposal talks about (the last column)."""
    passages = placer.embed_passages([_passage(s) for s in sentences])
    columns = [np.max(passages @ np.stack([placer.embed_query(c) for c in question_criteria(q)]).T, axis=1)
               for q in TOPICS]
    return np.stack(columns, axis=1)


def place(sentences: list[Sentence], placer: Placer) -> dict[str, list[Sentence]]:
    """The sentences that answer each question, nearest first."""
    found: dict[str, list[tuple[float, Sentence]]] = {q: [] for q in QUESTIONS}
    if sentences:
        table = scores(sentences, placer)
        for sentence, row in zip(sentences, table, strict=True):
            order = np.argsort(-row)
            top = int(order[0])
            if top < len(QUESTIONS) and row[top] >= THRESHOLD and row[top] - row[order[1]] >= MARGIN:
                found[QUESTIONS[top]].append((float(row[top]), sentence))
    return {q: [s for _, s in sorted(pairs, key=lambda p: -p[0])] for q, pairs in found.items()}
