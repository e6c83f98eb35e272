"""Find the proposal sentences that speak to a criterion, by cue words and by meaning, and judge its status.

Cue-word matches (or sentences in the section that names the criterion) are the evidence that can satisfy a
requirement; sentences that only match by meaning (MiniLM cosine similarity to the criterion's
description) count as a related mention, which is never enough for `addressed`. The embedder is injectable
so tests can use a fake; without one, matching is by cue words alone.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

from pm_assistant.agent.review.criteria import Criterion
from pm_assistant.agent.review.sections import Reading
from pm_assistant.agent.review.structure import Sentence
from pm_assistant.agent.review.wording import join, say, tr

Status = Literal["addressed", "partial", "missing"]
SEMANTIC_MIN = 0.5  # cosine similarity from which a sentence counts as a related mention
MAX_EMBEDDED = 600  # sentences embedded per proposal; cue words still cover every sentence


class Embedder(Protocol):
    """Anything with `embed(texts) -> (n, d) array of unit vectors` (the MiniLM embedder or a test fake)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text."""
        ...


_DESCRIPTIONS: weakref.WeakKeyDictionary[Any, dict[tuple[str, ...], np.ndarray]] = weakref.WeakKeyDictionary()


def _description_vectors(embedder: Embedder, descriptions: tuple[str, ...]) -> np.ndarray:
    """Criterion descriptions never change, so each embedder embeds them once per process."""
    cache = _DESCRIPTIONS.setdefault(embedder, {})
    if descriptions not in cache:
        cache[descriptions] = embedder.embed(list(descriptions))
    return cache[descriptions]


@dataclass
class Finding:
    """A criterion's status, the sentence quoted as evidence, and what is missing."""

    criterion: Criterion
    status: Status
    evidence: Sentence | None
    gap: str


class EvidenceFinder:
    """Judges criteria against one proposal's sentences; embeddings are computed once per proposal."""

    def __init__(self, reading: Reading, embedder: Embedder | None = None, lang: str = "en") -> None:
        self.reading = reading
        self.lang = lang  # the language of the gap texts
        self.sentences = list(reading.sentences)
        self.embedder = embedder
        self.notes: list[str] = []
        self._vectors: np.ndarray | None = None
        if embedder is not None and len(self.sentences) > MAX_EMBEDDED:
            self.notes.append(say("note_embedded_first", lang, count=MAX_EMBEDDED))

    def _similarities(self, criteria: Sequence[Criterion]) -> np.ndarray | None:
        """(criteria, sentences) cosine similarities, or None without an embedder."""
        if self.embedder is None or not self.sentences:
            return None
        if self._vectors is None:
            self._vectors = self.embedder.embed([s.text for s in self.sentences[:MAX_EMBEDDED]])
        queries = _description_vectors(self.embedder, tuple(c.description for c in criteria))
        sims = queries @ self._vectors.T
        padded = np.zeros((len(criteria), len(self.sentences)), dtype=np.float32)
        padded[:, : sims.shape[1]] = sims
        return padded

    def judge_all(self, criteria: Sequence[Criterion]) -> list[Finding]:
        """Judge several criteria in one embedding pass."""
        sims = self._similarities(criteria)
        return [self._judge(c, None if sims is None else sims[i]) for i, c in enumerate(criteria)]

    def _judge(self, criterion: Criterion, sims: np.ndarray | None) -> Finding:
        score = {s.index: float(sims[i]) if sims is not None else 0.0 for i, s in enumerate(self.sentences)}
        cued = [s for s in self.sentences if criterion.matches(s.text) or set(self.reading.kinds(s)) & set(criterion.sections)]
        related = [s for s in self.sentences if score[s.index] >= SEMANTIC_MIN and s not in cued]
        if not cued and not related:
            return Finding(criterion, "missing", None, tr(criterion.missing_gap, self.lang))
        met = {r.label: [s for s in cued if r.test(s.text)] for r in criterion.requirements}
        if cued and all(met.values()):
            best = max(cued, key=lambda s: (sum(s in v for v in met.values()), score[s.index], -s.index))
            return Finding(criterion, "addressed", best, "")
        unmet = [label for label, hits in met.items() if not hits]
        if cued:
            best = max(cued, key=lambda s: (sum(s in v for v in met.values()), score[s.index], -s.index))
            gap = say("unmet", self.lang, items=join((tr(u, self.lang) for u in unmet), self.lang, "and_no"))
        else:
            best = max(related, key=lambda s: score[s.index])
            gap = say("related_only", self.lang, gap=tr(criterion.missing_gap, self.lang))
        return Finding(criterion, "partial", best, gap)
