"""The development set of planted hallucinations, one scenario of each kind plus honest controls, replayed through
the loopback server and the real `openai` client (streaming and not), with the real index and documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.agent.testing.planted import Scenario, knowledge_home, load_scenarios, replay

DATA = Path(__file__).parent / "data"
SCENARIOS = load_scenarios(DATA / "planted_dev.jsonl")
ONE_PER_KIND = list({s.kind: s for s in SCENARIOS if s.planted}.values())
HONEST = [s for s in SCENARIOS if not s.planted][::3]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory):
    documents = sorted({DATA / "docs" / name for s in SCENARIOS for name in s.documents})
    with knowledge_home(tmp_path_factory.mktemp("planted"), documents) as prepared:
        yield prepared


def test_the_set_is_large_and_bilingual() -> None:
    assert sum(s.planted for s in SCENARIOS) >= 40 and sum(not s.planted for s in SCENARIOS) >= 20
    assert {s.lang for s in SCENARIOS} == {"en", "zh"} and len(ONE_PER_KIND) >= 12


@pytest.mark.real_model
@pytest.mark.parametrize("scenario", ONE_PER_KIND, ids=[s.id for s in ONE_PER_KIND])
def test_a_planted_error_fails_the_self_check(settings, scenario: Scenario) -> None:
    answer = replay(scenario, settings, stream=False)
    assert not answer.self_check.passed and answer.revised  # the repair round was asked for, and did not fix it


@pytest.mark.real_model
@pytest.mark.parametrize("scenario", HONEST, ids=[s.id for s in HONEST])
def test_an_honest_answer_passes_streaming_too(settings, scenario: Scenario) -> None:
    answer = replay(scenario, settings, stream=True)
    assert answer.self_check.passed, answer.self_check.checks
    assert answer.answer == scenario.answer and not answer.revised
