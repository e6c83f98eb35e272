"""Fixtures for the offline planner tests: a planner bound to every tool, and the labelled questions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agent.offline.planner import OfflinePlanner
from tests.offline.fakes import ALL_TOOLS

LABELLED = Path(__file__).with_name("questions.jsonl")


def load_labelled() -> list[dict[str, Any]]:
    """The labelled question set: question, expected intent, and for calculators the key arguments."""
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def planner() -> OfflinePlanner:
    """The planner as the agent binds it: every tool available."""
    return OfflinePlanner().bind_tools([{"name": name} for name in ALL_TOOLS])
