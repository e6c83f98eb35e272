"""The real models: MiniLM sentence similarity (review, diagnose), the multilingual retrieval model, and
retrieval of real cards and documents through the session's one real index (`built_home`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pm_assistant.agent.cli.app import main
from pm_assistant.core.config import Settings
from pm_assistant.core.text.lang import detect_lang
from pm_assistant.knowledge.cards import load_cards
from pm_assistant.knowledge.ingest import ingest_paths
from pm_assistant.knowledge.relevance import ON_TOPIC
from pm_assistant.knowledge.search import KnowledgeBase

pytestmark = pytest.mark.real_model


def test_similar_sentences_are_closer_than_unrelated_ones() -> None:
    from pm_assistant.knowledge.embedding import DIMENSIONS, TOKENIZER_FILE, get_embedder

    vectors = get_embedder().embed([
        "How long until the project pays back its investment?",
        "What is the payback period of this investment?",
        "My cat sleeps on the warm windowsill all afternoon.",
    ])
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > 0.6 > vectors[0] @ vectors[2] + 0.3
    assert get_embedder() is get_embedder()
    assert {"tokenizer.json", "LICENSE", "NOTICE"} <= {p.name for p in TOKENIZER_FILE.parent.iterdir()}


def test_batching_does_not_change_vectors() -> None:
    from pm_assistant.knowledge.embedding import get_embedder

    texts = ["short", "a somewhat longer sentence about proof of concept limits " * 8, "", "medium length text here"]
    together = get_embedder().embed(texts)
    alone = np.vstack([get_embedder().embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert get_embedder().embed([]).shape == (0, 384)


def test_the_multilingual_model_places_both_languages_in_one_space() -> None:
    from pm_assistant.knowledge.multilingual import DIMENSIONS, get_e5, model_identity

    model = get_e5()
    assert model is get_e5() and model.identity == model_identity() and model_identity().startswith("multilingual-e5")
    passages = model.embed_passages([
        "The payback period is the time until savings repay the investment.",
        "回本周期是节省下来的钱还清投资所需的时间。",
        "Bake the banana bread for fifty minutes.",
    ])
    assert passages.shape == (3, DIMENSIONS) and np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    for question in ("How long until the investment pays back?", "投资多久能回本？"):
        similarity = passages @ model.embed_query(question)
        assert min(similarity[0], similarity[1]) > similarity[2] + 0.05, question
    assert model.embed_passages([]).shape == (0, DIMENSIONS)


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
        ("医疗助手的幻觉率最高能接受多少？", "hallucination-control-thresholds"),
        ("八个项目争资源，怎么排优先级？", "investment-scoring-card"),
    ],
)
def test_realistic_questions_find_their_card(real_kb, question: str, card: str) -> None:
    passages = real_kb.search(question, k=3)
    assert card in [p.id for p in passages]
    assert all(0.0 <= p.score <= 1.0 and 0.0 <= p.similarity <= 1.0 and 0.0 <= p.relevance <= 1.0 for p in passages)
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    assert {p.lang for p in passages} == {detect_lang(question)}  # every card has both languages


def test_relevance_separates_on_topic_from_off_topic_in_both_languages(real_kb) -> None:
    for relevant, unrelated in (
        ("how do I estimate monthly token and GPU cost", "best recipe for banana bread with walnuts"),
        ("每月的 token 和 GPU 成本怎么估算", "香蕉面包怎么做才松软"),
    ):
        on_topic = real_kb.search(relevant, k=1)[0]
        off_topic = real_kb.search(unrelated, k=1)[0]
        assert on_topic.id == "ai-cost-calculator"
        assert on_topic.relevance >= ON_TOPIC > off_topic.relevance, (on_topic, off_topic)


def test_cli_search_json_and_index_against_the_real_index(real_kb, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PM_ASSISTANT_HOME", str(real_kb.settings.home))
    assert main(["index"]) == 0
    assert capsys.readouterr().out.startswith(f"index current: {len(load_cards(lang='en'))} cards")
    assert main(["search", "cache hit rate savings", "--k", "2", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["query"] == "cache hit rate savings" and len(payload["results"]) == 2
    assert set(payload["results"][0]) == {"id", "title", "section", "score", "similarity", "relevance", "lang", "text"}
    scores = [r["score"] for r in payload["results"]]
    assert scores == sorted(scores, reverse=True)
    assert payload["results"][0]["id"] == "architecture-bottlenecks"
    assert main(["search", "cache hit rate", "--tag", "caching"]) == 0
    assert "architecture-bottlenecks" in capsys.readouterr().out
    assert main(["search", "  "]) == 2


def test_an_ingested_decision_answers_a_we_question(own_real_kb, tmp_path) -> None:
    memo = tmp_path / "targets.md"
    memo.write_text(
        "# Team OKRs for the second half\n\n## Objective 1: ship to enterprise customers\n"
        "Key result: 90% of enterprise accounts enabled by December.\n"
        "Key result: hallucination rate below 2% on the weekly audit set.\n",
        encoding="utf-8",
    )
    outcomes, report = ingest_paths(own_real_kb, [memo])
    assert report is not None and report.chunks_embedded == 1
    hits = own_real_kb.search("What hallucination rate did we commit to?", k=3)
    mine = [h for h in hits if h.id == outcomes[0].record.source_id]
    assert mine and "below 2% on the weekly audit set" in mine[0].text


def test_documents_are_found_across_languages(own_real_kb, tmp_path) -> None:
    chinese = tmp_path / "zh.md"
    chinese.write_text("# 语音转写供应商选型\n\n决定：选用声研科技，英文通话词错误率 7.9%，九月复审。\n", encoding="utf-8")
    english = tmp_path / "en.md"
    english.write_text("# Pricing memo\n\nDecision: the summaries add-on costs $12 per seat per month.\n", encoding="utf-8")
    outcomes, _ = ingest_paths(own_real_kb, [chinese, english])
    zh_id, en_id = (o.record.source_id for o in outcomes)
    found = own_real_kb.search("Which speech-to-text vendor did we choose?", k=3)
    assert zh_id in [p.id for p in found] and next(p for p in found if p.id == zh_id).lang == "zh"
    found = own_real_kb.search("我们的会议纪要加购功能每个席位每月收费多少？", k=3)
    assert en_id in [p.id for p in found]


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PM_ASSISTANT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "pm_assistant.agent.cli.app", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=True)


def test_an_open_session_survives_other_processes(own_real_kb: KnowledgeBase, tmp_path: Path) -> None:
    home = own_real_kb.settings.home
    session = KnowledgeBase(Settings(home=home))
    assert session.search("How do I run a POC?", k=1)[0].id == "poc-four-steps"
    _cli(home, "index", "--rebuild")
    assert session.search("How do I run a POC?", k=1)[0].id == "poc-four-steps"
    memo = tmp_path / "walrus.md"
    memo.write_text("# Walrus launch\n\nDecision: the walrus pilot starts on 3 March.\n", encoding="utf-8")
    assert "1 document added" in _cli(home, "ingest", str(memo)).stdout
    hits = session.search("When does the walrus pilot start?", k=1, source="user")
    assert hits and "3 March" in hits[0].text and session.status().documents == 1
