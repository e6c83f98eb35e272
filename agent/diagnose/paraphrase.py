"""Semantic support for claims the word-overlap test rejects: a faithful paraphrase uses other words.

A claim restates a source when its MiniLM embedding has cosine ≥ `PARAPHRASE_MIN` with a one-sentence source
or with one of the `MAX_UNITS` sentences of the sources that share the most content words with it (a
restatement keeps at least its subject: an English word or a Chinese bigram, not a lone character); sentences that
only decline to answer support nothing. A multi-sentence source is compared sentence by sentence, never whole:
embedding a long chunk costs as much as all its sentences together and, on the development sets, never decided a
claim its sentences did not, while the work per claim stays bounded however long the chunks are. A clause that
leans on the clause before it ("…; after that, start a return instead") is also accepted when the two together
reach the threshold and match the sources at least as well as the lead alone: an invented clause pulls the pair
away from the sources, a faithful continuation does not. The pair is embedded only when the clause alone falls
short, and it is compared with the sentence the lead draws on followed by the one the clause draws on too (two
clauses often restate two sentences). Figures are checked before this (`metrics.is_supported`),
so "a 15-year warranty" never passes for "a 10-year warranty", however close the wording.

Calibration (all-MiniLM-L6-v2 int8, help-centre sentences; the pairs are in tests/diagnose/test_paraphrase.py):
faithful paraphrases that fail the word test score 0.76-0.90 ("cancel for free as long as the order hasn't
shipped" vs "cancelled free of charge until they ship" 0.76; "sent back within a month of arrival" vs "returned
within thirty days of delivery" 0.90), while invented facts on the same topic score 0.36-0.61 ("free assembly
and a birthday discount" vs the membership perks 0.61). 0.75 sits between the two groups. Limit: cosine does
not see negation or swapped qualifiers ("a lifetime warranty" vs "a 10-year warranty" 0.79); the number rule
and `diagnose --judge` cover part of that.

Chinese claims are compared with multilingual-e5-small (MiniLM is English-only), whose cosines sit higher and
closer together: faithful restatements that fail the word test score 0.95-0.97 ("孩子情况有变化医生会打电话" vs
"患儿病情变化时，主治医生会及时电话联系家属" 0.96), invented facts on the same topic 0.85-0.89 ("会员每年可以免费
停车两次" vs the points rules 0.87); `PARAPHRASE_MIN_ZH` = 0.94 sits between them (pairs in the tests). Units in
another language than the claim are not compared: their vectors come from another model.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from pm_assistant.agent.diagnose.text import TEXT_CACHE, language, says_missing, sentences, token_set

PARAPHRASE_MIN = 0.75
PARAPHRASE_MIN_ZH = 0.94
MAX_UNITS = 3  # sentences of multi-sentence sources compared per claim, those sharing the most content words first


class Vectors(Protocol):
    """Cached text vectors (L2-normalised rows); `get` returns None for a text not embedded yet, `covers` says
    whether the text's language has a model at all."""

    def get(self, text: str) -> np.ndarray | None: ...

    def covers(self, text: str) -> bool: ...


@lru_cache(maxsize=TEXT_CACHE)
def source_units(text: str) -> tuple[str, ...]:
    """What a claim may be compared with in one source: its sentences (a one-sentence source is itself), minus
    abstentions."""
    parts = sentences(text)
    if len(parts) <= 1:
        return (text,) if text.strip() and not says_missing(text) else ()
    return tuple(s for s in parts if not says_missing(s))


def candidate_units(claim: str, sources: Sequence[str]) -> list[str]:
    """The units of the sources to compare the claim with: every one-sentence source, and of the sentences of
    longer ones the `MAX_UNITS` that share the most content words with the claim."""
    mine = token_set(claim)
    whole = [text for text in sources if source_units(text) == (text,)]
    shared = [(len(common), unit) for text in sources if source_units(text) != (text,)
              for unit in source_units(text) if _has_word(common := mine & token_set(unit))]
    best = [unit for _, unit in sorted(shared, key=lambda pair: -pair[0])[:MAX_UNITS]]
    return list(dict.fromkeys([*whole, *best]))


def _span(lead: str, claim: str, units: Sequence[str]) -> str | None:
    """The unit the lead shares most words with followed by the one the clause does, when they differ: what the
    pair may restate together (None when one unit serves both)."""
    first = max(units, key=lambda unit: len(token_set(lead) & token_set(unit)))
    second = max(units, key=lambda unit: len(token_set(claim) & token_set(unit)))
    return None if first == second else f"{first} {second}"


def _has_word(shared: frozenset[str]) -> bool:
    """Whether shared tokens include a word: an English word or a Chinese bigram (a lone character is too common)."""
    return any(len(token) > 1 for token in shared)


class ParaphraseCheck:
    """The paraphrase test of the module docstring over cached vectors, usable as `metrics.Paraphrase`.

    Texts without a vector yet are collected in `wanted` (and counted in `misses`) and the claim counts as
    unsupported, so a caller can run once, embed `take_wanted()` in one batch and run again.
    """

    def __init__(self, vectors: Vectors, threshold: float = PARAPHRASE_MIN,
                 threshold_zh: float = PARAPHRASE_MIN_ZH) -> None:
        self._vectors = vectors
        self.thresholds = {"en": threshold, "zh": threshold_zh}
        self.wanted: set[str] = set()
        self.misses = 0

    def __call__(self, claim: str, sources: Sequence[str], lead: str | None = None) -> bool:
        """True when the claim (or the claim after its lead) restates one of the sources in the claim's language."""
        lang = language(claim)
        if not self._vectors.covers(claim):
            return False
        joint = f"{lead}; {claim}" if lead else None
        units = [unit for unit in candidate_units(joint or claim, sources) if language(unit) == lang]
        if not units or (found := self._vectors_of([claim, *units])) is None:
            return False
        matrix = np.stack([found[unit] for unit in units])
        threshold = self.thresholds.get(lang, self.thresholds["en"])
        if float(np.max(matrix @ found[claim])) >= threshold:
            return True
        if not lead or not joint:
            return False
        spans = [span] if (span := _span(lead, claim, units)) else []
        if (pair := self._vectors_of([lead, joint, *spans])) is None:
            return False
        wider = np.vstack([matrix, *(pair[text] for text in spans)])
        return float(np.max(wider @ pair[joint])) >= max(threshold, float(np.max(wider @ pair[lead])))

    def _vectors_of(self, texts: list[str]) -> dict[str, np.ndarray] | None:
        """The vectors of the texts, or None (and the missing ones wanted) while any is not embedded yet."""
        found = {text: self._vectors.get(text) for text in texts}
        missing = [text for text, vector in found.items() if vector is None]
        if missing:
            self.wanted.update(missing)
            self.misses += 1
            return None
        return {text: vector for text, vector in found.items() if vector is not None}

    def similarity(self, a: str, b: str) -> float | None:
        """Cosine of two texts, or None (and both wanted) while either has no vector yet; 0.0 for texts in two
        languages (their vectors come from different models)."""
        if language(a) != language(b) or not self._vectors.covers(a):
            return 0.0
        first, second = self._vectors.get(a), self._vectors.get(b)
        if first is None or second is None:
            self.wanted.update(t for t, v in ((a, first), (b, second)) if v is None)
            self.misses += 1
            return None
        return float(first @ second)

    def take_wanted(self) -> list[str]:
        """The texts that still need vectors (and forget them)."""
        wanted, self.wanted = sorted(self.wanted), set()
        return wanted
