"""LLM mode end to end: the real `openai` client (via langchain-openai) against a loopback server."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from pm_assistant.agent.engine.assistant import build_assistant
from pm_assistant.agent.engine.endpoint import EndpointError
from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply
from pm_assistant.core.config import Settings
from tests.agent.fakes import knowledge_base


def _settings(home: Path, url: str, timeout_s: float = 5.0) -> Settings:
    return Settings(home=home, api_key="test-key", base_url=url, model="loopback-model",
                    timeout_s=timeout_s, max_retries=0)


def _calculator_script() -> list[Reply]:
    return [
        Reply(tool_calls=[{"name": "roi_payback", "arguments": {"investment": 800000, "annual_benefit": 1500000}}],
              prompt_tokens=1800, completion_tokens=20),
        Reply(content="The system pays back in 6.4 months.", prompt_tokens=1900, completion_tokens=12),
    ]


def test_tool_call_round_trip_through_the_real_client(pm_home: Path) -> None:
    with LoopbackOpenAI(_calculator_script()) as server:
        assistant = build_assistant(_settings(pm_home, server.url), kb=knowledge_base())
        answer = assistant.ask("We invest 800k and save 1.5M a year: payback?")
    assert answer.mode == "llm"
    assert answer.answer == "The system pays back in 6.4 months."
    assert answer.tool_calls[0]["result"]["payback_months"] == 6.4
    assert answer.usage.llm_calls == 2
    assert answer.usage.prompt_tokens == 3700 and answer.usage.completion_tokens == 32
    first, second = server.requests
    assert first["model"] == "loopback-model"
    assert {t["function"]["name"] for t in first["tools"]} >= {"search_knowledge", "roi_payback"}
    assert second["messages"][-1]["role"] == "tool" and "6.4" in second["messages"][-1]["content"]
    assert answer.self_check.passed


def test_streaming_delivers_tokens_and_the_same_answer(pm_home: Path) -> None:
    tokens: list[str] = []
    with LoopbackOpenAI(_calculator_script()) as server:
        assistant = build_assistant(_settings(pm_home, server.url), kb=knowledge_base())
        answer = assistant.ask("payback of 800k vs 1.5M a year?", on_token=tokens.append)
    assert all(request.get("stream") for request in server.requests)
    assert "".join(tokens) == "The system pays back in 6.4 months."
    assert answer.tool_calls[0]["name"] == "roi_payback"


@pytest.mark.parametrize(("status", "phrase"), [(429, "rate-limiting"), (500, "HTTP 500"), (401, "API key")])
def test_http_errors_become_one_line_explanations(pm_home: Path, status: int, phrase: str) -> None:
    with LoopbackOpenAI([Reply(status=status, content="nope")]) as server:
        assistant = build_assistant(_settings(pm_home, server.url), kb=knowledge_base())
        with pytest.raises(EndpointError, match=phrase):
            assistant.ask("hello")
        assert assistant.history == []


def test_unreachable_endpoint_is_explained(pm_home: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assistant = build_assistant(_settings(pm_home, f"http://127.0.0.1:{port}/v1"), kb=knowledge_base())
    with pytest.raises(EndpointError, match="cannot reach"):
        assistant.ask("hello")


def test_timeout_is_explained(pm_home: Path) -> None:
    with LoopbackOpenAI([Reply(content="late", delay_s=2.0)]) as server:
        assistant = build_assistant(_settings(pm_home, server.url, timeout_s=0.5), kb=knowledge_base())
        with pytest.raises(EndpointError, match="timed out"):
            assistant.ask("hello")


def test_malformed_tool_arguments_from_the_server_go_back_to_the_model(pm_home: Path) -> None:
    replies = [
        Reply(tool_calls=[{"name": "roi_payback", "arguments": '{"investment": 800000, "annual_'}]),
        Reply(tool_calls=[{"name": "roi_payback", "arguments": {"investment": 800000, "annual_benefit": 1500000}}]),
        Reply(content="It pays back in 6.4 months."),
    ]
    with LoopbackOpenAI(replies) as server:
        answer = build_assistant(_settings(pm_home, server.url), kb=knowledge_base()).ask(
            "We invest 800k and save 1.5M a year: payback?")
    error_reply = next(m for m in server.requests[1]["messages"] if m["role"] == "tool")
    assert "roi_payback" in error_reply["content"] and "malformed" in error_reply["content"]
    assert answer.answer == "It pays back in 6.4 months."
    assert answer.tool_calls[-1]["result"]["payback_months"] == 6.4
