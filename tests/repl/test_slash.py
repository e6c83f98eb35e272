"""Slash commands through the one pure function, `handle_slash_command`, without a terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from rich.console import Console

from pm_assistant.agent.engine.usage import Usage
from pm_assistant.agent.repl import actions
from pm_assistant.agent.repl.session import ChatSession
from pm_assistant.agent.repl.slash import COMMANDS, SlashResult, handle_slash_command
from tests.agent.fakes import scripted
from tests.repl.harness import (
    POC_ANSWER,
    POC_QUESTION,
    factory_of,
    llm_settings,
    make_session,
    output_of,
    poc_replies,
    recording_console,
)

REQUIRED = ["/help", "/tools", "/sources", "/check", "/cost", "/review", "/diagnose", "/ingest", "/model", "/save",
            "/clear", "/exit"]


def shown(result: SlashResult) -> str:
    """The text a result prints, rendered as the REPL's console would."""
    console = recording_console()
    result.print_to(console)
    return output_of(console)


def flat(text: str) -> str:
    """Text with line wrapping undone, for phrases that may wrap."""
    return " ".join(text.split())


def answered(*, mode: str = "offline", **kwargs) -> ChatSession:
    session = make_session(*poc_replies(), mode=mode, **kwargs)
    session.record(session.assistant.ask(POC_QUESTION))
    return session


def test_help_lists_every_required_command_with_a_description() -> None:
    text = shown(handle_slash_command("/help", make_session()))
    for name in REQUIRED:
        line = next(row for row in text.splitlines() if row.startswith(name))
        assert len(line.split(maxsplit=1)[1].strip()) > 5, f"{name} has no description"
    assert "Ctrl-R" in text and "Esc Enter" in text
    assert [c.name for c in COMMANDS] == REQUIRED


@pytest.mark.parametrize(("typed", "expected"), [
    ("/hepl", "did you mean /help?"), ("/sorces", "did you mean /sources?"), ("/qiut", "did you mean /exit?")])
def test_unknown_command_suggests_the_closest_one(typed: str, expected: str) -> None:
    result = handle_slash_command(typed, make_session())
    text = shown(result)
    assert f"unknown command {typed}" in text and expected in text and "/help" in text
    assert not result.exit


def test_unknown_command_without_a_close_match_points_to_help() -> None:
    text = shown(handle_slash_command("/xyzzy now", make_session()))
    assert "unknown command /xyzzy — type /help" in text and "did you mean" not in text


def test_a_bare_slash_shows_the_help() -> None:
    assert "/diagnose PATH" in shown(handle_slash_command("/", make_session()))


@pytest.mark.parametrize("line", ["/exit", "/quit", "/EXIT"])
def test_exit_and_quit_end_the_session(line: str) -> None:
    assert handle_slash_command(line, make_session()).exit


def test_sources_and_check_before_any_answer_say_so() -> None:
    session = make_session()
    assert "no answer yet" in shown(handle_slash_command("/sources", session))
    assert "no answer yet" in shown(handle_slash_command("/check", session))


def test_sources_show_the_last_answers_passages() -> None:
    text = shown(handle_slash_command("/sources", answered()))
    row = next(line for line in text.splitlines() if "poc-four-steps" in line)
    assert "Proof-of-concept in four steps" in row and "How to apply it" in row and "1.00" in row


def test_check_shows_all_four_layers_in_full() -> None:
    session = answered()
    text = shown(handle_slash_command("/check", session))
    assert "self-check passed" in text
    for check in session.last_answer.self_check.checks:
        row = next(line for line in text.splitlines() if f" {check.name} " in line)
        assert check.status in row and check.detail in row
    assert "cites poc-four-steps" in text


def test_check_shows_a_failed_layer() -> None:
    session = make_session(AIMessage(content="Use the scoring card [investment-scoring-card]."))
    session.record(session.assistant.ask("How do I prioritise?"))
    text = shown(handle_slash_command("/check", session))
    assert "self-check FAILED" in text
    assert "cites sources it did not retrieve: investment-scoring-card" in text


