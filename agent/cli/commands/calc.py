"""`pm-assistant calc NAME --args JSON [--json]`: run one calculator directly.

Imports only the calculators (pydantic) and, for the readable output only, rich: never langchain or chromadb.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from pm_assistant.core.errors import UserInputError
from pm_assistant.tools.fmt import num
from pm_assistant.tools.registry import run_tool

_TEXT_FIELDS = ("formula", "explanation")


def parse_args_json(text: str) -> dict[str, Any]:
    """The --args value as a JSON object; UserInputError saying what is wrong with it otherwise."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserInputError(
            f"--args is not valid JSON ({exc.msg} at column {exc.colno}); "
            """quote it like --args '{"investment": 800000, "annual_benefit": 1500000}'"""
        ) from None
    if not isinstance(value, dict):
        raise UserInputError(f"--args must be a JSON object like '{{\"name\": value}}', not {type(value).__name__}")
    return value


def _cell(value: Any) -> str:
    """One value as table text: thousands separators, yes/no, '-' for null, nested values flattened."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return num(value, 4)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_cell(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value) or "-"
    return str(value)


def render(name: str, result: dict[str, Any]) -> None:
    """Print a result readably: key figures, tables for lists of items, then the working."""
    # lazy: rich (~40 ms of start-up) only for the readable output, not for `--json`
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    from pm_assistant.core.terminal import stdout_console

    console = stdout_console()
    figures = Table(title=name, show_header=False, title_justify="left", title_style="bold")
    figures.add_column(style="cyan")
    figures.add_column()
    item_tables = []
    for key, value in result.items():
        if key in _TEXT_FIELDS or key in ("notes", "warnings"):
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            table = Table(title=key, title_justify="left")
            for column in value[0]:
                table.add_column(column)
            for row in value:
                table.add_row(*(escape(_cell(row.get(column))) for column in value[0]))
            item_tables.append(table)
        else:
            figures.add_row(key, escape(_cell(value)))
    console.print(figures)
    for table in item_tables:
        console.print(table)
    for key in (*_TEXT_FIELDS, "notes", "warnings"):
        if result.get(key):
            console.print(Text.assemble((f"{key}: ", "bold"), _cell(result[key])))


def run(args: argparse.Namespace) -> int:
    """Validate the arguments, run the calculator and print its result (exit 2 on bad input)."""
    result = run_tool(args.name, parse_args_json(args.tool_args))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        render(args.name, result)
    return 0
