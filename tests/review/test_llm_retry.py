"""LLM mode through the real `openai` client against the loopback server: a draft with an invented quote or an
invented figure goes back to the model once with the reasons; the second draft is used."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.agent.review.build import review_file
from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply
from pm_assistant.core.config import load_settings
from tests.review.conftest import COMPLETE, HashEmbedder, draft

QUOTE = (
    "We propose a retrieval-augmented generation (RAG) assistant built on GPT-4o-mini, grounded in our "
    "help-centre articles and the order database."
)


def _reply(args: dict) -> Reply:
    return Reply(tool_calls=[{"name": "ReviewJudgements", "arguments": args}], prompt_tokens=100, completion_tokens=50)


def _review(server: LoopbackOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Review the complete sample in LLM mode, configured as a user would (environment), against the server."""
    monkeypatch.setenv("PM_ASSISTANT_HOME", str(tmp_path))
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setenv("OPENAI_BASE_URL", server.url)
    return review_file(COMPLETE, load_settings(), embedder=HashEmbedder(), search=None)


def test_a_failing_draft_goes_back_once_and_the_fixed_one_is_used(tmp_path, monkeypatch) -> None:
    questions = draft()["five_questions"]
    questions[3] = {"id": "peak_load", "status": "addressed", "evidence": "We scale to a million users.", "gap": ""}
    bad = draft(five_questions=questions, verdict="Saves ¥9.7M a year.")
    good = draft(five_questions=[{**q, "evidence": QUOTE} for q in questions])
    with LoopbackOpenAI([_reply(bad), _reply(good)]) as server:
        review = _review(server, tmp_path, monkeypatch)
    assert review.mode == "llm" and review.usage["llm_calls"] == 2
    assert review.usage["prompt_tokens"] == 200
    retry = server.requests[1]["messages"][-1]["content"]
    assert "peak_load" in retry and "9.7M" in retry and "ReviewJudgements" in retry
    assert review.five_questions[3].evidence == QUOTE and "9.7M" not in review.verdict
    assert any("went back to the model once" in n for n in review.notes)


def test_a_draft_that_fails_twice_keeps_its_checks(tmp_path, monkeypatch) -> None:
    questions = draft()["five_questions"]
    questions[0] = {"id": "core_technology", "status": "addressed", "evidence": "An invented sentence.", "gap": ""}
    bad = draft(five_questions=questions)
    with LoopbackOpenAI([_reply(bad), _reply(bad)]) as server:
        review = _review(server, tmp_path, monkeypatch)
    assert review.usage["llm_calls"] == 2 and len(server.requests) == 2
    assert review.five_questions[0].evidence is None  # the unfounded quote is dropped after the one retry
    assert server.requests[0]["tools"][0]["function"]["name"] == "ReviewJudgements"
