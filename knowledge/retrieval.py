"""Lexical ranking (BM25 via bm25s) and Reciprocal Rank Fusion with the dense ranking.

BM25 is built in memory from the stored chunks (a few hundred for the cards; building takes milliseconds),
over the same title + section + text that is embedded. Fusion uses only ranks, so the two scorers' scales
never need calibrating: RRF(d) = sum over rankings of 1 / (k + rank of d), with k = 60 as in Cormack et al.
(2009).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import bm25s
import numpy as np

from pm_assistant.knowledge.chunking import Chunk

RRF_K = 60


def _tokens(texts: list[str]) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords="en", return_ids=False, show_progress=False)  # type: ignore[return-value]


class LexicalIndex:
    """BM25 over a fixed list of chunks."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        """Tokenise (English stopwords removed) and index the chunks' retrieval text."""
        self.chunks = list(chunks)
        self._bm25 = bm25s.BM25()
        if self.chunks:
            self._bm25.index(_tokens([c.retrieval_text for c in self.chunks]), show_progress=False)

    def rank(self, query: str, allowed: Callable[[Chunk], bool] | None = None, limit: int = 100) -> list[str]:
        """Ids of chunks sharing at least one query term, best BM25 score first, among `allowed` chunks."""
        terms = _tokens([query])[0]
        if not self.chunks or not terms:
            return []
        scores = self._bm25.get_scores(terms)
        if allowed is not None:
            scores = scores * np.array([allowed(c) for c in self.chunks], dtype=scores.dtype)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [self.chunks[i].id for i in order if scores[i] > 0]


def rrf_fuse(rankings: Iterable[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal Rank Fusion: (id, fused score) best first; ties keep first-seen order."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda pair: -pair[1])


def best_per_section(ranked: Iterable[str], chunks: dict[str, Chunk]) -> list[Chunk]:
    """Keep the best-ranked part of each (source, section): a long section split in parts is one passage."""
    seen: set[tuple[str, str]] = set()
    result: list[Chunk] = []
    for chunk_id in ranked:
        chunk = chunks[chunk_id]
        key = (chunk.source_id, chunk.section)
        if key not in seen:
            seen.add(key)
            result.append(chunk)
    return result
