"""Which retrieved card leads a framework answer: chosen by meaning, not by retrieval order alone.

A card's claim to lead is the sum of these signals, each on a comparable scale:
- retrieval: `RETRIEVAL_WEIGHT / (1 + r)` for the card's rank r among the retrieved cards (by its best
  passage's score, whichever search found it);
- meaning: the mean standardised similarity of its two units that best match the question (`extractive`),
  so the card whose own sentences answer the question wins over one that merely shares its topic;
- audience and intent (`knowledge/frameworks/facets.yaml`): a question for executives, about being
  interviewed or about hiring steers towards the cards written for that reader or task (`FACET_WEIGHT`), and
  away from the cards written for another reader. The planner also runs one extra search per such facet among
  those cards (`facet_searches`), so they are there to be chosen;
- situation: how closely the question fits the situation the card says it is for and its passages, in standard
  deviations over all cards (`knowledge.card_fit.situation_fits`, `SITUATION_WEIGHT`): a question that describes a
  predicament without naming a framework is matched by what the card is for, not only by shared words;
- topic: in a follow-up, the card the last answer led with (`TOPIC_WEIGHT`, `topic`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from pm_assistant.agent.offline.passages import Passage
from pm_assistant.core.text.lang import answer_lang
from pm_assistant.core.text.tokens import tokenize
from pm_assistant.knowledge.card_fit import situation_fits
from pm_assistant.knowledge.cards import CARDS_DIR

FACETS_FILE = CARDS_DIR / "facets.yaml"
RETRIEVAL_WEIGHT = 3.0
FACET_WEIGHT = 2.5
TOPIC_WEIGHT = 1.0  # the card a follow-up continues (`topic`)
SITUATION_WEIGHT = 0.5  # per standard deviation of the card's fit to the situation (`card_fit.situation_fits`)
SITUATION_CAP = 3.0  # standard deviations past which a card fits the situation no better: clearly fitting is enough
BEST_UNITS = 2


@dataclass(frozen=True)
class Facet:
    """An audience or intent: its cues (each a run of tokenizer terms), the card tags that fetch its cards, the
    cards it prefers, the cards it passes over and the words by which a card sentence addresses that reader."""

    name: str
    cues: tuple[tuple[str, ...], ...]
    tags: tuple[str, ...]
    cards: frozenset[str]
    avoid: frozenset[str]
    addressed: tuple[tuple[str, ...], ...] = ()


@cache
def facets() -> tuple[Facet, ...]:
    """The facets of `facets.yaml`."""
    data = yaml.safe_load(FACETS_FILE.read_text(encoding="utf-8")) or {}
    return tuple(
        Facet(name, _runs(spec.get("cues", [])), tuple(spec.get("tags", [])), frozenset(spec.get("cards", [])),
              frozenset(spec.get("not", [])), _runs(spec.get("addressed", [])))
        for name, spec in data.items()
    )


def _runs(words: list[Any]) -> tuple[tuple[str, ...], ...]:
    """Each cue as its run of tokenizer terms (cues the tokenizer drops entirely are left out)."""
    return tuple(tuple(tokenize(str(word))) for word in words if tokenize(str(word)))


def holds(terms: tuple[str, ...], cue: tuple[str, ...]) -> bool:
    """Whether the cue's terms occur in the question's terms, next to each other and in order."""
    return any(terms[i:i + len(cue)] == cue for i in range(len(terms) - len(cue) + 1))


def facets_of(question: str) -> list[Facet]:
    """The facets whose cues the question holds."""
    terms = tuple(tokenize(question))
    return [facet for facet in facets() if any(holds(terms, cue) for cue in facet.cues)]


def facet_searches(question: str, k: int = 4) -> list[dict[str, Any]]:
    """Extra `search_knowledge` arguments for the question's audience and intent: the same question among the
    cards written for that reader or task, so they can be chosen even when plain retrieval ranks them low."""
    return [{"query": question.strip(), "k": k, "tags": list(f.tags)} for f in facets_of(question) if f.tags]


def card_scores(question: str, passages: Sequence[Passage], fits: Mapping[str, Sequence[float]],
                topic: str | None = None) -> dict[str, float]:
    """Each retrieved card's claim to lead the answer (see the module doc); `fits` holds the standardised
    similarity of each card's units to the question, `topic` names the card a follow-up continues."""
    best: dict[str, float] = {}
    for passage in passages:  # several searches: a card ranks by its best passage's score in any of them
        card = str(passage.get("id", ""))
        best[card] = max(best.get(card, 0.0), float(passage.get("score") or 0.0))
    cards = sorted((c for c in best if c), key=lambda c: -best[c])  # stable: retrieval order breaks ties
    present = facets_of(question)
    situation = situation_fits(question, answer_lang(question))
    scores: dict[str, float] = {}
    for rank, card in enumerate(cards):
        top = sorted(fits.get(card, ()), reverse=True)[:BEST_UNITS]
        meaning = sum(top) / len(top) if top else -1.0
        steer = sum(FACET_WEIGHT * ((card in f.cards) - (card in f.avoid)) for f in present)
        scores[card] = (RETRIEVAL_WEIGHT / (1 + rank) + meaning + steer + TOPIC_WEIGHT * (card == topic)
                        + SITUATION_WEIGHT * min(situation.get(card, 0.0), SITUATION_CAP))
    return scores


def choose_card(question: str, passages: Sequence[Passage], fits: Mapping[str, Sequence[float]],
                topic: str | None = None) -> str:
    """The card that leads the answer."""
    scores = card_scores(question, passages, fits, topic)
    return max(scores, key=lambda card: scores[card])
