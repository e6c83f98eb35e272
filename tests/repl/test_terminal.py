"""The prompt_toolkit input, driven through a pipe: history across sessions, Ctrl-R, paste, keys, end to end."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from pm_assistant.agent.repl.loop import run_chat
from pm_assistant.agent.repl.terminal import PromptReader, SlashCompleter
from pm_assistant.agent.repl.views import status_line
from tests.repl.harness import POC_ANSWER, POC_QUESTION, make_session, output_of, poc_replies, recording_console

UP, CTRL_C, CTRL_D, CTRL_R, ESC_ENTER = "\x1b[A", "\x03", "\x04", "\x12", "\x1b\r"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input:
        yield pipe_input


def reader(pipe: PipeInput, history: Path) -> PromptReader:
    return PromptReader(history, lambda: "status", terminal_input=pipe, terminal_output=DummyOutput())


def test_enter_sends_and_the_line_goes_to_the_history_file(pipe: PipeInput, tmp_path: Path) -> None:
    history = tmp_path / "home" / "history"
    read = reader(pipe, history)
    pipe.send_text("what is TPF?\r")
    assert read() == "what is TPF?"
    assert "+what is TPF?" in history.read_text(encoding="utf-8")


def test_history_carries_across_sessions(tmp_path: Path) -> None:
    history = tmp_path / "history"
    with create_pipe_input() as first:
        read = reader(first, history)
        first.send_text("older question\r")
        read()
        first.send_text("newer question\r")
        read()
    with create_pipe_input() as second:
        read = reader(second, history)
        second.send_text(UP + UP + "\r")
        assert read() == "older question"
        second.send_text(CTRL_R + "newer" + "\r" + "\r")  # reverse search, accept the match, send it
        assert read() == "newer question"


def test_multi_line_paste_is_one_message_and_esc_enter_adds_a_line(pipe: PipeInput, tmp_path: Path) -> None:
    read = reader(pipe, tmp_path / "history")
    pipe.send_text(f"{PASTE_START}first line\nsecond line{PASTE_END}\r")
    assert read() == "first line\nsecond line"
    pipe.send_text(f"one{ESC_ENTER}two\r")
    assert read() == "one\ntwo"


def test_ctrl_c_and_ctrl_d_raise_for_the_loop(pipe: PipeInput, tmp_path: Path) -> None:
    read = reader(pipe, tmp_path / "history")
    pipe.send_text("half typed" + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        read()
    pipe.send_text(CTRL_D)
    with pytest.raises(EOFError):
        read()


def test_questions_do_not_enter_the_history(pipe: PipeInput, tmp_path: Path) -> None:
    history = tmp_path / "history"
    read = reader(pipe, history)
    pipe.send_text("y\r")
    assert read("Continue offline? [Y/n] ") == "y"
    assert not history.exists() or "+y" not in history.read_text(encoding="utf-8")


def test_tab_completes_commands_and_paths(tmp_path: Path) -> None:
    (tmp_path / "proposal.md").write_text("x", encoding="utf-8")
    completer = SlashCompleter()

    def complete(text: str) -> list[str]:
        return [c.text for c in completer.get_completions(Document(text), CompleteEvent())]

    assert complete("/he") == ["/help"]
    assert set(complete("/c")) == {"/check", "/cost", "/clear"}
    assert complete(f"/review {tmp_path}/prop") == ["osal.md"]
    assert complete("what is /he") == [] and complete("/help x") == []


def test_the_whole_repl_through_a_real_prompt_session(pipe: PipeInput, pm_home: Path) -> None:
    session = make_session(*poc_replies())
    console = recording_console()
    read = PromptReader(pm_home / "history", lambda: status_line(session), terminal_input=pipe,
                        terminal_output=DummyOutput())
    pipe.send_text(f"/hepl\r{POC_QUESTION}\r/sources\r/exit\r")
    assert run_chat(session, read, console) == 0
    out = output_of(console)
    assert "unknown command /hepl — did you mean /help?" in out
    assert POC_ANSWER in out and "Proof-of-concept in four steps" in out and "bye: session" in out
    assert [t.answer.question for t in session.turns] == [POC_QUESTION]
    assert f"+{POC_QUESTION}" in (pm_home / "history").read_text(encoding="utf-8")


def test_status_line_names_the_mode_and_counts_tokens() -> None:
    offline = make_session(AIMessage(content="Hi."))
    assert status_line(offline).strip().startswith("offline planner · 0 turns · 0 tokens")
    llm = make_session(AIMessage(content="Hi."), mode="llm")
    llm.record(llm.assistant.ask("hello"))
    usage = llm.total_usage()
    tokens = usage.prompt_tokens + usage.completion_tokens
    expected = f"model: gpt-4o-mini @ api.openai.com · 1 turns · {tokens:,} tokens"
    assert status_line(llm).strip().startswith(expected) and usage.prompt_tokens > 0


def test_the_status_line_is_drawn_under_the_prompt(pipe: PipeInput, tmp_path: Path) -> None:
    screen = io.StringIO()
    terminal = Vt100_Output(screen, get_size=lambda: Size(rows=30, columns=100), term="xterm", enable_cpr=True)
    session = make_session()
    read = PromptReader(tmp_path / "history", lambda: status_line(session), terminal_input=pipe,
                        terminal_output=terminal)

    def type_once_drawn() -> None:
        pipe.send_text("\x1b[5;1R")  # the terminal's reply to prompt_toolkit's cursor-position request
        for _ in range(400):  # wait (up to 20 s) for the first full drawing, then press Enter
            if "tokens" in screen.getvalue():
                break
            time.sleep(0.05)
        pipe.send_text("done\r")

    threading.Thread(target=type_once_drawn, daemon=True).start()
    assert read() == "done"
    assert "offline planner · 0 turns · 0 tokens · /help for commands" in screen.getvalue()
