"""Knowledge fidelity: every Chinese card says what its English twin says — same id, tags, source and Related
links, and the same figures.

Figures are compared as a set of distinct values read from the sections (Related excluded): "¥800k", "80万"
and "800,000" are all 800000; "1.5M", "1.5 million" and "150万" are 1500000; a percentage is its number. Numbers spelled out
as words ("three options", "三个方案") and digits inside names ("FP1", "v2") are not read in either language.
"""

from __future__ import annotations

import re

import pytest

from pm_assistant.knowledge.cards import Card, load_cards

_FIGURE = re.compile(
    r"(?<![A-Za-z0-9.])(\d+(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:(k|K|M|bn)(?![A-Za-z])|\s?(万|亿|thousand|million|billion)(?![A-Za-z]))?"
)
# The test's own oracle, independent of the product's quantity reader: digits and multipliers only, so a card
# pair is compared on the figures both write the same way.
_MULTIPLIERS = {"k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9,
                "万": 1e4, "亿": 1e8}
ENGLISH = {card.id: card for card in load_cards(lang="en")}
CHINESE = load_cards(lang="zh")


def figures(text: str) -> set[float]:
    """The distinct values of the figures written with digits in `text`, multipliers applied."""
    values = set()
    for number, latin, written in _FIGURE.findall(text):
        value = float(number.replace(",", "")) * _MULTIPLIERS.get(latin or written, 1.0)
        values.add(round(value, 6))
    return values


def card_figures(card: Card) -> set[float]:
    """Figures in the card's title, when-to-use line and sections other than Related."""
    texts = [card.title, card.use_when, *(body for key, body in card.sections.items() if key != "Related")]
    return figures("\n".join(texts))


def test_the_figure_reader_normalises_multipliers() -> None:
    assert figures("¥800k = ¥300k + ¥500k; 1.5M a year; 1,200 labels; 85%") == {8e5, 3e5, 5e5, 1.5e6, 1200, 85}
    assert figures("80万 = 30 万 + 50万；150万/年；1,200 条；85%") == {8e5, 3e5, 5e5, 1.5e6, 1200, 85}
    assert figures("990 million tokens, 2.97 billion; 9.9 亿, 29.7亿") == {9.9e8, 2.97e9}
    assert figures("GPT-4 and Llama 3 in 2024, FP1–FP7, v2.0, 约80万元") == {4, 3, 2024, 8e5}  # not names


@pytest.mark.parametrize("card", CHINESE, ids=[c.id for c in CHINESE])
def test_chinese_card_matches_its_english_twin(card: Card) -> None:
    english = ENGLISH[card.id]
    assert (card.id, card.tags, card.source) == (english.id, english.tags, english.source)
    assert (card.related_cards, card.related_calculators) == (english.related_cards, english.related_calculators)
    mine, theirs = card_figures(card), card_figures(english)
    assert mine == theirs, f"only in zh: {sorted(mine - theirs)}; only in en: {sorted(theirs - mine)}"
