"""The real MiniLM model: embedding sanity, the chroma embedding function, and retrieval of real cards."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pm_assistant.agent.cli.app import main
from pm_assistant.knowledge.cards import load_cards

pytestmark = pytest.mark.real_model


def test_similar_sentences_are_closer_than_unrelated_ones() -> None:
    from pm_assistant.knowledge.embedding import DIMENSIONS, get_embedder

    vectors = get_embedder().embed([
        "How long until the project pays back its investment?",
        "What is the payback period of this investment?",
        "My cat sleeps on the warm windowsill all afternoon.",
    ])
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.6 > vectors[0] @ vectors[2] + 0.3
    assert get_embedder() is get_embedder()


def test_batching_does_not_change_vectors() -> None:
    from pm_assistant.knowledge.embedding import get_embedder

    texts = ["short", "a somewhat longer sentence about proof of concept limits " * 8, "", "medium length text here"]
    together = get_embedder().embed(texts)
    alone = np.vstack([get_embedder().embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert get_embedder().embed([]).shape == (0, 384)


def test_embedding_function_is_registered_and_rebuildable() -> None:
    from chromadb.utils.embedding_functions import known_embedding_functions

    from pm_assistant.knowledge.embedding_function import MiniLMEmbeddingFunction

    function = MiniLMEmbeddingFunction()
    assert known_embedding_functions[function.name()] is MiniLMEmbeddingFunction
    assert not function.is_legacy() and function.default_space() == "cosine"
    rebuilt = MiniLMEmbeddingFunction.build_from_config(function.get_config())
    assert np.allclose(rebuilt(["hello"])[0], function(["hello"])[0])


@pytest.mark.parametrize(
    ("question", "card"),
    [
        ("How long until the AI quality inspection system pays for itself?", "value-bridge"),
        ("Which of my three POC options should we pick?", "poc-four-steps"),
        ("What hallucination rate is acceptable for a medical assistant?", "hallucination-control-thresholds"),
        ("Our RAG bot answers from the wrong documents, what could be failing?", "rag-failure-points"),
        ("We have eight project ideas, how do we decide which get funded?", "investment-scoring-card"),
        ("How do I write a PRD for an AI feature?", "data-demand-five-steps"),
        ("How do I estimate the cost of a custom model?", "ai-knowledge-checklist"),
    ],
)
def test_realistic_questions_find_their_card(real_kb, question: str, card: str) -> None:
    passages = real_kb.search(question, k=3)
    assert card in [p.id for p in passages]
    assert all(0.0 <= p.score <= 1.0 and 0.0 <= p.similarity <= 1.0 for p in passages)
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)


def test_scores_separate_relevant_from_unrelated(real_kb) -> None:
    relevant = real_kb.search("how do I estimate monthly token and GPU cost", k=1)[0]
    unrelated = real_kb.search("best recipe for banana bread with walnuts", k=1)[0]
    assert relevant.id == "ai-cost-calculator"
    assert relevant.similarity > 0.4 and unrelated.similarity < 0.3  # similarity is absolute; score is rank-based


def test_cli_search_json_and_index_against_the_real_index(real_kb, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PM_ASSISTANT_HOME", str(real_kb.settings.home))
    assert main(["index"]) == 0
    assert capsys.readouterr().out.startswith(f"index current: {len(load_cards())} cards")
    assert main(["search", "cache hit rate savings", "--k", "2", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["query"] == "cache hit rate savings" and len(payload["results"]) == 2
    assert set(payload["results"][0]) == {"id", "title", "section", "score", "similarity", "text"}
    scores = [r["score"] for r in payload["results"]]
    assert scores == sorted(scores, reverse=True)
    assert payload["results"][0]["id"] == "architecture-bottlenecks"
    assert main(["search", "cache hit rate", "--tag", "caching"]) == 0
    assert "architecture-bottlenecks" in capsys.readouterr().out
    assert main(["search", "  "]) == 2


def test_an_ingested_decision_answers_a_we_question(real_kb, tmp_path) -> None:
    from pm_assistant.knowledge.ingest import ingest_paths, remove_document

    memo = tmp_path / "targets.md"
    memo.write_text(
        "# Team OKRs for the second half\n\n## Objective 1: ship to enterprise customers\n"
        "Key result: 90% of enterprise accounts enabled by December.\n"
        "Key result: hallucination rate below 2% on the weekly audit set.\n",
        encoding="utf-8",
    )
    outcomes, _ = ingest_paths(real_kb, [memo])
    try:
        ids = [p.id for p in real_kb.search("What hallucination rate did we commit to?", k=3)]
        assert outcomes[0].record.source_id in ids
    finally:
        remove_document(real_kb, outcomes[0].record.id)
