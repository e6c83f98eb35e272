"""Terminal rendering of answers: rich markdown with the one-line self-check under it.

The CLI's `ask` and the REPL both render through here, so an answer looks the same everywhere.
"""

from __future__ import annotations

from functools import cache

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text

from agent.assistant import Answer


@cache
def console() -> Console:
    """The process's stdout console."""
    return Console()


def self_check_style(answer: Answer) -> str:
    """Colour of the self-check line: green when it passed cleanly, yellow with warnings, red when failed."""
    if not answer.self_check.passed:
        return "red"
    return "green" if all(c.status == "pass" for c in answer.self_check.checks) else "yellow"


def check_line(answer: Answer) -> Text:
    """The compact self-check line shown under every answer (markup-free)."""
    return Text(answer.self_check.summary_line(), style=f"dim {self_check_style(answer)}")


def answer_view(answer: Answer) -> Group:
    """An answer as markdown with its self-check line, and a note when a repair round revised it."""
    parts: list[RenderableType] = []
    if answer.revised:
        parts.append(Text("revised after self-check:", style="yellow"))
    parts += [Markdown(answer.answer), check_line(answer)]
    return Group(*parts)


def print_answer(answer: Answer, *, body: bool = True, out: Console | None = None) -> None:
    """Print the answer (or, with `body=False` when it was already streamed, only its self-check line)."""
    target = out or console()
    target.print(answer_view(answer) if body else check_line(answer))
