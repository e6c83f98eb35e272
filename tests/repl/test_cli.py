"""`pm-assistant chat` as a real process with piped stdin: commands, a question, and `--continue`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pm_assistant.agent.testing.loopback_openai import LoopbackOpenAI, Reply

pytestmark = pytest.mark.integration


def chat(*argv: str, stdin: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the console entry point with `stdin` piped in (so not a terminal)."""
    return subprocess.run([sys.executable, "-m", "pm_assistant.agent.cli.app", *argv], input=stdin, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120, check=False)


def test_bare_command_starts_the_chat_and_exits_cleanly_on_piped_commands() -> None:
    done = chat(stdin="/help\n/model\n/exit\n")
    assert done.returncode == 0, done.stderr
    assert "/review PATH" in done.stdout and "/exit" in done.stdout
    assert "Running offline" in done.stdout and "› /model\noffline planner" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_piped_question_is_answered_and_continue_resumes_it(pm_home: Path) -> None:
    replies = [Reply(content="Hello from the loopback model.", prompt_tokens=900, completion_tokens=7),
               Reply(content="We spoke about greetings.", prompt_tokens=950, completion_tokens=6)]
    with LoopbackOpenAI(replies) as server:
        env = {"OPENAI_API_KEY": "test-key", "OPENAI_BASE_URL": server.url, "PM_ASSISTANT_MODEL": "gpt-4o-mini",
               "PM_ASSISTANT_MAX_RETRIES": "0"}
        first = chat("chat", stdin="say hello\n", env=env)
        second = chat("chat", "--continue", stdin="what did we talk about?\n/cost\n", env=env)
    assert first.returncode == 0, first.stderr
    assert "model: gpt-4o-mini @ 127.0.0.1" in first.stdout
    asked, answered = first.stdout.index("› say hello"), first.stdout.index("Hello from the loopback model.")
    assert asked < first.stdout.index("[draft") < answered < first.stdout.rindex("self-check")
    assert "preparing the knowledge index" in first.stdout[asked:answered]  # a fresh home builds it once
    (transcript,) = (pm_home / "transcripts").glob("*.json")
    assert second.returncode == 0, second.stderr
    assert f"resumed session {transcript.stem} (1 turns)" in second.stdout
    assert "We spoke about greetings." in second.stdout and "1,850" in second.stdout  # tokens of both turns
    resumed_request = server.requests[1]["messages"]
    assert [m["content"] for m in resumed_request if m["role"] == "user"] == ["say hello", "what did we talk about?"]
