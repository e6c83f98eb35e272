"""Follow-ups on a knowledge answer: a short message after an answer continues that answer's topic.

"what goes in the final write-up?", "ok the prompt looks fine. next?", "and the users?", "为什么要按这个顺序？",
"给我一个检查清单" name no framework: on their own they match no card well, or the wrong one. After an answer that
cited a card, a message short enough to be a follow-up (`FOLLOW_ON_WORDS`, a Chinese character counting as half a
word) that is not a calculation of its own is read in context: retrieval runs on the message alone and on the
message under the topic card's title (so the sections of that card that answer the message are there to quote), and
the card the last answer led with is carried over as the topic (`choice.card_scores` adds `TOPIC_WEIGHT` to it): it
leads unless another card answers the message clearly better by meaning and retrieval. A short message that on its
own fits another card's situation far better (`names_own_topic`) starts a new topic. Which sentences are quoted is
decided by the message itself.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pm_assistant.agent.offline.followup import words
from pm_assistant.core.text.lang import Lang, answer_lang
from pm_assistant.knowledge.card_fit import situation_fits
from pm_assistant.knowledge.cards import load_cards

FOLLOW_ON_WORDS = 15  # a longer message states its own topic
OWN_TOPIC_FIT = 4.0  # standard deviations above the cards' mean from which a message fits a card's situation clearly
OWN_TOPIC_MARGIN = 4.0  # and by how much more than the topic's, for the message to leave the topic
TOPIC_K = 3  # sections of the topic card fetched for a follow-up


def is_follow_on(question: str) -> bool:
    """Whether a message is short enough to lean on the conversation's topic."""
    return 0 < words(question) <= FOLLOW_ON_WORDS


def names_own_topic(question: str, topic: str) -> bool:
    """Whether a short message names a subject of its own: on its own it fits another card's situation clearly, and
    far better than the topic's ("And what metrics should we watch after launch?" after a pricing answer; a terse
    "and the resource limits?" fits nothing clearly and stays on the topic)."""
    fits = situation_fits(question, answer_lang(question))
    best = max(fits.values(), default=0.0)
    return best >= OWN_TOPIC_FIT and best - fits.get(topic, 0.0) > OWN_TOPIC_MARGIN


@cache
def _titles() -> dict[tuple[str, Lang], str]:
    """Each card's title by (id, language)."""
    return {(card.id, card.lang): card.title for card in load_cards()}


def topic_searches(question: str, topic: str, k: int) -> list[dict[str, Any]]:
    """`search_knowledge` arguments for a follow-up: the message alone, then the message under the topic card's
    title, in the message's language."""
    title = _titles().get((topic, answer_lang(question))) or _titles().get((topic, "en"), topic)
    return [{"query": question.strip(), "k": k}, {"query": f"{title} — {question.strip()}", "k": TOPIC_K}]
