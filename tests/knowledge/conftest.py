"""Fixtures for knowledge tests: a temp copy of a few cards (both languages), knowledge bases over the fake
embedder, and the real-model index shared by the session (`built_home` in tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pm_assistant.core.config import Settings, load_settings
from pm_assistant.knowledge.cards import CARDS_DIR
from pm_assistant.knowledge.search import KnowledgeBase
from tests.knowledge.fakes import HashingEmbedder

SAMPLE_CARDS = ("poc-four-steps", "value-bridge", "ai-cost-calculator", "rag-triad")


def copy_card(card_id: str, target: Path) -> None:
    """Copy one card, in every language it has, into `target/<lang>/`."""
    for source in CARDS_DIR.glob(f"*/{card_id}.md"):
        (target / source.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target / source.parent.name / source.name)


@pytest.fixture
def cards_dir(tmp_path: Path) -> Path:
    """A writable copy of a few real cards, English and Chinese."""
    target = tmp_path / "frameworks"
    for card_id in SAMPLE_CARDS:
        copy_card(card_id, target)
    return target


@pytest.fixture
def fake_ef() -> HashingEmbedder:
    """A fresh fake embedder (its `embedded` list starts empty)."""
    return HashingEmbedder()


@pytest.fixture
def make_kb(cards_dir: Path, fake_ef: HashingEmbedder, pm_home: Path):
    """Build KnowledgeBase objects over the temp cards and the fake embedder (same home each time)."""

    def make(ef: HashingEmbedder | None = None, directory: Path | None = None) -> KnowledgeBase:
        return KnowledgeBase(load_settings(), embedder=ef or fake_ef, cards_dir=directory or cards_dir)

    return make


@pytest.fixture(scope="session")
def real_kb(built_home: Path) -> KnowledgeBase:
    """The real multilingual model over all packaged cards: the session's one real index."""
    return KnowledgeBase(Settings(home=built_home))


@pytest.fixture
def own_real_kb(tmp_path: Path) -> KnowledgeBase:
    """A real-model index of its own, for tests that change it (ingest, rebuild). Built from the shipped card
    vectors, so it costs about a second. (A copied index directory is no substitute: chroma keys its caches
    by collection id, which a copy shares with the original.)"""
    kb = KnowledgeBase(Settings(home=tmp_path / "home"))
    kb.refresh()
    kb.close()
    return kb