def test_cost_offline_is_zero() -> None:
    text = shown(handle_slash_command("/cost", answered()))
    row = next(line for line in text.splitlines() if "│ offline" in line)
    assert [cell.strip() for cell in row.strip("│ ").split("│")] == ["offline", "0", "0", "0", "0"]
    assert "no LLM calls" in text


def test_cost_prices_the_session_tokens_of_a_listed_model() -> None:
    session = answered(mode="llm")  # llm_settings() uses gpt-4o-mini, which the built-in table prices
    usage = session.spent["gpt-4o-mini"]
    assert usage.llm_calls == 2 and usage.prompt_tokens > 0
    text = shown(handle_slash_command("/cost", session))
    row = next(line for line in text.splitlines() if "gpt-4o-mini" in line and "│" in line)
    expected = (usage.prompt_tokens * 0.00015 + usage.completion_tokens * 0.0006) / 1000
    assert f"{usage.prompt_tokens:,}" in row and f"USD {expected:,.4f}" in row
    assert "as of 2025-06-01" in flat(text)


def test_cost_of_an_unlisted_model_says_how_to_give_a_price(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    session = make_session(mode="llm", settings=llm_settings(model="house-model"))
    session.spent["house-model"] = Usage(llm_calls=1, prompt_tokens=2000, completion_tokens=1000)
    text = shown(handle_slash_command("/cost", session))
    assert "unknown" in text and "PM_ASSISTANT_PRICES" in text and "house-model" in text

    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({"as_of": "2026-01-01", "currency": "EUR",
                                  "models": {"house-model": {"input_per_1k": 0.01, "output_per_1k": 0.02}}}))
    monkeypatch.setenv("PM_ASSISTANT_PRICES", str(prices))
    text = shown(handle_slash_command("/cost", session))
    assert "EUR 0.0400" in text and "as of 2026-01-01" in flat(text)


def test_model_shows_the_mode_and_switches_keeping_history() -> None:
    settings = llm_settings(base_url="http://127.0.0.1:9/v1")
    factory = factory_of({"offline": scripted, "llm": scripted,
                          "gpt-4.1": lambda: scripted(AIMessage(content="Still here."))}, settings)
    session = answered(mode="llm", settings=settings, factory=factory)
    assert "model: gpt-4o-mini @ 127.0.0.1:9" in shown(handle_slash_command("/model", session))

    assert "switched to model: gpt-4.1" in shown(handle_slash_command("/model gpt-4.1", session))
    assert session.model_label == "gpt-4.1" and session.assistant.mode == "llm"
    answer = session.assistant.ask("and then?")
    assert answer.answer == "Still here."
    humans = [m.content for m in session.assistant.history if isinstance(m, HumanMessage)]
    assert humans == [POC_QUESTION, "and then?"]

    assert "offline planner" in shown(handle_slash_command("/model offline", session))
    assert session.assistant.mode == "offline" and len(session.assistant.history) == 6
    assert "already" in shown(handle_slash_command("/model offline", session))


def test_model_name_without_an_endpoint_explains_how_to_configure_one() -> None:
    session = make_session()
    text = shown(handle_slash_command("/model gpt-4o", session))
    assert "OPENAI_API_KEY" in text and session.assistant.mode == "offline"


def test_save_writes_markdown_by_default_under_the_transcripts_folder(tmp_path: Path) -> None:
    session = answered()
    text = shown(handle_slash_command("/save", session))
    path = session.settings.transcripts_dir / f"{session.id}.md"
    assert str(path) in text.replace("\n", "")  # long paths wrap
    markdown = path.read_text(encoding="utf-8")
    assert f"> {POC_QUESTION}" in markdown and POC_ANSWER in markdown
    assert "self-check passed" in markdown and "[poc-four-steps] Proof-of-concept in four steps" in markdown

    target = tmp_path / "notes.md"
    handle_slash_command(f'/save "{target}"', session)
    assert target.read_text(encoding="utf-8") == markdown
    handle_slash_command(f"/save {tmp_path}", session)  # a folder: the file is named after the session
    assert (tmp_path / f"{session.id}.md").read_text(encoding="utf-8") == markdown


