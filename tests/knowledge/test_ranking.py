"""Language-aware ranking over an in-memory snapshot, with vectors chosen by hand (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from pm_assistant.knowledge.chunking import Chunk
from pm_assistant.knowledge.ranking import LEXICAL_WEIGHT, Snapshot
from pm_assistant.knowledge.retrieval import RRF_K

QUERY = np.array([1.0, 0.0, 0.0], dtype=np.float32)


def _chunk(source: str, anchor: str, lang: str, text: str, kind: str = "card") -> Chunk:
    return Chunk(f"{source}@{lang}#{anchor}", source, kind, source.title(), anchor, text, lang, anchor)  # type: ignore[arg-type]


def _vector(similarity: float) -> list[float]:
    return [similarity, float(np.sqrt(1 - similarity**2)), 0.0]


def _snapshot(rows: list[tuple[Chunk, float]]) -> Snapshot:
    return Snapshot([c for c, _ in rows], np.array([_vector(s) for _, s in rows], dtype=np.float32), "g1")


CARDS = [
    (_chunk("alpha", "what", "en", "alpha walrus basics"), 0.84),
    (_chunk("alpha", "how", "en", "alpha walrus steps"), 0.83),
    (_chunk("beta", "what", "en", "beta narwhal basics"), 0.85),
    (_chunk("beta", "how", "en", "beta narwhal steps"), 0.82),
    (_chunk("alpha", "what", "zh", "阿尔法 海象 基础"), 0.55),
    (_chunk("alpha", "how", "zh", "阿尔法 海象 步骤"), 0.50),
    (_chunk("beta", "what", "zh", "贝塔 独角鲸 基础"), 0.52),
    (_chunk("beta", "how", "zh", "贝塔 独角鲸 步骤"), 0.48),
]


def _everything(snapshot: Snapshot) -> np.ndarray:
    return snapshot.mask(None, [])


def test_each_section_is_shown_once_in_the_question_language() -> None:
    snapshot = _snapshot(CARDS)
    english = snapshot.rank("walrus basics", QUERY, 10, _everything(snapshot))
    chinese = snapshot.rank("海象的基础", QUERY, 10, _everything(snapshot))
    assert [h.chunk.lang for h in english] == ["en"] * 4 and [h.chunk.lang for h in chinese] == ["zh"] * 4
    assert english[0].chunk.key == ("alpha", "what") and chinese[0].chunk.key == ("alpha", "what")


def test_a_passage_in_the_other_language_competes_on_its_languages_scale() -> None:
    """A Chinese document that is far above the Chinese passages beats English passages that are merely
    average among the English ones, although its raw cosine is lower than all of theirs."""
    document = _chunk("user:doc", "full-text", "zh", "会议纪要 决定", kind="user")
    snapshot = _snapshot([*CARDS, (document, 0.70)])
    dense = snapshot.rank("which vendor did the meeting pick", QUERY, 3, _everything(snapshot), mode="dense")
    assert dense[0].chunk is document and dense[0].similarity == pytest.approx(0.70, abs=1e-4)
    assert all(hit.similarity > 0.8 for hit in dense[1:])
    raw_order = sorted(range(len(snapshot.chunks)), key=lambda i: -float(snapshot.vectors[i] @ QUERY))  # type: ignore[index]
    assert snapshot.chunks[raw_order[0]] is not document


def test_fusion_weights_lexical_votes_and_scores_are_normalised() -> None:
    snapshot = _snapshot(CARDS)
    top = snapshot.rank("beta narwhal basics", QUERY, 4, _everything(snapshot))
    assert top[0].chunk.key == ("beta", "what") and top[0].score == pytest.approx(1.0)  # first in both rankings
    second = snapshot.rank("beta narwhal basics", QUERY, 4, _everything(snapshot), mode="dense")[1]
    assert second.score == pytest.approx((RRF_K + 1) / (RRF_K + 2), abs=1e-4)
    alpha_steps = snapshot.rank("alpha steps", QUERY, 4, _everything(snapshot))  # lexical rank 1, dense rank 3
    expected = (1 / (RRF_K + 3) + LEXICAL_WEIGHT / (RRF_K + 1)) / ((1 + LEXICAL_WEIGHT) / (RRF_K + 1))
    assert alpha_steps[0].chunk.key == ("alpha", "how") and alpha_steps[0].score == pytest.approx(expected, abs=1e-4)


def test_without_vectors_the_keyword_ranking_stands_alone() -> None:
    snapshot = Snapshot([c for c, _ in CARDS], None)
    hits = snapshot.rank("narwhal steps", None, 2, _everything(snapshot))
    assert hits[0].chunk.key == ("beta", "how") and hits[0].similarity == 0.0 and hits[0].relevance == 1.0
    assert snapshot.rank("独角鲸", None, 1, _everything(snapshot))[0].chunk.lang == "zh"
    assert snapshot.rank("zebra", None, 2, _everything(snapshot)) == []


def test_filters_and_the_own_documents_boost() -> None:
    document = _chunk("user:doc", "full-text", "en", "walrus steps decided by our team", kind="user")
    snapshot = _snapshot([*CARDS, (document, 0.80)])
    plain = snapshot.rank("walrus steps", QUERY, 5, _everything(snapshot))
    boosted = snapshot.rank("walrus steps", QUERY, 5, _everything(snapshot), boost_user=0.5)
    assert [h.chunk for h in boosted].index(document) < [h.chunk for h in plain].index(document)
    assert max(h.score for h in boosted) <= 1.0
    only_documents = snapshot.rank("walrus steps", QUERY, 5, snapshot.mask("user", []))
    assert [h.chunk for h in only_documents] == [document]
