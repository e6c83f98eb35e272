"""Semantic support for claims the word-overlap test rejects: a faithful paraphrase uses other words.

A claim restates a source when its MiniLM embedding has cosine ≥ `PARAPHRASE_MIN` with the whole source text
or with one of its sentences that shares a content word with it (a restatement keeps at least its subject, and
skipping the other sentences keeps the embedding work small); sentences that only decline to answer support
nothing. A clause that leans on
the clause before it ("…; after that, start a return instead") is also accepted when the two together reach
the threshold and match the sources at least as well as the lead alone: an invented clause pulls the pair away
from the sources, a faithful continuation does not. Figures are checked before this (`metrics.is_supported`),
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


class Vectors(Protocol):
    """Cached text vectors (L2-normalised rows); `get` returns None for a text not embedded yet, `covers` says
    whether the text's language has a model at all."""

    def get(self, text: str) -> np.ndarray | None: ...

    def covers(self, text: str) -> bool: ...


@lru_cache(maxsize=TEXT_CACHE)
def source_units(text: str) -> tuple[str, ...]:
    """What a claim may be compared with in one source: the whole text and each sentence, minus abstentions."""
    parts = sentences(text)
    units = [text] if text.strip() and not says_missing(text) else []
    if len(parts) > 1:
        units += [s for s in parts if not says_missing(s)]
    return tuple(units)


def candidate_units(claim: str, sources: Sequence[str]) -> list[str]:
    """The units of the sources to compare the claim with: whole texts, and sentences sharing a content word."""
    mine = token_set(claim)
    units = [unit for text in sources for unit in source_units(text) if unit == text or mine & token_set(unit)]
    return list(dict.fromkeys(units))


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
        needed = [claim, *units, *((lead, joint) if lead and joint else ())]
        vectors = {text: self._vectors.get(text) for text in needed}
        missing = [text for text, vector in vectors.items() if vector is None]
        if missing:
            self.wanted.update(missing)
            self.misses += 1
            return False
        if not units:
            return False
        found = {text: vector for text, vector in vectors.items() if vector is not None}
        matrix = np.stack([found[unit] for unit in units])

        def best(text: str) -> float:
            return float(np.max(matrix @ found[text]))

        threshold = self.thresholds.get(lang, self.thresholds["en"])
        if best(claim) >= threshold:
            return True
        return lead is not None and joint is not None and best(joint) >= max(threshold, best(lead))

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
