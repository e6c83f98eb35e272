"""Showing one answer while it is produced: a spinner, streamed tokens (LLM mode), then the final answer.

On a terminal the answer streams into a live markdown view that ends as the final answer; elsewhere (pipes,
files, tests) tokens are printed raw as they arrive. When the self-check made the model revise its answer,
the final answer is shown again under a "revised after self-check" note.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.markdown import Markdown
from rich.spinner import Spinner

from pm_assistant.agent.engine.assistant import Answer
from pm_assistant.agent.present.render import answer_view, check_line, print_view

THINKING = "thinking… (Ctrl-C cancels)"


class AnswerDisplay:
    """Context manager around one `ask`: `on_token` while streaming, then `show(answer)`."""

    def __init__(self, console: Console, *, streaming: bool) -> None:
        self.console = console
        self.streaming = streaming
        self.streamed = ""
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
        """Show a piece of the answer as it streams in."""
        self.streamed += text
        if self._live is not None:
            self._live.update(Markdown(self.streamed))
        else:
            self.console.print(text, end="", markup=False, highlight=False, soft_wrap=True)

    def show(self, answer: Answer, *, revised: bool) -> None:
        """Leave the final answer and its self-check line on screen (once, even after streaming)."""
        if self._live is not None:
            self._live.update(answer_view(answer))
            return
        if self.streamed:
            self.console.print()  # end the streamed text before what follows
        if self.streamed and not revised and self.streamed.strip().endswith(answer.answer.strip()):
            print_view(self.console, check_line(answer))  # the answer is already on screen
        else:
            print_view(self.console, answer_view(answer, plain=not self.console.is_terminal))
