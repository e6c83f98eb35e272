"""Showing one answer while it is produced: a spinner, the streamed draft (LLM mode), then the checked answer.

What streams is a draft until the self-check has passed it, and says so. On a terminal the draft streams into
a live markdown view under a "draft" label; when the self-check sends it back, the view is cleared and the
revision streams in its place, and the final answer replaces the view under one line on what was fixed.
Elsewhere (pipes, files, tests) the draft's tokens are printed raw after a "draft" label, a revision is
announced in one line and not streamed, and the checked answer is printed once, in full, under that line.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console, Group
from rich.live import Live
from rich.markdown import Markdown
from rich.spinner import Spinner
from rich.text import Text

from pm_assistant.agent.engine.assistant import Answer
from pm_assistant.agent.present.render import answer_view, check_line, print_view

THINKING = "thinking… (Ctrl-C cancels)"
DRAFT = "draft — self-check pending"
REVISING = "self-check sent the draft back, revising…"


class AnswerDisplay:
    """Context manager around one `ask`: `on_token` while streaming, then `show(answer)`."""

    def __init__(self, console: Console, *, streaming: bool) -> None:
        self.console = console
        self.streaming = streaming
        self.streamed = ""
        self.revising = ""  # what the self-check found in the draft, once it sent the draft back
        self._live: Live | None = None

    def __enter__(self) -> AnswerDisplay:
        if self.console.is_terminal and not self.console.is_dumb_terminal:
            self._live = Live(Spinner("dots", text=THINKING, style="dim"), console=self.console,
                              refresh_per_second=12, transient=False, vertical_overflow="visible")
            self._live.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._live is not None:
            if kind is not None and not self.streamed:
                self._live.update("")  # nothing useful to leave on screen, e.g. a cancelled spinner
            self._live.stop()
        elif kind is not None and self.streamed:
            self.console.print()  # end the partial line of raw tokens

    def on_token(self, text: str) -> None:
        """Show a piece of the draft (or of its revision) as it streams in, marked as not yet checked."""
        first = not self.streamed
        self.streamed += text
        if self._live is not None:
            label = f"{REVISING} ({self.revising})" if self.revising else DRAFT
            self._live.update(Group(Text(label, style="dim italic"), Markdown(self.streamed)))
        elif not self.revising:
            if first:
                self.console.print(Text(f"[{DRAFT}]", style="dim"))
            self.console.print(text, end="", markup=False, highlight=False, soft_wrap=True)

    def on_revision(self, fixes: str) -> None:
        """The self-check sent the draft back: clear it (terminal) or say so in one line (elsewhere)."""
        self.revising = fixes or "problems found"
        if self._live is not None:
            self.streamed = ""
            self._live.update(Spinner("dots", text=f"{REVISING} ({self.revising})", style="dim"))
        else:
            if self.streamed:
                self.console.print()
            self.console.print(Text(f"[{REVISING}]", style="yellow"))

    def show(self, answer: Answer, *, revised: bool) -> None:
        """Leave the final answer and its self-check line on screen (once, even after streaming)."""
        if self._live is not None:
            self._live.update(answer_view(answer))
            return
        if self.streamed and not self.revising:
            self.console.print()  # end the streamed text before what follows
        if self.streamed and not revised and self.streamed.strip().endswith(answer.answer.strip()):
            print_view(self.console, check_line(answer))  # the answer is already on screen
        else:
            print_view(self.console, answer_view(answer, plain=not self.console.is_terminal))
