"""The chat loop: read a line, run a slash command or ask the assistant, show the answer, save the transcript.

Input comes from `read_line`: `read_line()` returns the next line (EOFError ends the session, KeyboardInterrupt
clears the line) and `read_line(question)` asks the user something (e.g. "Continue offline? [Y/n]"), so
tests feed a list and the terminal uses prompt_toolkit. Faults in one turn become one line; the session goes on.
"""

from __future__ import annotations

from typing import Protocol

from rich.console import Console
from rich.traceback import Traceback

from pm_assistant.agent.engine.endpoint import EndpointError
from pm_assistant.agent.present.notices import OFFLINE_NOTICE
from pm_assistant.agent.repl.display import AnswerDisplay
from pm_assistant.agent.repl.session import ChatSession
from pm_assistant.agent.repl.slash import find_command, handle_slash_command
from pm_assistant.agent.repl.transcript import TranscriptError
from pm_assistant.agent.repl.views import mode_text, note
from pm_assistant.core.errors import UserInputError

BANNER = "PM Assistant: ask any product question, /help lists commands, Ctrl-D leaves."
OFFLINE_QUESTION = "Continue offline with the built-in planner? [Y/n] "


class LineReader(Protocol):
    """Where input comes from: the next line, or the answer to a question."""

    def __call__(self, prompt: str | None = None) -> str:
        """The next line (no prompt), or the reply to `prompt`; EOFError at the end, KeyboardInterrupt on Ctrl-C."""
        ...


class ChatLoop:
    """One interactive session over a ChatSession, reading from `read_line` and printing to `console`."""

    def __init__(self, session: ChatSession, read_line: LineReader, console: Console, *, debug: bool = False) -> None:
        self.session = session
        self.read_line = read_line
        self.console = console
        self.debug = debug
        self.unsaved = False  # the last transcript write failed
        self.knowledge_ready = False

    def run(self, *, resume: bool = False) -> int:
        """Greet (resuming the last session if asked), then answer lines until /exit or end of input."""
        self.greet(resume)
        while True:
            try:
                line = self.read_line().strip()
            except KeyboardInterrupt:  # Ctrl-C at the prompt clears the line
                continue
            except EOFError:  # Ctrl-D or end of piped input
                break
            if not line:
                continue
            if line.startswith("/"):
                if self.command(line):
                    break
            else:
                self.ask(line)
        self.farewell()
        return 0

    def greet(self, resume: bool) -> None:
        """The banner, the mode (the offline notice once, politely), and the resumed session if any."""
        self.console.print(note(BANNER, "bold"))
        if self.session.assistant.mode == "offline":
            self.console.print(note(OFFLINE_NOTICE))
        else:
            self.console.print(note(mode_text(self.session)))
        if resume:
            self.resume()

    def resume(self) -> None:
        """Continue the most recent saved session; a missing or unreadable one starts fresh (and is kept)."""
        store = self.session.store
        path = store.latest()
        if path is None:
            self.console.print(note("no saved session to continue: starting a new one"))
            return
        try:
            saved = store.load(path)
        except TranscriptError as exc:
            self.console.print(note(f"could not resume: {exc}; starting a new session (the file is kept)", "yellow"))
            return
        self.session.restore(saved)
        last = f"; last question: {saved.turns[-1].answer.question[:60]!r}" if saved.turns else ""
        self.console.print(note(f"resumed session {saved.id} ({len(saved.turns)} turns){last}"))

    def command(self, line: str) -> bool:
        """Run a slash command and print what it says; True when the session should end."""
        command = find_command(line)
        try:
            if command is not None and command.slow:
                with self.console.status(f"{command.name[1:]}… (Ctrl-C cancels)"):
                    result = handle_slash_command(line, self.session)
            else:
                result = handle_slash_command(line, self.session)
        except KeyboardInterrupt:
            self.console.print(note("cancelled", "yellow"))
            return False
        except Exception as exc:  # one command failing never ends the session
            self.error(exc)
            return False
        result.print_to(self.console)
        return result.exit

    def ask(self, question: str) -> None:
        """Answer one question (streaming in LLM mode), then record and save the turn."""
        assistant = self.session.assistant
        display = AnswerDisplay(self.console, streaming=assistant.mode == "llm")
        try:
            self.prepare_knowledge()
            with display:
                answer = assistant.ask(question, on_token=display.on_token if display.streaming else None,
                                       on_revision=display.on_revision if display.streaming else None)
                display.show(answer, revised=answer.revised)
        except KeyboardInterrupt:
            self.console.print(note("cancelled: that answer was dropped, the conversation is as before", "yellow"))
            return
        except EndpointError as exc:
            self.endpoint_failed(question, exc)
            return
        except Exception as exc:  # any other fault: one line, the session goes on
            self.error(exc)
            return
        self.session.record(answer)
        self.save()

    def prepare_knowledge(self) -> None:
        """Build or update the knowledge index before the first answer (so its progress bar is not drawn over
        an answer's live view, and the first answer's self-check sees a current index)."""
        if self.knowledge_ready:
            return
        if not self.session.assistant.kb.status().current:
            self.console.print(note("preparing the knowledge index (first run, or the cards changed): "
                                    "this takes a little while, once"))
            self.session.assistant.ensure_knowledge()
        self.knowledge_ready = True

    def endpoint_failed(self, question: str, exc: EndpointError) -> None:
        """Explain the endpoint failure; when the endpoint is unreachable, offer to go on offline."""
        self.console.print(note(f"LLM endpoint problem: {exc}", "red"))
        if not exc.offline_may_help:
            self.console.print(note("the conversation is unchanged: ask again, try /model NAME, or /model offline"))
            return
        if not self.confirm(OFFLINE_QUESTION):
            self.console.print(note("staying with the LLM: ask again when it is back, or /model offline"))
            return
        self.session.switch(offline=True)
        self.console.print(note("switched to the offline planner (/model NAME switches back); answering offline:"))
        self.ask(question)

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question; Enter means yes, Ctrl-C or end of input means no."""
        try:
            reply = self.read_line(question)
        except (KeyboardInterrupt, EOFError):
            return False
        return reply.strip().lower() in ("", "y", "yes")

    def save(self) -> None:
        """Write the transcript after a turn; a failure is a warning, never the end of the session."""
        try:
            self.session.store.save(self.session.snapshot())
        except OSError as exc:
            self.console.print(note(f"could not save the transcript: {exc}", "yellow"))
            self.unsaved = True
        else:
            self.unsaved = False

    def error(self, exc: Exception) -> None:
        """One line for a failed turn or command (with the traceback under --debug)."""
        text = str(exc) if isinstance(exc, UserInputError) else f"error: {type(exc).__name__}: {exc}"
        self.console.print(note(text, "red"))
        if self.debug:
            self.console.print(Traceback.from_exception(type(exc), exc, exc.__traceback__))

    def farewell(self) -> None:
        """Say where the conversation went."""
        if self.unsaved:
            self.console.print(note("bye: the latest turns could not be saved (see the warning above)", "yellow"))
        elif self.session.turns:
            self.console.print(note(f"bye: session {self.session.id} is saved; "
                                    "`pm-assistant chat --continue` picks it up again"))
        else:
            self.console.print(note("bye"))


def run_chat(session: ChatSession, read_line: LineReader, console: Console, *, resume: bool = False,
             debug: bool = False) -> int:
    """Run the REPL until the user leaves; returns the exit code (0)."""
    return ChatLoop(session, read_line, console, debug=debug).run(resume=resume)
