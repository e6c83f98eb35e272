"""Fixtures for knowledge tests: a temp copy of the cards, knowledge bases over the fake embedding, and one
real-model index shared by the session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pm_assistant.core.config import Settings, load_settings
from pm_assistant.knowledge.cards import CARDS_DIR
from pm_assistant.knowledge.search import KnowledgeBase
from tests.knowledge.fakes import HashingEmbeddingFunction

SAMPLE_CARDS = ("poc-four-steps", "value-bridge", "ai-cost-calculator", "rag-triad")


@pytest.fixture
def cards_dir(tmp_path: Path) -> Path:
    """A writable copy of a few real cards."""
    target = tmp_path / "frameworks"
    target.mkdir()
    for card_id in SAMPLE_CARDS:
        shutil.copy(CARDS_DIR / f"{card_id}.md", target / f"{card_id}.md")
    return target


@pytest.fixture
def fake_ef() -> HashingEmbeddingFunction:
    """A fresh fake embedding function (its `embedded` list starts empty)."""
    return HashingEmbeddingFunction()


@pytest.fixture
def make_kb(cards_dir: Path, fake_ef: HashingEmbeddingFunction, pm_home: Path):
    """Build KnowledgeBase objects over the temp cards and the fake embedding (same home each time)."""

    def make(ef: HashingEmbeddingFunction | None = None, directory: Path | None = None) -> KnowledgeBase:
        return KnowledgeBase(load_settings(), embedding_function=ef or fake_ef, cards_dir=directory or cards_dir)

    return make


@pytest.fixture(scope="session")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The real MiniLM model over all packaged cards, built once per session in its own home."""
    kb = KnowledgeBase(Settings(home=tmp_path_factory.mktemp("real-home")))
    kb.refresh()
    return kb
