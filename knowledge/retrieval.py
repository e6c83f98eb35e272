"""Lexical ranking (BM25 via bm25s over the shared tokenizer), Reciprocal Rank Fusion and per-section picking.

BM25 is built in memory from the stored chunks (a few hundred for the cards; building takes milliseconds),
over the same title + section + text that is embedded, tokenised by `core.text.tokens` (stemmed English
words, CJK bigrams, numbers), so English and Chinese passages are both searchable by keyword. Fusion uses
only ranks, so the scorers' scales never need calibrating: RRF(d) = sum over rankings of 1 / (k + rank of d),
with k = 60 as in Cormack et al. (2009).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import bm25s
import numpy as np

from pm_assistant.core.text.tokens import tokenize
from pm_assistant.knowledge.chunking import Chunk

RRF_K = 60


class LexicalIndex:
    """BM25 over a fixed list of chunks."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        """Tokenise and index the chunks' retrieval text; `terms` keeps each chunk's distinct terms."""
        self.chunks = list(chunks)
        tokens = [tokenize(c.retrieval_text) for c in self.chunks]
        self.terms = [frozenset(t) for t in tokens]
        self._bm25 = bm25s.BM25()
        if self.chunks:
            self._bm25.index(tokens, show_progress=False)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for the query (zeros when it has no searchable term)."""
        terms = tokenize(query)
        if not self.chunks or not terms:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    def rank(self, query: str, allowed: Callable[[Chunk], bool] | None = None, limit: int = 100) -> list[str]:
        """Ids of chunks sharing at least one query term, best BM25 score first, among `allowed` chunks."""
        scores = self.scores(query)
        if allowed is not None:
            scores = scores * np.array([allowed(c) for c in self.chunks], dtype=scores.dtype)
        return [self.chunks[i].id for i in top(scores, limit)]


def top(scores: np.ndarray, limit: int, mask: np.ndarray | None = None) -> list[int]:
    """Indices of the `limit` best positive scores (among `mask`), best first; ties keep index order."""
    if mask is not None:
        scores = np.where(mask, scores, 0.0)
    order = np.argsort(-scores, kind="stable")[:limit]
    return [int(i) for i in order if scores[i] > 0]


def rrf_fuse(rankings: Iterable[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal Rank Fusion: (id, fused score) best first; ties keep first-seen order."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda pair: -pair[1])


def best_per_section(ranked: Iterable[str], chunks: dict[str, Chunk]) -> list[Chunk]:
    """Keep the best-ranked passage of each section (`Chunk.key`): a long section split in parts, or the same
    card section in two languages, is one result."""
    seen: set[tuple[str, str]] = set()
    result: list[Chunk] = []
    for chunk_id in ranked:
        chunk = chunks[chunk_id]
        if chunk.key not in seen:
            seen.add(chunk.key)
            result.append(chunk)
    return result
