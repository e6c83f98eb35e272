"""The one place text reaches the terminal: rich consoles whose output is stripped of control sequences.

Everything the assistant prints for a person (answers, reports, tables, notices, error lines) goes through a
console made here, so an escape sequence hidden in a trace, a proposal, a document or a model's answer is shown
as nothing rather than obeyed by the terminal. JSON output needs no such care: `json.dumps` escapes controls.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, ConsoleRenderable, RenderableType, RenderHook, RenderResult
from rich.segment import Segment
from rich.text import Text

from pm_assistant.core.text.clean import strip_controls


class _Stripped:
    """A renderable shown without the control characters of its text (rich's own styling codes stay)."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.inner, options):
            yield segment if segment.control else Segment(strip_controls(segment.text), segment.style)


def _markdown_class() -> type[Any] | None:
    """rich's Markdown class if some module has imported it, else None (then no renderable can be one).

    Looked up rather than imported: rich.markdown pulls in markdown-it and pygments (~40 ms), which `calc`,
    `tools` and `diagnose` never need, and this module is on their start-up path."""
    module = sys.modules.get("rich.markdown")
    return None if module is None else module.Markdown


def _cleaned(renderable: ConsoleRenderable) -> ConsoleRenderable:
    """Text and markdown are cleaned whole, so an escape sequence goes without a trace; any other renderable is
    cleaned segment by segment as it renders."""
    if isinstance(renderable, Text) and not renderable.plain.isprintable():
        return Text(strip_controls(renderable.plain), style=renderable.style, justify=renderable.justify,
                    no_wrap=renderable.no_wrap, end=renderable.end)
    markdown = _markdown_class()
    if markdown is not None and isinstance(renderable, markdown) and not renderable.markup.isprintable():
        return markdown(strip_controls(renderable.markup))
    return _Stripped(renderable)


class _StripControls(RenderHook):
    """Cleans every renderable printed on a console."""

    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_cleaned(r) for r in renderables]


def safe_console(**options: Any) -> Console:
    """A rich Console (any of its options, e.g. `stderr=True`, `file=`) that never emits control sequences
    from the text it prints."""
    console = Console(**options)
    console.push_render_hook(_StripControls())
    return console


def stdout_console(**options: Any) -> Console:
    """The safe console on standard output."""
    return safe_console(**options)


def say(*lines: str, err: bool = False) -> None:
    """Print plain lines (no markup, no wrapping) with control characters removed."""
    stream = sys.stderr if err else sys.stdout
    for line in lines:
        print(strip_controls(line), file=stream)


def say_all(lines: Iterable[str], err: bool = False) -> None:
    """`say` for an iterable of lines."""
    say(*lines, err=err)
