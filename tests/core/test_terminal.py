"""Text shown to a person never carries terminal control sequences, whatever it came from."""

from __future__ import annotations

import io

from rich.markdown import Markdown
from rich.table import Table

from pm_assistant.core.terminal import safe_console, say
from pm_assistant.core.text.clean import strip_controls

HOSTILE = "ok\x1b]0;pwned\x07 \x1b[2Jcleared \x1b[31mred\x1b[0m \x9b1m \u202eevil\u202c done\tend\nnext"


def _printed(*renderables: object) -> str:
    out = io.StringIO()
    console = safe_console(file=out, force_terminal=False, width=100, color_system=None)
    for renderable in renderables:
        console.print(renderable)
    return out.getvalue()


def test_strip_controls_drops_escapes_and_controls_but_keeps_lines_and_tabs() -> None:
    assert strip_controls(HOSTILE) == "ok cleared red 1m evil done\tend\nnext"
    assert strip_controls("plain text, 中文 ¥800k") == "plain text, 中文 ¥800k"


def test_console_output_has_no_escape_from_strings_markdown_or_tables() -> None:
    table = Table()
    table.add_column("cell")
    table.add_row(HOSTILE)
    shown = _printed(HOSTILE, Markdown(f"# Title\n\n{HOSTILE}"), table)
    assert not any(char in shown for char in "\x1b\x07\x9b\u202e\u202c")
    assert "cleared" in shown and "evil" in shown


def test_plain_lines_are_cleaned_too(capsys) -> None:
    say(HOSTILE)
    say("file \x1b[2Jname", err=True)
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "file name" in err
