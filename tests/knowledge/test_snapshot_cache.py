"""The snapshot copy beside the embedded index: a new session searches from it without opening Chroma, and never
from a copy of another generation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pm_assistant.knowledge import search as search_module
from pm_assistant.knowledge.chunking import Chunk
from pm_assistant.knowledge.snapshot_cache import CHUNKS_FILE, VECTORS_FILE, load_snapshot, save_snapshot


def _chunk(n: int) -> Chunk:
    return Chunk(id=f"c{n}", source_id="poc-four-steps", kind="card", title="POC", section="Steps", text=f"step {n}",
                 lang="en", anchor="", content_hash="h", tags=("poc",))


def test_a_saved_snapshot_loads_only_under_its_own_generation(tmp_path: Path) -> None:
    vectors = np.arange(6, dtype=np.float32).reshape(2, 3)
    save_snapshot(tmp_path, "gen-1", [_chunk(1), _chunk(2)], vectors)
    loaded = load_snapshot(tmp_path, "gen-1")
    assert loaded is not None
    chunks, got = loaded
    assert [c.id for c in chunks] == ["c1", "c2"] and chunks[0].tags == ("poc",)
    assert np.array_equal(got, vectors)
    assert load_snapshot(tmp_path, "gen-2") is None
    assert load_snapshot(tmp_path, "") is None


def test_a_damaged_or_mismatched_copy_is_ignored(tmp_path: Path) -> None:
    save_snapshot(tmp_path, "gen-1", [_chunk(1), _chunk(2)], np.ones((2, 3), np.float32))
    np.save(tmp_path / VECTORS_FILE, np.ones((5, 3), np.float32))  # vectors of another write
    assert load_snapshot(tmp_path, "gen-1") is None
    (tmp_path / CHUNKS_FILE).write_text("{not json", encoding="utf-8")
    assert load_snapshot(tmp_path, "gen-1") is None


def _no_chroma(settings: object) -> None:
    raise AssertionError("the store was opened although the snapshot copy is current")


def test_a_new_session_searches_from_the_copy_and_not_from_a_stale_one(make_kb, cards_dir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_kb()
    expected = [(p.id, p.section) for p in first.search("How do I run a proof of concept?", k=3)]
    first.close()

    with monkeypatch.context() as patched:
        patched.setattr(search_module, "open_client", _no_chroma)
        second = make_kb()
        assert [(p.id, p.section) for p in second.search("How do I run a proof of concept?", k=3)] == expected

    card = cards_dir / "en" / "poc-four-steps.md"
    card.write_text(card.read_text(encoding="utf-8").replace("e-commerce", "walrus-commerce"), encoding="utf-8")
    writer = make_kb()
    writer.refresh()  # a new generation: the copy on disk is now stale
    writer.close()
    third = make_kb()
    assert any("walrus" in hit.text.lower() for hit in third.search("walrus-commerce team", k=10))
