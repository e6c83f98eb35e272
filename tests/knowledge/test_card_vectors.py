"""The shipped card vectors: present, current for every card passage, and made by the model in use."""

from __future__ import annotations

import numpy as np
import pytest

from pm_assistant.knowledge.card_vectors import load_shipped, write_shipped
from pm_assistant.knowledge.cards import load_cards
from pm_assistant.knowledge.chunking import chunk_card
from pm_assistant.knowledge.multilingual import model_identity

REGENERATE = "run `python -m pm_assistant.knowledge.build_vectors` and commit knowledge/vectors/"


def test_shipped_vectors_match_the_current_cards() -> None:
    shipped = load_shipped()
    assert shipped is not None, f"no shipped vectors: {REGENERATE}"
    keys = {chunk.vector_key for card in load_cards() for chunk in chunk_card(card)}
    stale = keys - set(shipped.rows)
    assert not stale, f"{len(stale)} card passages have no shipped vector (a card changed): {REGENERATE}"
    assert set(shipped.rows) == keys, f"vectors for passages that no longer exist: {REGENERATE}"
    assert shipped.identity == model_identity() and shipped.matrix.shape == (len(keys), 384)


@pytest.mark.real_model
def test_a_shipped_vector_is_what_the_model_makes() -> None:
    from pm_assistant.knowledge.multilingual import get_e5

    shipped = load_shipped()
    assert shipped is not None
    chunk = chunk_card(load_cards(lang="zh")[3])[1]
    fresh = get_e5().embed_passages([chunk.retrieval_text])[0]
    [stored] = shipped.lookup([chunk.vector_key], model_identity())
    assert stored is not None and float(fresh @ stored) > 0.999


def test_vectors_round_trip_and_ignore_other_models(tmp_path) -> None:
    matrix = np.eye(3, 4, dtype=np.float32)
    write_shipped(["a", "b", "c"], matrix, "model-x", tmp_path)
    shipped = load_shipped(tmp_path)
    assert shipped is not None
    found = shipped.lookup(["b", "zz"], "model-x")
    assert np.allclose(found[0], matrix[1]) and found[1] is None
    assert shipped.lookup(["b"], "model-y") == [None]
    (tmp_path / "cards.json").write_text("{broken", encoding="utf-8")
    assert load_shipped(tmp_path) is None


@pytest.mark.real_model
def test_a_fresh_index_embeds_no_card_passage(tmp_path) -> None:
    from pm_assistant.core.config import Settings
    from pm_assistant.knowledge.search import KnowledgeBase

    report = KnowledgeBase(Settings(home=tmp_path)).refresh()
    assert report.rebuilt and report.chunks_embedded == 0 and report.chunks_shipped == report.manifest.chunks  # type: ignore[union-attr]
