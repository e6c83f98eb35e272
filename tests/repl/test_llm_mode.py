"""LLM mode in the REPL with the real OpenAI client against a loopback server: streaming, revisions, faults."""

from __future__ import annotations

import io
import os
import signal
import socket
import threading
import time

import pytest
from langchain_core.messages import AIMessage
from rich.console import Console

from pm_assistant.agent.engine.assistant import build_assistant
from pm_assistant.agent.repl.session import ChatSession
from pm_assistant.agent.repl.transcript import TranscriptStore
from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply
from tests.agent.fakes import knowledge_base, scripted
from tests.repl.harness import factory_of, llm_settings, output_of, run_script

ANSWER = "A POC compares at most 3 options in 10 days [poc-four-steps]."


def search_then_answer(answer: str = ANSWER) -> list[Reply]:
    return [Reply(tool_calls=[{"name": "search_knowledge", "arguments": {"query": "POC limits"}}],
                  prompt_tokens=1500, completion_tokens=20),
            Reply(content=answer, prompt_tokens=1700, completion_tokens=30)]


def llm_session(url: str, *, timeout_s: float = 5.0, offline_reply: str = "Offline answer.") -> ChatSession:
    """A real LLM-mode session on the loopback endpoint; going offline uses a scripted stand-in planner."""
    settings = llm_settings(base_url=url, timeout_s=timeout_s)
    assistant = build_assistant(settings, kb=knowledge_base())
    factory = factory_of({"offline": lambda: scripted(AIMessage(content=offline_reply)), "llm": scripted}, settings)
    return ChatSession(settings, assistant, factory, TranscriptStore(settings.transcripts_dir))


def unused_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def test_answers_stream_as_they_arrive_then_the_self_check_line() -> None:
    with LoopbackOpenAI(search_then_answer()) as server:
        session = llm_session(server.url)
        out = run_script(session, ["How should a POC be limited?", "/cost"])
    assert all(request.get("stream") for request in server.requests) and len(server.requests) == 2
    assert out.count(ANSWER) == 1  # streamed once, not printed again
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if ANSWER in line)
    assert lines[at + 1].startswith("self-check passed")
    assert "model: gpt-4o-mini @ 127.0.0.1" in out
    usage = session.spent["gpt-4o-mini"]
    assert (usage.llm_calls, usage.prompt_tokens, usage.completion_tokens) == (2, 3200, 50)
    row = next(line for line in lines if "│ gpt-4o-mini" in line)
    assert "3,200" in row and "50" in row and "USD 0.0005" in row  # 3,200 x 0.00015/1k + 50 x 0.0006/1k


def test_streaming_on_a_terminal_renders_live_markdown() -> None:
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system=None)
    with LoopbackOpenAI(search_then_answer("**Cap it** at 10 days [poc-four-steps].")) as server:
        run_script(llm_session(server.url), ["How should a POC be limited?"], console=console)
    out = output_of(console)
    assert "Cap it at 10 days [poc-four-steps]." in out and "**Cap it**" not in out  # markdown, rendered
    assert "self-check passed" in out


def test_a_repaired_answer_is_shown_again_marked_revised() -> None:
    replies = [Reply(content="A POC usually takes 45 days."),
               *search_then_answer("Cap a POC at 10 days [poc-four-steps].")]
    with LoopbackOpenAI(replies) as server:
        session = llm_session(server.url)
        out = run_script(session, ["How long should a POC take?"])
    assert out.index("[draft — self-check pending]") < out.index("45 days")  # streamed, marked provisional
    sent_back = out.index("[self-check sent the draft back, revising…]")
    revised = out.index("revised after self-check: fixed ")
    assert out.index("45 days") < sent_back < revised < out.rindex("Cap a POC at 10 days [poc-four-steps].")
    assert out.count("Cap a POC at 10 days [poc-four-steps].") == 1  # the revision is printed once
    assert "'45 days' is not traceable" in out[revised:].splitlines()[0]
    assert session.last_answer.answer == "Cap a POC at 10 days [poc-four-steps]."


def test_on_a_terminal_the_revision_replaces_the_draft() -> None:
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system=None)
    replies = [Reply(content="A POC usually takes 45 days."),
               *search_then_answer("Cap a POC at 10 days [poc-four-steps].")]
    with LoopbackOpenAI(replies) as server:
        run_script(llm_session(server.url), ["How long should a POC take?"], console=console)
    final = output_of(console).rsplit("revised after self-check", 1)[1]
    assert "Cap a POC at 10 days [poc-four-steps]." in final and "45 days" not in final.split("\n", 1)[1]


def test_unreachable_endpoint_offers_offline_and_answers_there() -> None:
    session = llm_session(unused_url())
    out = run_script(session, ["What is TPF?", "y", "/model"])
    assert "LLM endpoint problem: cannot reach the LLM endpoint" in out
    assert "\nContinue offline with the built-in planner? [Y/n] y\n" in out
    assert "Offline answer." in out and "offline planner" in out.split("› /model", 1)[1]
    assert [t.model for t in session.turns] == ["offline"]


def test_declining_offline_keeps_the_llm_and_the_session() -> None:
    session = llm_session(unused_url())
    out = run_script(session, ["What is TPF?", "n", "/model"])
    assert "staying with the LLM" in out and session.assistant.mode == "llm" and session.turns == []
    assert "model: gpt-4o-mini" in out.split("› /model", 1)[1]


def test_timeout_offers_offline_too() -> None:
    with LoopbackOpenAI([Reply(content="late", delay_s=2.0)]) as server:
        session = llm_session(server.url, timeout_s=0.5)
        out = run_script(session, ["slow question", ""])  # Enter accepts the default (yes)
    assert "timed out" in out and "Offline answer." in out


@pytest.mark.parametrize(("status", "phrase"), [(429, "HTTP 429"), (500, "HTTP 500")])
def test_http_errors_are_one_line_and_the_session_continues(status: int, phrase: str) -> None:
    with LoopbackOpenAI([Reply(status=status, content="nope"), *search_then_answer()]) as server:
        session = llm_session(server.url)
        out = run_script(session, ["How do I run a POC?", "How do I run a POC, then?"])
    assert phrase in out and "Continue offline" not in out and "Traceback" not in out
    assert ANSWER in out and [t.answer.question for t in session.turns] == ["How do I run a POC, then?"]


def test_a_real_ctrl_c_while_waiting_for_the_endpoint_cancels_only_that_answer() -> None:
    with LoopbackOpenAI([Reply(content="too late", delay_s=1.5), *search_then_answer()]) as server:
        session = llm_session(server.url)

        def press_ctrl_c_once_the_request_is_in() -> None:
            while not server.requests:
                time.sleep(0.02)
            os.kill(os.getpid(), signal.SIGINT)

        threading.Thread(target=press_ctrl_c_once_the_request_is_in, daemon=True).start()
        out = run_script(session, ["slow question", "How do I run a POC?"])
    assert "cancelled: that answer was dropped" in out and ANSWER in out and "too late" not in out
    assert [t.answer.question for t in session.turns] == ["How do I run a POC?"]
