"""Terminal input for the REPL: a prompt_toolkit prompt on a TTY, plain lines from a pipe otherwise.

On a terminal: history across sessions (`FileHistory`), Ctrl-R reverse search and Up/Down (built into the
default emacs bindings), bracketed paste of multi-line text (Enter sends it whole, Esc Enter adds a line),
Tab-completion of slash commands and paths, and a status line at the bottom. When stdin is not a terminal
(`echo question | pm-assistant chat`), lines are read plainly and echoed so the output reads as a transcript.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter, WordCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from rich.console import Console

from pm_assistant.agent.repl.slash import COMMANDS

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

PROMPT = "› "
PATH_COMMANDS = frozenset({"/review", "/diagnose", "/ingest", "/save"})


class SlashCompleter(Completer):
    """Completes slash command names, and file paths after the commands that take one."""

    def __init__(self) -> None:
        self._names = WordCompleter([c.name for c in COMMANDS], WORD=True)
        self._paths = PathCompleter(expanduser=True)

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        """Command names while the first word is typed; paths for its argument."""
        text = document.text_before_cursor
        if not text.startswith("/"):
            return
        if " " not in text:
            yield from self._names.get_completions(document, complete_event)
            return
        name, argument = text.split(" ", 1)
        if name in PATH_COMMANDS:
            yield from self._paths.get_completions(Document(argument.lstrip()), complete_event)


def key_bindings() -> KeyBindings:
    """Esc Enter (Meta-Enter) inserts a newline; Enter sends, as in a chat app."""
    bindings = KeyBindings()

    @bindings.add("escape", "enter")
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text("\n")

    return bindings


class PromptReader:
    """`read_line` for a terminal: the main prompt keeps history; questions (yes/no) do not."""

    def __init__(self, history_file: Path, status: Callable[[], str], *, terminal_input: Input | None = None,
                 terminal_output: Output | None = None) -> None:
        history_file.parent.mkdir(parents=True, exist_ok=True)
        self._main: PromptSession[str] = PromptSession(
            history=FileHistory(str(history_file)),
            bottom_toolbar=status,
            key_bindings=key_bindings(),
            completer=SlashCompleter(),
            complete_while_typing=True,
            prompt_continuation="  ",
            input=terminal_input,
            output=terminal_output,
        )
        self._questions: PromptSession[str] = PromptSession(input=terminal_input, output=terminal_output)

    def __call__(self, prompt: str | None = None) -> str:
        """The next input line (Ctrl-C raises KeyboardInterrupt, Ctrl-D EOFError), or the answer to `prompt`."""
        if prompt is None:
            return self._main.prompt(FormattedText([("ansicyan bold", PROMPT)]))
        return self._questions.prompt(prompt)


class PlainReader:
    """`read_line` for piped input: one line at a time, echoed after the prompt; end of input is EOFError."""

    def __init__(self, stream: TextIO, console: Console) -> None:
        self._stream = stream
        self._console = console

    def __call__(self, prompt: str | None = None) -> str:
        """The next line of the stream, without its newline."""
        line = self._stream.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        self._console.print(f"{prompt or PROMPT}{line}", markup=False, highlight=False)
        return line


def build_reader(history_file: Path, status: Callable[[], str], console: Console) -> PromptReader | PlainReader:
    """A prompt_toolkit reader when stdin and stdout are terminals, else plain lines from stdin."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        return PromptReader(history_file, status)
    return PlainReader(sys.stdin, console)
