"""The chat loop driven by scripted input: answers, faults, cancelling, and the saved transcript."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from rich.console import Console

from pm_assistant.agent.repl.loop import run_chat
from tests.agent.fakes import ScriptedChatModel, scripted
from tests.repl.harness import (
    POC_ANSWER,
    POC_QUESTION,
    factory_of,
    make_session,
    output_of,
    poc_replies,
    recording_console,
    run_script,
)


def test_a_question_is_answered_with_the_self_check_line_under_it() -> None:
    session = make_session(*poc_replies())
    out = run_script(session, [POC_QUESTION, "/exit"])
    lines = [line.rstrip() for line in out.splitlines()]
    answer_at = lines.index(POC_ANSWER)
    assert lines[answer_at - 1] == f"› {POC_QUESTION}"
    assert lines[answer_at + 1] == "self-check passed: ✓ prompt  ✓ retrieval  ✓ grounding  ✓ knowledge"
    assert f"bye: session {session.id} is saved" in out


def test_offline_mode_says_so_once_with_how_to_configure_an_llm() -> None:
    out = run_script(make_session(AIMessage(content="One."), AIMessage(content="Two.")), ["a", "b"])
    assert out.count("Running offline") == 1 and "OPENAI_API_KEY" in out
    assert out.index("Running offline") < out.index("› a")


def test_llm_mode_names_the_model_and_host_instead() -> None:
    out = run_script(make_session(mode="llm"), [])
    assert "model: gpt-4o-mini @ api.openai.com" in out and "Running offline" not in out


def test_transcript_is_saved_after_every_turn(pm_home: Path) -> None:
    session = make_session(*poc_replies(), AIMessage(content="Two people at most."))
    run_script(session, [POC_QUESTION, "How many people?"])
    path = pm_home / "transcripts" / f"{session.id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["id"] == session.id and data["version"] == 1
    assert [t["answer"]["question"] for t in data["turns"]] == [POC_QUESTION, "How many people?"]
    assert data["turns"][0]["answer"]["sources"][0]["id"] == "poc-four-steps"
    assert data["turns"][0]["model"] == "offline"
    assert [m["type"] for m in data["messages"]] == ["human", "ai", "tool", "ai", "human", "ai"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp files left behind


def test_a_failed_save_keeps_the_previous_transcript_intact(pm_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = make_session(*poc_replies(), AIMessage(content="Second answer."))
    console = recording_console()
    script = iter([POC_QUESTION, "again"])

    def read_line(prompt: str | None = None) -> str:
        line = next(script, None)
        if line is None:
            raise EOFError
        if line == "again":  # the disk fills up before the second save
            monkeypatch.setattr(os, "replace", _failing_replace)
        return line

    run_chat(session, read_line, console)
    out = output_of(console)
    assert "could not save the transcript" in out and "No space left on device" in out
    assert "Second answer." in out  # the session went on
    assert "is saved" not in out and "could not be saved" in out
    path = pm_home / "transcripts" / f"{session.id}.json"
    assert len(json.loads(path.read_text(encoding="utf-8"))["turns"]) == 1
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def _failing_replace(src: str, dst: str) -> None:
    raise OSError(28, "No space left on device")


def test_continue_resumes_the_latest_session_with_its_history() -> None:
    first = make_session(*poc_replies())
    run_script(first, [POC_QUESTION])

    model = scripted(AIMessage(content="As I said: 10 days."))
    second = make_session(model=model)
    out = run_script(second, ["remind me?"], resume=True)
    assert f"resumed session {first.id} (1 turns)" in out
    assert second.id == first.id and len(second.turns) == 2
    sent = [m.content for m in model.received[0] if isinstance(m, HumanMessage)]
    assert sent == [POC_QUESTION, "remind me?"]
    data = json.loads(first.store.path_for(first.id).read_text(encoding="utf-8"))
    assert len(data["turns"]) == 2


def test_continue_restores_the_last_answer_for_sources_and_check() -> None:
    first = make_session(*poc_replies())
    run_script(first, [POC_QUESTION])
    out = run_script(make_session(), ["/sources", "/check"], resume=True)
    assert "Proof-of-concept in four steps" in out and "cites poc-four-steps" in out


def test_continue_without_a_saved_session_starts_fresh() -> None:
    out = run_script(make_session(AIMessage(content="Hi.")), ["hello"], resume=True)
    assert "no saved session to continue: starting a new one" in out and "Hi." in out


@pytest.mark.parametrize("content", ["{not json", '{"version": 1, "id": "x"}', '{"version": 99}', "[]"])
def test_a_corrupt_transcript_is_reported_kept_and_a_new_session_starts(pm_home: Path, content: str) -> None:
    folder = pm_home / "transcripts"
    folder.mkdir()
    broken = folder / "20200101-000000-dead.json"
    broken.write_text(content, encoding="utf-8")
    session = make_session(AIMessage(content="Fresh start."))
    out = run_script(session, ["hello"], resume=True)
    assert "could not resume: 20200101-000000-dead.json" in out and "the file is kept" in out
    assert "Fresh start." in out and session.id != "20200101-000000-dead"
    assert broken.read_text(encoding="utf-8") == content


class InterruptOnce(ScriptedChatModel):
    """A model whose first call is interrupted by Ctrl-C, as if the user pressed it mid-answer."""

    interrupted: bool = False

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        if not self.interrupted:
            self.interrupted = True
            raise KeyboardInterrupt
        return super()._generate(messages, stop, run_manager, **kwargs)


def test_ctrl_c_cancels_the_answer_not_the_session() -> None:
    model = InterruptOnce(script=[AIMessage(content="Here you go.")], received=[], bound_tools=[])
    session = make_session(model=model)
    out = run_script(session, ["long question", "short question"])
    assert "cancelled: that answer was dropped" in out and "Here you go." in out
    humans = [m.content for m in session.assistant.history if isinstance(m, HumanMessage)]
    assert humans == ["short question"]
    assert [t.answer.question for t in session.turns] == ["short question"]


def test_ctrl_c_at_the_prompt_clears_the_line_and_ctrl_d_leaves() -> None:
    session = make_session(AIMessage(content="Answered."))
    console = recording_console()
    events: list[object] = [KeyboardInterrupt, "question", EOFError]

    def read_line(prompt: str | None = None) -> str:
        event = events.pop(0)
        if isinstance(event, type):
            raise event
        return event

    assert run_chat(session, read_line, console) == 0
    assert "Answered." in output_of(console) and not events


def test_an_unexpected_error_in_a_turn_is_one_line_and_the_session_goes_on() -> None:
    session = make_session(AIMessage(content="Recovered."))
    real_ask = session.assistant.ask
    calls = []

    def flaky(question: str, **kwargs):
        calls.append(question)
        if len(calls) == 1:
            raise RuntimeError("disk on fire")
        return real_ask(question, **kwargs)

    session.assistant.ask = flaky
    out = run_script(session, ["first", "second"])
    assert "error: RuntimeError: disk on fire" in out and "Traceback" not in out
    assert "Recovered." in out


def test_blank_lines_are_ignored_and_end_of_input_leaves() -> None:
    session = make_session()
    out = run_script(session, ["", "   "])
    assert out.rstrip().endswith("bye") and session.turns == []


def test_slash_exit_stops_reading() -> None:
    session = make_session(AIMessage(content="never"))
    out = run_script(session, ["/exit", "a question that is never read"])
    assert "never read" not in out and session.turns == []


def test_switching_to_offline_mid_session_answers_with_the_planner() -> None:
    session = make_session(AIMessage(content="From the LLM."), mode="llm")
    session.factory = factory_of({"offline": lambda: scripted(AIMessage(content="From the planner.")),
                                  "llm": scripted}, session.settings)
    out = run_script(session, ["first", "/model offline", "second"])
    assert out.index("From the LLM.") < out.index("switched to the offline planner") < out.index("From the planner.")
    assert [t.model for t in session.turns] == ["gpt-4o-mini", "offline"]


def test_a_stale_knowledge_index_is_prepared_once_before_the_first_answer() -> None:
    from tests.agent.fakes import CARDS, FakeKnowledgeBase, FakeStatus

    class RefreshableKnowledgeBase(FakeKnowledgeBase):
        refreshed: int = 0

        def refresh(self) -> None:
            self.refreshed += 1
            self.index_status = FakeStatus()

    kb = RefreshableKnowledgeBase(passages=list(CARDS), index_status=FakeStatus(current=False))
    session = make_session(AIMessage(content="One."), AIMessage(content="Two."))
    session.assistant.kb = kb
    terminal = Console(file=io.StringIO(), width=100, force_terminal=True, color_system=None)
    out = run_script(session, ["first", "second"], console=terminal)
    assert kb.refreshed == 1 and out.count("preparing the knowledge index") == 1
    assert out.index("preparing the knowledge index") < out.index("One.")


def test_debug_shows_the_traceback_of_a_failed_turn() -> None:
    session = make_session()

    def broken(question: str, **kwargs):
        raise RuntimeError("disk on fire")

    session.assistant.ask = broken
    out = run_script(session, ["a question"], debug=True)
    assert "error: RuntimeError: disk on fire" in out and "Traceback" in out and "broken" in out
