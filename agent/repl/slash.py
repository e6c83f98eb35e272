"""Slash commands: one table of commands and one function, `handle_slash_command`, that runs a line.

Handlers return what to print (rich renderables, or drawing functions for the reports that other commands
print with rich) and whether to leave; they never touch the terminal, so tests call `handle_slash_command`
directly and print the result to any console.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console, RenderableType

from pm_assistant.agent.repl import actions, views
from pm_assistant.agent.repl.cost import session_costs
from pm_assistant.agent.repl.session import OFFLINE_LABEL, ChatSession
from pm_assistant.agent.repl.views import Draw
from pm_assistant.core.errors import UserInputError

NO_ANSWER = "no answer yet: ask a question first"
NO_LLM = ("no LLM endpoint is configured, so only the offline planner is available: set OPENAI_API_KEY "
          "(and OPENAI_BASE_URL for any OpenAI-compatible server), then restart")


@dataclass
class SlashResult:
    """What a command produced: renderables or drawing functions to print, and whether the session ends."""

    output: list[RenderableType | Draw] = field(default_factory=list)
    exit: bool = False

    def print_to(self, console: Console) -> None:
        """Print the output on `console`."""
        for item in self.output:
            if callable(item):
                item(console)
            else:
                console.print(item)


Handler = Callable[[list[str], ChatSession], SlashResult]


@dataclass(frozen=True)
class Command:
    """One slash command: its name, argument hint, one-line summary and handler."""

    name: str
    args: str
    summary: str
    handler: Handler
    slow: bool = False  # the REPL shows a spinner while it runs


def _say(*items: RenderableType | Draw | str) -> SlashResult:
    return SlashResult([views.note(i, "") if isinstance(i, str) else i for i in items])


def _help(args: list[str], session: ChatSession) -> SlashResult:
    return _say(views.help_table([(f"{c.name} {c.args}".strip(), c.summary) for c in COMMANDS]))


def _tools(args: list[str], session: ChatSession) -> SlashResult:
    return _say(actions.tools_view())


def _sources(args: list[str], session: ChatSession) -> SlashResult:
    answer = session.last_answer
    return _say(views.sources_table(answer) if answer else NO_ANSWER)


def _check(args: list[str], session: ChatSession) -> SlashResult:
    answer = session.last_answer
    return _say(views.check_table(answer) if answer else NO_ANSWER)


def _cost(args: list[str], session: ChatSession) -> SlashResult:
    return _say(views.cost_table(session_costs(session.spent)))


def _one_path(args: list[str], command: str, what: str) -> Path:
    if len(args) != 1:
        raise UserInputError(f"usage: {command} PATH (the {what})")
    return Path(args[0]).expanduser()


def _review(args: list[str], session: ChatSession) -> SlashResult:
    return _say(actions.review_view(_one_path(args, "/review", "proposal file: .md, .txt, .pdf or .docx"), session))


def _diagnose(args: list[str], session: ChatSession) -> SlashResult:
    return _say(actions.diagnose_view(_one_path(args, "/diagnose", "trace file: JSONL, JSON or CSV"), session))


def _ingest(args: list[str], session: ChatSession) -> SlashResult:
    if not args:
        raise UserInputError("usage: /ingest PATH... (files or folders: .md, .txt, .pdf, .docx)")
    return _say(actions.ingest_view([Path(a).expanduser() for a in args], session))


def _model(args: list[str], session: ChatSession) -> SlashResult:
    if not args:
        return _say(f"{views.mode_text(session)} (switch with /model NAME, or /model offline)")
    if len(args) != 1:
        raise UserInputError("usage: /model [NAME | offline]")
    name = args[0]
    if name == OFFLINE_LABEL:
        if session.assistant.mode == "offline":
            return _say("already using the offline planner")
        session.switch(offline=True)
        return _say("switched to the offline planner; the conversation is kept")
    if not session.settings.llm_configured:
        return _say(views.note(NO_LLM, "yellow"))
    session.switch(offline=False, model_name=name)
    return _say(f"switched to {views.mode_text(session)}; the conversation is kept")


def _save(args: list[str], session: ChatSession) -> SlashResult:
    if len(args) > 1:
        raise UserInputError("usage: /save [PATH]")
    if not session.turns:
        return _say("nothing to save yet: ask a question first")
    path = session.store.export_markdown(session.snapshot(), Path(args[0]) if args else None)
    return _say(f"saved the conversation to {path}")


def _clear(args: list[str], session: ChatSession) -> SlashResult:
    previous = session.clear()
    return _say(f"conversation cleared; the earlier one stays saved as session {previous}")


def _exit(args: list[str], session: ChatSession) -> SlashResult:
    return SlashResult(exit=True)


COMMANDS: list[Command] = [
    Command("/help", "", "this list", _help),
    Command("/tools", "", "the calculators the assistant can run", _tools),
    Command("/sources", "", "sources of the last answer (id, title, section, score)", _sources),
    Command("/check", "", "the last answer's self-check, all four layers in full", _check),
    Command("/cost", "", "LLM calls, tokens and estimated cost of this session", _cost),
    Command("/review", "PATH", "review a project proposal (.md, .txt, .pdf, .docx)", _review, slow=True),
    Command("/diagnose", "PATH", "diagnose a RAG system from a trace file (JSONL, JSON, CSV)", _diagnose,
            slow=True),
    Command("/ingest", "PATH...", "add your own documents to the knowledge base", _ingest),  # shows its own progress
    Command("/model", "[NAME|offline]", "show the model, or switch (the conversation is kept)", _model),
    Command("/save", "[PATH]", "save the conversation as markdown", _save),
    Command("/clear", "", "start a fresh conversation (saved transcripts are kept)", _clear),
    Command("/exit", "", "leave (also /quit or Ctrl-D)", _exit),
]
ALIASES = {"/quit": "/exit", "/q": "/exit", "/?": "/help", "/": "/help"}
BY_NAME = {c.name: c for c in COMMANDS}


def find_command(line: str) -> Command | None:
    """The command a line invokes (aliases resolved), or None when it names no command."""
    name = line.split(maxsplit=1)[0].lower() if line.strip() else ""
    return BY_NAME.get(ALIASES.get(name, name))


def _arguments(line: str) -> list[str]:
    rest = line.split(maxsplit=1)[1] if len(line.split(maxsplit=1)) > 1 else ""
    try:
        return shlex.split(rest)  # quotes keep paths with spaces together
    except ValueError:
        return rest.split()


def handle_slash_command(line: str, session: ChatSession) -> SlashResult:
    """Run one `/command args` line; bad arguments and unknown commands become a one-line message."""
    command = find_command(line)
    if command is None:
        name = line.split(maxsplit=1)[0] if line.strip() else "/"
        candidates = [n for n in (*BY_NAME, *ALIASES) if n != "/"]
        close = difflib.get_close_matches(name.lower(), candidates, n=1, cutoff=0.6)
        hint = f"did you mean {ALIASES.get(close[0], close[0])}? " if close else ""
        return _say(views.note(f"unknown command {name} — {hint}type /help for the list", "yellow"))
    try:
        return command.handler(_arguments(line), session)
    except UserInputError as exc:
        return _say(views.note(str(exc), "red"))
