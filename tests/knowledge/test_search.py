"""Hybrid search behaviour over the fake embedder: result shape, ranking, languages, filters, input checks,
the tool."""

from __future__ import annotations

import pytest

from pm_assistant.core.errors import UserInputError
from pm_assistant.knowledge import search as search_module
from pm_assistant.knowledge.search import Passage, search_knowledge


@pytest.fixture
def kb(make_kb):
    kb = make_kb()
    kb.refresh()
    return kb


def test_results_have_the_contract_shape_best_first(kb) -> None:
    passages = kb.search("proof of concept options resource limits conclusion report", k=3)
    assert len(passages) == 3
    assert passages[0].id == "poc-four-steps" and passages[0].source == "card"
    assert passages[0].title == "Proof-of-concept in four steps" and "poc" in passages[0].tags
    assert all(isinstance(p, Passage) and 0.0 <= p.score <= 1.0 and 0.0 <= p.similarity <= 1.0 for p in passages)
    assert all(0.0 <= p.relevance <= 1.0 and p.lang == "en" for p in passages)
    assert set(passages[0].to_dict()) == {"id", "title", "section", "score", "similarity", "relevance", "lang", "text"}
    assert len({(p.id, p.section) for p in kb.search("cost", k=10)}) == 10  # one result per card section


def test_similarity_is_the_cosine_similarity(kb, fake_ef) -> None:
    import numpy as np

    top = kb.search("GPU hours token price monthly cost", k=1)[0]
    query = fake_ef.embed_query("GPU hours token price monthly cost")
    passage = fake_ef.embed_passages([f"{top.title} — {top.section}\n{top.text}"])[0]
    assert top.similarity == pytest.approx(float(np.dot(query, passage)), abs=1e-3)
    assert kb.search("zzzz qqqq", k=1)[0].similarity < top.similarity


def test_scores_never_increase_down_the_list(kb) -> None:
    unordered_similarity = 0
    for query in ("GPU hours token price monthly cost", "proof of concept", "cost", "payback", "rag triad"):
        passages = kb.search(query, k=12)
        scores = [p.score for p in passages]
        assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1, query
        similarities = [p.similarity for p in passages]
        unordered_similarity += similarities != sorted(similarities, reverse=True)
    assert unordered_similarity  # the fused order is not the cosine order, which is why score is not the cosine


def test_score_is_the_fused_score_over_its_maximum(kb) -> None:
    from pm_assistant.knowledge.retrieval import RRF_K

    query = "payback months investment annual benefit"
    top = kb.search(query, k=1)[0]
    assert top.id == "value-bridge" and top.score == pytest.approx(1.0)  # first by both rankings
    dense = kb.search(query, k=3, mode="dense")
    assert dense[0].score == 1.0 and dense[1].score == pytest.approx((RRF_K + 1) / (RRF_K + 2), abs=1e-4)


def test_each_ranking_alone_and_fused(kb) -> None:
    query = "payback months investment annual benefit"
    for mode in ("dense", "bm25", "hybrid"):
        assert kb.search(query, k=1, mode=mode)[0].id == "value-bridge"


def test_tag_and_source_filters(kb) -> None:
    only_poc = kb.search("cost", k=10, tags=["POC"])
    assert only_poc and all("poc" in p.tags for p in only_poc)
    either = {p.id for p in kb.search("cost", k=20, tags=["poc", "rag"])}
    assert either == {"poc-four-steps", "rag-triad"}
    assert kb.search("cost", k=5, tags=["no-such-tag"]) == []
    assert kb.search("cost", k=5, source="user") == []
    assert {p.source for p in kb.search("cost", k=5, source="cards")} == {"card"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"query": "  "}, "empty"), ({"query": "x", "k": 0}, "k must be"), ({"query": "x", "source": "web"}, "source")],
)
def test_bad_search_input_is_a_user_error(kb, kwargs, message) -> None:
    with pytest.raises(UserInputError, match=message):
        kb.search(**kwargs)


def test_search_knowledge_is_the_agent_tool(kb, monkeypatch) -> None:
    monkeypatch.setattr(search_module, "get_knowledge_base", lambda settings=None: kb)
    result = search_knowledge("proof of concept", k=2)
    assert result["query"] == "proof of concept" and len(result["results"]) == 2
    assert result["results"][0]["id"] == "poc-four-steps"
    assert set(result["results"][0]) == {"id", "title", "section", "score", "similarity", "relevance", "lang", "text"}


def test_a_question_gets_each_card_section_once_in_its_own_language(kb) -> None:
    english = kb.search("proof of concept options", k=10)
    chinese = kb.search("概念验证的方案和资源上限", k=10)
    for passages, lang in ((english, "en"), (chinese, "zh")):
        assert passages and {p.lang for p in passages} == {lang}
        assert len({(p.id, p.section) for p in passages}) == len(passages)
    assert chinese[0].id == "poc-four-steps" and chinese[0].section in {"是什么", "怎么用", "案例", "常见误区"}


def test_first_search_builds_the_index(make_kb) -> None:
    kb = make_kb()
    assert kb.search("proof of concept", k=1)[0].id == "poc-four-steps"
    assert kb.status().current


def test_get_knowledge_base_is_per_settings(pm_home, tmp_path) -> None:
    from pm_assistant.core.config import Settings

    first = search_module.get_knowledge_base()
    assert search_module.get_knowledge_base() is first
    assert search_module.get_knowledge_base(Settings(home=tmp_path / "other")) is not first


def _rank_of_user_doc(kb, query: str) -> tuple[int, float]:
    passages = kb.search(query, k=10)
    index = next(i for i, p in enumerate(passages) if p.source == "user")
    return index, passages[index].score


def test_own_documents_get_a_modest_boost_for_we_questions(kb, tmp_path, monkeypatch) -> None:
    from pm_assistant.knowledge.ingest import ingest_paths

    memo = tmp_path / "memo.md"
    memo.write_text("# Vendor memo\n\nThe platform team compared vendors; Weaviate was selected for vector search.\n")
    ingest_paths(kb, [memo])
    question = "What limits did we set on the proof of concept vendor?"
    boosted_rank, boosted_score = _rank_of_user_doc(kb, question)
    monkeypatch.setattr(search_module, "OWN_DOCUMENTS_BOOST", 0.0)
    plain_rank, plain_score = _rank_of_user_doc(kb, question)
    assert boosted_rank == 0 < plain_rank  # the card led; the boost puts the user's own memo first
    assert boosted_score == pytest.approx(plain_score, abs=1e-4)  # boost and its maximum scale together
    monkeypatch.setattr(search_module, "OWN_DOCUMENTS_BOOST", 0.15)
    neutral = "What limits were set on the proof of concept vendor?"  # no we/our: no boost
    assert _rank_of_user_doc(kb, neutral)[0] > 0
    scores = [p.score for p in kb.search(question, k=10)]
    assert scores == sorted(scores, reverse=True) and max(scores) <= 1.0
