"""Index versioning with the fake embedder: build, no-op re-index, per-card updates, model change, repair,
shipped vectors, and sessions that survive other writers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pm_assistant.knowledge import indexer
from pm_assistant.knowledge import search as search_module
from pm_assistant.knowledge.cards import load_cards
from pm_assistant.knowledge.chunking import chunk_card
from pm_assistant.knowledge.store import COLLECTION_NAME, MANIFEST_KEY, ChunkStore, Manifest
from tests.knowledge.conftest import SAMPLE_CARDS, copy_card
from tests.knowledge.fakes import HashingEmbedder


def _chunk_count(cards_dir: Path, card_id: str | None = None, lang: str | None = None) -> int:
    return sum(len(chunk_card(c)) for c in load_cards(cards_dir, lang=lang) if card_id in (None, c.id))  # type: ignore[arg-type]


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
    path = cards_dir / "en" / "rag-triad.md"
    path.write_text(path.read_text().replace("## Pitfalls\n", "## Pitfalls\n- Zanzibar quokka warning.\n"))
    kb = make_kb()
    assert kb.status().current is False and "index out of date: 1 card changed" in kb.status().detail
    report = kb.refresh()
    assert report.updated == ["rag-triad"] and not report.rebuilt and not report.added
    assert len(fake_ef.embedded) == _chunk_count(cards_dir, "rag-triad")  # both languages: one source per card
    assert all(text.startswith(("The RAG triad", "RAG 三元组")) for text in fake_ef.embedded)
    top = kb.search("zanzibar quokka", k=1)[0]
    assert (top.id, top.section) == ("rag-triad", "Pitfalls") and "Zanzibar quokka" in top.text
    assert kb._open_store().count() == _chunk_count(cards_dir)  # old chunks of the card are gone


def test_added_and_deleted_cards(make_kb, cards_dir: Path, fake_ef) -> None:
    make_kb().refresh()
    fake_ef.embedded.clear()
    for lang in ("en", "zh"):
        (cards_dir / lang / "value-bridge.md").unlink()
    copy_card("ethics-checklist", cards_dir)
    kb = make_kb()
    report = kb.refresh()
    assert (report.added, report.removed, report.updated) == (["ethics-checklist"], ["value-bridge"], [])
    assert len(fake_ef.embedded) == _chunk_count(cards_dir, "ethics-checklist")
    sources = {c.source_id for c in kb._open_store().load().chunks}
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
    other = HashingEmbedder("hash-v2")
    kb = make_kb(ef=other)
    assert "another embedding model" in kb.status().detail
    report = kb.refresh()
    assert report.rebuilt and len(other.embedded) == _chunk_count(cards_dir)
    assert kb._open_store().count() == _chunk_count(cards_dir)
    assert kb.status().current


@pytest.mark.filterwarnings("ignore:legacy embedding function config")
def test_an_index_made_by_an_older_version_is_replaced(make_kb, cards_dir: Path, pm_home: Path) -> None:
    """Older versions stored a collection with their own chroma embedding function; once that function no
    longer exists chroma cannot even describe the collection. It is rebuilt, not a crash."""
    from chromadb.api.types import Documents, EmbeddingFunction
    from chromadb.utils.embedding_functions import known_embedding_functions, register_embedding_function

    from pm_assistant.knowledge.store import open_client

    @register_embedding_function
    class RetiredFunction(EmbeddingFunction[Documents]):
        def __init__(self) -> None:
            pass

        def __call__(self, input: Documents):  # noqa: A002 - chroma's parameter name
            return [[0.5, 0.5, 0.5, 0.5] for _ in input]

        @staticmethod
        def name() -> str:
            return "pm-assistant-retired-test-function"

        def get_config(self) -> dict:
            return {}

        @staticmethod
        def build_from_config(config: dict) -> RetiredFunction:
            return RetiredFunction()

    settings = make_kb().settings
    old = open_client(settings).create_collection(COLLECTION_NAME, embedding_function=RetiredFunction())
    old.add(ids=["old"], documents=["old text"], metadatas=[{MANIFEST_KEY: "x"}])
    known_embedding_functions.pop(RetiredFunction.name())
    kb = make_kb()
    report = kb.refresh()
    assert report.rebuilt and kb._open_store().count() == _chunk_count(cards_dir)
    assert kb._open_store().collection.configuration["embedding_function"] is None
    assert kb.search("proof of concept", k=1)[0].id == "poc-four-steps"


def test_rebuild_flag_rebuilds(make_kb, cards_dir: Path, fake_ef) -> None:
    make_kb().refresh()
    fake_ef.embedded.clear()
    report = make_kb().refresh(rebuild=True)
    assert report.rebuilt and len(fake_ef.embedded) == _chunk_count(cards_dir)
    assert report.summary().startswith("built the index")


def test_interrupted_sync_is_repaired(make_kb, cards_dir: Path, monkeypatch) -> None:
    make_kb().refresh()
    copy_card("tech-trend-radar", cards_dir)

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


def test_a_lost_mirror_is_restored_without_rebuilding(make_kb, pm_home: Path, fake_ef) -> None:
    make_kb().refresh()
    mirror = pm_home / "index" / "manifest.json"
    mirror.unlink()
    fake_ef.embedded.clear()
    kb = make_kb()
    assert not kb.status().present
    assert not kb.refresh().changed and fake_ef.embedded == []
    assert mirror.exists() and kb.status().current


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


def test_shipped_vectors_are_used_for_matching_passages_only(make_kb, cards_dir: Path, fake_ef, monkeypatch) -> None:
    from pm_assistant.knowledge.card_vectors import ShippedVectors

    chunks = [c for card in load_cards(cards_dir) for c in chunk_card(card)]
    shipped_chunks = chunks[::2]
    matrix = fake_ef.embed_passages([c.retrieval_text for c in shipped_chunks])
    fake_ef.embedded.clear()
    rows = {c.vector_key: i for i, c in enumerate(shipped_chunks)}
    monkeypatch.setattr(search_module, "load_shipped", lambda: ShippedVectors(fake_ef.identity, rows, matrix))
    report = make_kb().refresh()
    assert report.chunks_shipped == len(shipped_chunks) and report.chunks_embedded == len(chunks) - len(shipped_chunks)
    assert sorted(fake_ef.embedded) == sorted(c.retrieval_text for c in chunks[1::2])
    assert f"{len(shipped_chunks)} chunks from shipped vectors" in report.summary()
    other_model = HashingEmbedder("hash-v2")  # vectors shipped for another model are never used
    assert make_kb(ef=other_model).refresh().chunks_embedded == len(chunks)


def test_status_parses_the_cards_only_when_their_files_change(make_kb, cards_dir: Path, monkeypatch) -> None:
    kb = make_kb()
    kb.refresh()
    calls = []
    real_load = search_module.load_cards
    monkeypatch.setattr(search_module, "load_cards", lambda *args, **kw: calls.append(1) or real_load(*args, **kw))
    fresh = make_kb()
    for _ in range(5):
        assert fresh.status().current
    assert len(calls) == 1
    path = cards_dir / "zh" / "rag-triad.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    assert "index out of date: 1 card changed" in fresh.status().detail and len(calls) == 2
