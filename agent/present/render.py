"""Terminal rendering of answers: rich markdown with the one-line self-check under it.

The CLI's `ask` and the REPL both render through here, so an answer looks the same everywhere.
"""

from __future__ import annotations

from functools import cache

from rich.console import Console, Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text

from pm_assistant.agent.engine.assistant import Answer
from pm_assistant.core.terminal import stdout_console


@cache
def console() -> Console:
    """The process's stdout console."""
    return stdout_console()


def self_check_style(answer: Answer) -> str:
    """Colour of the self-check line: green when it passed cleanly, yellow with warnings, red when failed."""
    if not answer.self_check.passed:
        return "red"
    return "green" if all(c.status == "pass" for c in answer.self_check.checks) else "yellow"


def check_line(answer: Answer) -> Text:
    """The compact self-check line shown under every answer (markup-free)."""
    return Text(answer.self_check.summary_line(), style=f"dim {self_check_style(answer)}")


def revision_line(answer: Answer) -> str:
    """The one line over a repaired answer: that the self-check sent the draft back, and what it fixed."""
    return "revised after self-check:" + (f" fixed {answer.fixed}" if answer.fixed else "")


def answer_view(answer: Answer, *, plain: bool = False) -> Group:
    """An answer with its self-check line, and a note when a repair round revised it; `plain` keeps the
    markdown source as it is (for pipes and files, where rendered markdown would be hard-wrapped and padded)."""
    parts: list[RenderableType] = []
    if answer.revised:
        parts.append(Text(revision_line(answer), style="yellow"))
    parts += [Text(answer.answer) if plain else Markdown(answer.answer), check_line(answer)]
    return Group(*parts)


def print_view(target: Console, view: RenderableType) -> None:
    """Print on a terminal as rendered; elsewhere without wrapping long lines."""
    target.print(view, soft_wrap=not target.is_terminal)


def print_answer(answer: Answer, *, body: bool = True, out: Console | None = None) -> None:
    """Print the answer (or, with `body=False` when it was already streamed, only its self-check line)."""
    target = out or console()
    print_view(target, answer_view(answer, plain=not target.is_terminal) if body else check_line(answer))
