"""Lexical ranking (BM25 via bm25s over the shared tokenizer), picking the best scores, and one passage per
section.

BM25 is built in memory from the stored chunks (a few hundred for the cards; building takes milliseconds),
over the same title + section + text that is embedded, tokenised by `core.text.tokens` (stemmed English
words, CJK bigrams, numbers), so English and Chinese passages are both searchable by keyword. Rankings are
fused by rank only (`knowledge.ranking`), so the scorers' scales never need calibrating:
RRF(d) = sum over rankings of weight / (k + rank of d), with k = 60 as in Cormack et al. (2009).
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
        mask = scores > 0
        if allowed is not None:
            mask &= np.array([allowed(c) for c in self.chunks], dtype=bool)
        return [self.chunks[i].id for i in best_indices(scores, mask, limit)]


def best_indices(scores: np.ndarray, mask: np.ndarray, limit: int) -> list[int]:
    """Indices of the `limit` highest scores among `mask`, best first (ties keep index order)."""
    candidates = np.flatnonzero(mask)
    return [int(i) for i in candidates[np.argsort(-scores[candidates], kind="stable")][:limit]]


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