def test_save_with_nothing_to_save_says_so() -> None:
    session = make_session()
    assert "nothing to save" in shown(handle_slash_command("/save", session))
    assert not session.settings.transcripts_dir.exists()


def test_clear_forgets_the_conversation_but_keeps_saved_transcripts() -> None:
    session = answered()
    saved = session.store.save(session.snapshot())
    before = saved.read_text(encoding="utf-8")
    old_id = session.id
    text = shown(handle_slash_command("/clear", session))
    assert old_id in text
    assert session.assistant.history == [] and session.turns == [] and session.id != old_id
    assert saved.read_text(encoding="utf-8") == before


def test_tools_lists_the_calculators() -> None:
    text = shown(handle_slash_command("/tools", make_session()))
    for name in ("roi_payback", "ai_cost_estimate", "poc_compare", "token_count"):
        assert name in text


@pytest.mark.parametrize("line", ["/review", "/diagnose", "/ingest", "/review a.md b.md", "/model a b", "/save a b"])
def test_wrong_arguments_get_a_usage_line(line: str) -> None:
    text = shown(handle_slash_command(line, make_session()))
    assert text.startswith("usage: " + line.split()[0])


def test_a_missing_file_is_a_one_line_message(tmp_path: Path) -> None:
    for command in ("/review", "/diagnose"):
        text = shown(handle_slash_command(f"{command} {tmp_path / 'nope.md'}", make_session()))
        assert "nope.md" in text and len(text.strip().splitlines()) <= 2, text


def test_output_is_renderable_on_a_narrow_console() -> None:
    session = answered()
    console = Console(file=__import__("io").StringIO(), width=40, force_terminal=False)
    for line in ("/help", "/sources", "/check", "/cost", "/tools"):
        handle_slash_command(line, session).print_to(console)
    assert "poc-four-steps" in console.file.getvalue()


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_review_draws_the_review_of_a_proposal_offline() -> None:
    text = shown(handle_slash_command(f"/review {EXAMPLES / 'proposals' / 'thin_idea.txt'}", make_session()))
    assert "Review of Smart meeting notes — offline mode" in text and "Technical review: five questions" in text
    assert "self-check" in text


def test_diagnose_draws_the_report_of_a_trace() -> None:
    text = shown(handle_slash_command(f"/diagnose {EXAMPLES / 'traces' / 'retrieval_broken.jsonl'}", make_session()))
    assert "Sample 1 (retrieval; FP2)" in text and "failing samples" in text


class IndexReport:
    """Stands in for the index sync report that ingestion returns."""

    def summary(self) -> str:
        """One line, like the real report's."""
        return "index updated: 3 chunks added"


def test_ingest_adds_documents_to_the_sessions_knowledge_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pm_assistant.knowledge import ingest

    received = []

    def fake_ingest(kb, paths):
        received.append((kb, list(paths)))
        return [ingest.IngestOutcome(tmp_path / "a.md", "added", "added a.md as user:a (3 chunks)"),
                ingest.IngestOutcome(tmp_path / "b.md", "exists", "already ingested: b.md is user:b"),
                ingest.IngestOutcome(tmp_path / "c.xls", "failed", "c.xls: unsupported type")], IndexReport()

    monkeypatch.setattr(actions, "ingest_paths", fake_ingest)
    session = make_session()
    text = shown(handle_slash_command(f'/ingest "{tmp_path / "a.md"}" ~/b.md', session))
    assert received == [(session.assistant.kb, [tmp_path / "a.md", Path("~/b.md").expanduser()])]
    assert "added a.md as user:a (3 chunks)" in text and "error: c.xls: unsupported type" in text
    assert "1 added, 1 already ingested, 1 failed" in text and "index updated: 3 chunks added" in text
