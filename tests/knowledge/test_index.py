"""Index versioning with the fake embedding: build, no-op re-index, per-card updates, model change, repair."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pm_assistant.knowledge import indexer
from pm_assistant.knowledge import search as search_module
from pm_assistant.knowledge.cards import load_cards
from pm_assistant.knowledge.chunking import chunk_card
from pm_assistant.knowledge.store import MANIFEST_KEY, ChunkStore, Manifest
from tests.knowledge.conftest import SAMPLE_CARDS
from tests.knowledge.fakes import (
    HashingEmbeddingFunction,
    OtherHashingEmbeddingFunction,
)


def _chunk_count(cards_dir: Path, card_id: str | None = None) -> int:
    return sum(len(chunk_card(c)) for c in load_cards(cards_dir) if card_id in (None, c.id))


def test_first_use_builds_then_status_is_current(make_kb, cards_dir: Path, fake_ef, pm_home: Path) -> None:
    kb = make_kb()
    assert kb.status().present is False
    report = kb.refresh()
    assert report.rebuilt and sorted(report.added) == sorted(SAMPLE_CARDS)
    assert report.chunks_embedded == len(fake_ef.embedded) == _chunk_count(cards_dir)
    status = kb.status()
    assert (status.present, status.current, status.cards, status.documents) == (True, True, 4, 0)
    assert "index current: 4 cards" in status.detail
    mirror = Manifest.from_json((pm_home / "index" / "manifest.json").read_text())
    assert mirror == kb._open_store().manifest()  # the collection metadata and the mirror agree
    assert mirror.chunks == _chunk_count(cards_dir)


def test_unchanged_reindex_embeds_nothing_and_skips_chromadb(make_kb, fake_ef, monkeypatch) -> None:
    make_kb().refresh()
    fake_ef.embedded.clear()
    monkeypatch.setattr(search_module, "open_client", lambda settings: pytest.fail("opened the store"))
    fresh = make_kb()  # as a new process would
    report = fresh.refresh()
    assert not report.changed and fake_ef.embedded == []
    assert report.summary().startswith("index current: 4 cards")
    assert fresh.status().current


def test_editing_one_card_reembeds_only_that_card(make_kb, cards_dir: Path, fake_ef) -> None:
    make_kb().refresh()
    fake_ef.embedded.clear()
    path = cards_dir / "rag-triad.md"
    path.write_text(path.read_text().replace("## Pitfalls\n", "## Pitfalls\n- Zanzibar quokka warning.\n"))
    kb = make_kb()
    assert kb.status().current is False and "index out of date: 1 card changed" in kb.status().detail
    report = kb.refresh()
    assert report.updated == ["rag-triad"] and not report.rebuilt and not report.added
    assert len(fake_ef.embedded) == _chunk_count(cards_dir, "rag-triad")
    assert all(text.startswith("The RAG triad") for text in fake_ef.embedded)
    top = kb.search("zanzibar quokka", k=1)[0]
    assert (top.id, top.section) == ("rag-triad", "Pitfalls") and "Zanzibar quokka" in top.text
    assert kb._open_store().count() == _chunk_count(cards_dir)  # old chunks of the card are gone


def test_added_and_deleted_cards(make_kb, cards_dir: Path, fake_ef) -> None:
    from pm_assistant.knowledge.cards import CARDS_DIR

    make_kb().refresh()
    fake_ef.embedded.clear()
    (cards_dir / "value-bridge.md").unlink()
    (cards_dir / "ethics-checklist.md").write_text((CARDS_DIR / "ethics-checklist.md").read_text())
    kb = make_kb()
    report = kb.refresh()
    assert (report.added, report.removed, report.updated) == (["ethics-checklist"], ["value-bridge"], [])
    assert len(fake_ef.embedded) == _chunk_count(cards_dir, "ethics-checklist")
    sources = {c.source_id for c in kb._open_store().all_chunks()}
    assert "value-bridge" not in sources and "ethics-checklist" in sources
    assert report.summary().startswith("added 1 card, removed 1 card: embedded ")
    assert report.summary().endswith(f"(4 cards, {_chunk_count(cards_dir)} chunks, 0 documents)")


def test_summaries_name_cards_and_documents_in_the_right_number() -> None:
    from pm_assistant.knowledge.indexer import SyncReport, describe_sources

    assert describe_sources(["a", "user:x", "user:y"]) == "1 card and 2 documents"
    assert describe_sources(["user:x"]) == "1 document" and describe_sources(["a", "b"]) == "2 cards"
    manifest = Manifest(embedding="e", sources={"a": "1", "user:x": "2"}, chunks=1)
    removed = SyncReport(removed=["user:y"], seconds=0.12, manifest=manifest)
    assert removed.summary() == "removed 1 document in 0.1 s (1 card, 1 chunk, 1 document)"
    added = SyncReport(added=["user:x", "user:z"], chunks_embedded=3, seconds=1.0, manifest=manifest)
    assert added.summary() == "added 2 documents: embedded 3 chunks in 1.0 s (1 card, 1 chunk, 1 document)"


def test_model_change_rebuilds_everything(make_kb, cards_dir: Path) -> None:
    make_kb().refresh()
    other = HashingEmbeddingFunction("hash-v2")
    kb = make_kb(ef=other)
    assert "another embedding model" in kb.status().detail
    report = kb.refresh()
    assert report.rebuilt and len(other.embedded) == _chunk_count(cards_dir)
    assert kb._open_store().count() == _chunk_count(cards_dir)
    assert kb.status().current


def test_another_embedding_function_replaces_the_collection(make_kb, cards_dir: Path, pm_home: Path) -> None:
    make_kb().refresh()
    other = OtherHashingEmbeddingFunction()
    kb = make_kb(ef=other)
    assert not kb.status().current
    report = kb.refresh()  # chroma refuses the persisted collection for another function: it is recreated
    assert report.rebuilt and len(other.embedded) == _chunk_count(cards_dir)
    assert kb._open_store().collection.configuration["embedding_function"].name() == other.name()
    assert make_kb(ef=OtherHashingEmbeddingFunction()).status().current


def test_rebuild_flag_rebuilds(make_kb, cards_dir: Path, fake_ef) -> None:
    make_kb().refresh()
    fake_ef.embedded.clear()
    report = make_kb().refresh(rebuild=True)
    assert report.rebuilt and len(fake_ef.embedded) == _chunk_count(cards_dir)
    assert report.summary().startswith("built the index")


def test_interrupted_sync_is_repaired(make_kb, cards_dir: Path, monkeypatch) -> None:
    from pm_assistant.knowledge.cards import CARDS_DIR

    make_kb().refresh()
    (cards_dir / "tech-trend-radar.md").write_text((CARDS_DIR / "tech-trend-radar.md").read_text())

    def crash(self, manifest):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:  # chunks are added, then the process dies before the manifest
        patch.setattr(ChunkStore, "write_manifest", crash)
        with pytest.raises(KeyboardInterrupt):
            make_kb().refresh()
    kb = make_kb()
    report = kb.refresh()
    assert report.added == ["tech-trend-radar"]
    assert kb._open_store().count() == _chunk_count(cards_dir)


def test_unreadable_manifest_means_rebuild(make_kb, pm_home: Path) -> None:
    kb = make_kb()
    kb.refresh()
    kb._open_store().collection.modify(metadata={MANIFEST_KEY: "{not json"})
    (pm_home / "index" / "manifest.json").write_text("garbage")
    assert make_kb().refresh().rebuilt


def test_manifest_round_trip() -> None:
    manifest = Manifest(embedding="e", sources={"a": "1", "user:x": "2"}, chunks=7)
    assert Manifest.from_json(manifest.to_json()) == manifest
    assert manifest.counts() == (1, 1)
    assert Manifest.from_json(json.dumps({"embedding": "e"})) is None
    assert Manifest.from_json(None) is None


def test_progress_bar_only_for_big_builds_on_a_terminal(monkeypatch) -> None:
    monkeypatch.setattr(indexer.sys.stderr, "isatty", lambda: True, raising=False)
    with indexer.embedding_progress(indexer.PROGRESS_MIN_CHUNKS - 1) as advance:
        assert advance is None
    with indexer.embedding_progress(indexer.PROGRESS_MIN_CHUNKS) as advance:
        assert callable(advance)
        advance(indexer.PROGRESS_MIN_CHUNKS)
    monkeypatch.setattr(indexer.sys.stderr, "isatty", lambda: False, raising=False)
    with indexer.embedding_progress(10_000) as advance:
        assert advance is None
