"""Ranking over an in-memory snapshot of the index: language-aware hybrid fusion of dense and BM25 rankings.

A session holds every passage and its vector in memory (`Snapshot`): a few hundred card passages plus the
user's documents score exactly in well under a millisecond, filters are plain masks, and the statistics that
per-language normalisation needs are over the whole collection rather than a top-k sample.

How a question in language L is ranked:
1. A card section that exists in L is represented by its L passage only (its translation is the same
   content, and same-language similarity is the sharper signal). Passages that exist only in another
   language (an ingested document) stay in the race.
2. Dense: cosine similarities are standardised per passage language (z-scores over all passages of that
   language), so a Chinese question does not rank every Chinese passage above a better English one just
   because they share a language, and vice versa.
3. Lexical: BM25 over the shared tokenizer, among passages in L. BM25 cannot see across languages, so a
   passage in another language gets its dense vote again in place of a lexical vote: it is judged by the
   evidence that can see it, not penalised for the evidence that cannot.
4. Weighted Reciprocal Rank Fusion of the two (a lexical vote counts `LEXICAL_WEIGHT` times a dense one);
   one passage per section (`Chunk.key`), best first.
Without vectors (no embedding model on this platform) the BM25 ranking over all passages is used alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from pm_assistant.core.text.lang import LANGS, detect_lang
from pm_assistant.core.text.tokens import tokenize
from pm_assistant.knowledge.chunking import Chunk
from pm_assistant.knowledge.relevance import relevance_from_coverage, relevance_from_similarity
from pm_assistant.knowledge.retrieval import RRF_K, LexicalIndex, best_indices, best_per_section

Mode = Literal["hybrid", "dense", "bm25"]
CANDIDATES = 50  # depth of each ranking fed to the fusion
LEXICAL_WEIGHT = 2.0
"""Weight of a BM25 vote against a dense vote (1): on the development questions keyword matches over the
shared tokenizer are the surer signal for these cards, and the small multilingual model the broader one."""


@dataclass(frozen=True)
class Scored:
    """One ranked passage: normalised fused `score`, raw cosine `similarity`, calibrated `relevance`."""

    chunk: Chunk
    score: float
    similarity: float
    relevance: float


class Snapshot:
    """Every passage of an index with its vector (rows in chunk order; None for keyword-only search), under
    the generation token of the manifest it was read with."""

    def __init__(self, chunks: Sequence[Chunk], vectors: np.ndarray | None, generation: str = "") -> None:
        """Index the passages for BM25 and precompute the per-language views."""
        self.chunks = list(chunks)
        self.vectors = vectors if vectors is not None and len(self.chunks) else None
        self.generation = generation
        self.lexical = LexicalIndex(self.chunks)
        self.by_id = {c.id: c for c in self.chunks}
        self._position = {c.id: i for i, c in enumerate(self.chunks)}
        self._lang = np.array([LANGS.index(c.lang) for c in self.chunks], dtype=np.int64)
        self._user = np.array([c.kind == "user" for c in self.chunks], dtype=bool)
        keys = {lang: {c.key for c in self.chunks if c.lang == lang} for lang in LANGS}
        self._shown = {
            lang: np.array([c.lang == lang or c.key not in keys[lang] for c in self.chunks], dtype=bool)
            for lang in LANGS
        }

    def mask(self, kind: str | None, tags: Sequence[str]) -> np.ndarray:
        """Passages of this kind ('card'/'user', None for both) carrying any of the tags (none: all)."""
        allowed = np.ones(len(self.chunks), dtype=bool) if kind is None else self._user == (kind == "user")
        if tags:
            wanted = set(tags)
            allowed &= np.array([not wanted.isdisjoint(c.tags) for c in self.chunks], dtype=bool)
        return allowed

    def _similarities(self, query_vector: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Cosine similarity of every passage, and the mean and spread of each language's similarities."""
        assert self.vectors is not None
        sims = self.vectors @ query_vector
        means, spreads = np.zeros(len(LANGS)), np.ones(len(LANGS))
        for code in range(len(LANGS)):
            values = sims[self._lang == code]
            if values.size:
                means[code], spreads[code] = values.mean(), max(float(values.std()), 1e-6)
        return sims, means, spreads

    @staticmethod
    def _vote(fused: np.ndarray, scores: np.ndarray, mask: np.ndarray, depth: int, weight: float | np.ndarray) -> None:
        """Add one ranking's weighted reciprocal-rank votes (its `depth` best among `mask`) to `fused`."""
        order = best_indices(scores, mask, depth)
        votes = 1.0 / (RRF_K + 1 + np.arange(len(order)))
        fused[order] += (weight[order] if isinstance(weight, np.ndarray) else weight) * votes

    def rank(
        self, query: str, query_vector: np.ndarray | None, k: int, allowed: np.ndarray,
        boost_user: float = 0.0, mode: Mode = "hybrid",
    ) -> list[Scored]:
        """The k best sections for the query among `allowed` passages (see the module doc); `boost_user`
        raises user-document passages' fused score by that fraction; `mode` ranks by one signal alone."""
        if not self.chunks:
            return []
        lang = LANGS.index(detect_lang(query))
        shown = self._shown[LANGS[lang]] & allowed
        depth = max(CANDIDATES, 4 * k)
        use_dense = mode != "bm25" and self.vectors is not None and query_vector is not None
        use_lexical = mode != "dense" or not use_dense
        fused = np.zeros(len(self.chunks))
        sims, means = np.zeros(len(self.chunks), dtype=np.float32), np.zeros(len(LANGS))
        if use_dense:
            assert query_vector is not None
            sims, means, spreads = self._similarities(query_vector)
            standardised = (sims - means[self._lang]) / spreads[self._lang]
            stands_in_for_lexical = np.where(self._lang == lang, 1.0, 1.0 + LEXICAL_WEIGHT) if use_lexical else 1.0
            self._vote(fused, standardised, shown, depth, stands_in_for_lexical)
        if use_lexical:
            bm25 = self.lexical.scores(query)
            same_language = (self._lang == lang) if use_dense else True
            self._vote(fused, bm25, shown & same_language & (bm25 > 0), depth, LEXICAL_WEIGHT)
        best_possible = (use_dense + LEXICAL_WEIGHT * use_lexical) / (RRF_K + 1)
        boosted = self._user & (fused > 0)
        if boost_user and boosted.any():
            fused[boosted] *= 1.0 + boost_user
            best_possible *= 1.0 + boost_user
        ranked = [self.chunks[i].id for i in best_indices(fused, shown & (fused > 0), len(self.chunks))]
        query_terms = frozenset(tokenize(query))
        results = []
        for chunk in best_per_section(ranked, self.by_id)[:k]:
            i = self._position[chunk.id]
            if use_dense:
                shifted = float(sims[i] + means[lang] - means[self._lang[i]])  # onto the question language's scale
                relevance = relevance_from_similarity(shifted, LANGS[lang])
            else:
                relevance = relevance_from_coverage(len(query_terms & self.lexical.terms[i]), len(query_terms))
            results.append(Scored(
                chunk=chunk,
                score=round(min(1.0, float(fused[i]) / best_possible), 4),  # min: float rounding only
                similarity=round(min(1.0, max(0.0, float(sims[i]))), 4),
                relevance=relevance,
            ))
        return results
