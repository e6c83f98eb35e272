"""Fixtures for the offline planner tests."""

from __future__ import annotations

import pytest

from pm_assistant.agent.offline.planner import OfflinePlanner
from tests.offline.fakes import ALL_TOOLS


@pytest.fixture
def planner() -> OfflinePlanner:
    """The planner as the agent binds it: every tool available."""
    return OfflinePlanner().bind_tools([{"name": name} for name in ALL_TOOLS])
