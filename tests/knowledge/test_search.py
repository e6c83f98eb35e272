"""Hybrid search behaviour over the fake embedding: result shape, ranking, filters, input checks, the tool."""

from __future__ import annotations

import pytest

from agent.errors import UserInputError
from knowledge import search as search_module
from knowledge.search import Passage, search_knowledge


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
    assert all(isinstance(p, Passage) and 0.0 <= p.score <= 1.0 for p in passages)
    assert set(passages[0].to_dict()) == {"id", "title", "section", "score", "text"}
    assert len({(p.id, p.section) for p in kb.search("cost", k=10)}) == 10  # one result per card section


def test_score_is_the_cosine_similarity(kb, fake_ef) -> None:
    import numpy as np

    top = kb.search("GPU hours token price monthly cost", k=1)[0]
    query = fake_ef(["GPU hours token price monthly cost"])[0]
    passage = fake_ef([f"{top.title} — {top.section}\n{top.text}"])[0]
    assert top.score == pytest.approx(float(np.dot(query, passage)), abs=1e-3)
    assert kb.search("zzzz qqqq", k=1)[0].score < top.score


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
    assert set(result["results"][0]) == {"id", "title", "section", "score", "text"}


def test_first_search_builds_the_index(make_kb) -> None:
    kb = make_kb()
    assert kb.search("proof of concept", k=1)[0].id == "poc-four-steps"
    assert kb.status().current


def test_get_knowledge_base_is_per_settings(pm_home, tmp_path) -> None:
    from agent.config import Settings

    first = search_module.get_knowledge_base()
    assert search_module.get_knowledge_base() is first
    assert search_module.get_knowledge_base(Settings(home=tmp_path / "other")) is not first
