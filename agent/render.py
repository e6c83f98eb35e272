"""Terminal rendering of answers: rich markdown, then the one-line self-check."""

from __future__ import annotations

from functools import cache

from rich.console import Console
from rich.markdown import Markdown

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


def print_answer(answer: Answer, *, body: bool = True) -> None:
    """The answer as markdown (unless already streamed) and the self-check line under it."""
    out = console()
    if body:
        out.print(Markdown(answer.answer))
    out.print(answer.self_check.summary_line(), style=f"dim {self_check_style(answer)}", highlight=False)
