"""BM25 ranking over the shared tokenizer, best-score picking and per-section aggregation (no embeddings)."""

from __future__ import annotations

import numpy as np

from pm_assistant.knowledge.chunking import Chunk
from pm_assistant.knowledge.retrieval import LexicalIndex, best_indices, best_per_section


def _chunk(chunk_id: str, text: str, section: str = "S", tags: tuple[str, ...] = (), lang: str = "en") -> Chunk:
    return Chunk(chunk_id, chunk_id.split("#")[0], "card", "Title", section, text, lang, section.lower(), tags)  # type: ignore[arg-type]


def test_bm25_ranks_by_shared_terms_and_respects_filter() -> None:
    index = LexicalIndex([
        _chunk("cost#a", "GPU hours and token prices make the monthly cost", tags=("cost",)),
        _chunk("poc#a", "a proof of concept compares three options", tags=("poc",)),
        _chunk("mix#a", "token budget for the proof of concept", tags=("poc",)),
    ])
    assert index.rank("token cost per month")[0] == "cost#a"
    assert index.rank("proof of concept options") == ["poc#a", "mix#a"]
    assert index.rank("token", allowed=lambda c: "poc" in c.tags) == ["mix#a"]
    assert index.rank("the of and") == []  # stopwords only
    assert index.rank("estimating costs")[0] == "cost#a"  # stemmed
    assert LexicalIndex([]).rank("anything") == []


def test_bm25_finds_chinese_by_bigrams_and_numbers() -> None:
    index = LexicalIndex([
        _chunk("recall#a", "召回率提升到 90% 后点击率上涨", lang="zh"),
        _chunk("cost#a", "每月 GPU 成本 1,980 元", lang="zh"),
        _chunk("poc#a", "a proof of concept compares three options"),
    ])
    assert index.rank("召回率怎么提升")[0] == "recall#a"
    assert index.rank("1980 元的成本") == ["cost#a"]


def test_best_part_per_section_wins_across_parts_and_languages() -> None:
    chunks = {c.id: c for c in [
        _chunk("a#s~1", "x", "S"), _chunk("a#s~2", "y", "S"), _chunk("a#t", "z", "T"), _chunk("b#s", "w", "S"),
        _chunk("a#s@zh", "文", "S", lang="zh"),
    ]}
    ranked = ["a#s~2", "b#s", "a#s@zh", "a#s~1", "a#t"]
    assert [c.id for c in best_per_section(ranked, chunks)] == ["a#s~2", "b#s", "a#t"]


def test_best_indices_pick_the_highest_scores_among_the_mask_ties_in_order() -> None:
    scores = np.array([0.5, -1.0, 2.0, 0.5, 3.0])
    assert best_indices(scores, np.array([True, True, True, True, False]), 3) == [2, 0, 3]
    assert best_indices(scores, np.zeros(5, dtype=bool), 3) == []
