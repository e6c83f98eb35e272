"""How well a question matches each knowledge card by meaning, without opening the index: the evidence the offline
planner weighs before it decides between a knowledge answer, a calculator and a refusal.

Each card passage of the question's language (both languages share card ids) is compared with the question by
the retrieval model (`knowledge.multilingual`, vectors shipped in `vectors/cards.npy`); a card's fit is the
calibrated relevance (`knowledge.relevance`, per language, `ON_TOPIC` = clearly on-topic) of its best passage.
Where the model cannot run, `card_fits` returns an empty list and callers keep their keyword rules.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

import numpy as np

from pm_assistant.core.text.lang import LANGS, Lang
from pm_assistant.knowledge.card_vectors import load_shipped
from pm_assistant.knowledge.cards import Card, load_cards
from pm_assistant.knowledge.chunking import chunk_card
from pm_assistant.knowledge.multilingual import ModelUnavailable, get_e5
from pm_assistant.knowledge.query import expand_acronyms
from pm_assistant.knowledge.relevance import relevance_from_similarity
from pm_assistant.knowledge.units import get_unit_scorer


@dataclass(frozen=True)
class CardFit:
    """One card, the calibrated relevance of its best passage to the question, that passage's raw similarity
    (which orders cards where relevance saturates at 1) and the card's tags."""

    card: str
    relevance: float
    tags: tuple[str, ...] = ()
    similarity: float = 0.0


@dataclass(frozen=True)
class _Matrix:
    """The card passages of one language: the card id of each row, the passage vectors and each card's tags."""

    cards: tuple[str, ...]
    vectors: np.ndarray
    tags: dict[str, tuple[str, ...]]


_LOCK = threading.Lock()


@cache
def _matrix(lang: Lang) -> _Matrix:
    """Passage vectors of every card in `lang` (shipped rows; any passage without one is embedded once)."""
    chunks = [chunk for card in load_cards(lang=lang) for chunk in chunk_card(card)]
    model = get_e5()
    shipped = load_shipped()
    found = shipped.lookup([c.vector_key for c in chunks], model.identity) if shipped else [None] * len(chunks)
    missing = [i for i, v in enumerate(found) if v is None]
    if missing:
        embedded = model.embed_passages([chunks[i].retrieval_text for i in missing])
        for row, i in enumerate(missing):
            found[i] = embedded[row]
    return _Matrix(tuple(c.source_id for c in chunks), np.vstack([v for v in found if v is not None]),
                   {c.source_id: c.tags for c in chunks})


def card_fits(question: str, lang: Lang) -> list[CardFit]:
    """Every card's fit to the question, best first; empty when the retrieval model cannot run here."""
    if lang not in LANGS or not question.strip():
        return []
    try:
        with _LOCK:
            matrix = _matrix(lang)
        # the text retrieval embeds for the same question: one embedding serves both (the model keeps it)
        similarities = matrix.vectors @ get_e5().embed_query(expand_acronyms(question.strip()))
    except ModelUnavailable:
        return []
    best: dict[str, float] = {}
    for card, similarity in zip(matrix.cards, similarities.tolist(), strict=True):
        best[card] = max(best.get(card, -1.0), similarity)
    # ordered by raw similarity: calibrated relevance clips at 1 for every clearly on-topic card
    return sorted((CardFit(card, relevance_from_similarity(s, lang), matrix.tags[card], s) for card, s in best.items()),
                  key=lambda fit: -fit.similarity)


def situation_text(card: Card) -> str:
    """A card's own statement of the situation it answers: its title and when to use it."""
    return f"{card.title}. {card.use_when}"


@cache
def _situations() -> tuple[tuple[str, ...], np.ndarray] | None:
    """The card id and vector of each card's situation text, in both languages (shipped with the unit vectors)."""
    cards = load_cards()
    vectors = get_unit_scorer().vectors([situation_text(card) for card in cards])
    return (tuple(card.id for card in cards), vectors) if vectors is not None and len(cards) else None


def _standardised(values: dict[str, float]) -> dict[str, float]:
    numbers = np.array(list(values.values()), dtype=np.float64)
    spread = float(numbers.std()) if len(numbers) else 0.0
    if spread < 1e-9:
        return dict.fromkeys(values, 0.0)
    return {card: (value - float(numbers.mean())) / spread for card, value in values.items()}


def situation_fits(question: str, lang: Lang) -> dict[str, float]:
    """How closely each card fits the situation a question describes, in standard deviations over the cards: the
    question against the card's statement of when to use it (either language) plus the question against its
    passages (`card_fits`). "Three vendors all claim they're the best: how do we pick one?" names no framework,
    but it is the situation the POC card is written for. Empty where the model cannot run."""
    fits = card_fits(question, lang)
    if not fits:
        return {}
    with _LOCK:
        situations = _situations()
    if situations is None:
        return {}
    ids, vectors = situations
    similarities = vectors @ get_e5().embed_query(expand_acronyms(question.strip()))
    stated: dict[str, float] = {}
    for card, similarity in zip(ids, similarities.tolist(), strict=True):
        stated[card] = max(stated.get(card, -1.0), similarity)
    passages = _standardised({fit.card: fit.similarity for fit in fits})
    return {card: value + passages.get(card, 0.0) for card, value in _standardised(stated).items()}
