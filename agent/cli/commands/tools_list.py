"""`pm-assistant tools [--json]`: list the calculators, what they do and their arguments."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table


def describe_tools() -> list[dict]:
    """Each calculator as {name, description, parameters (JSON schema)}."""
    from pm_assistant.tools.registry import TOOLS

    return [
        {"name": spec.name, "description": spec.description, "parameters": spec.input_model.model_json_schema()}
        for spec in TOOLS.values()
    ]


def calculators_table(title: str = "Calculators", *, arguments: bool = True) -> Table:
    """The calculators, one row each: name, what it does and (with `arguments`) their argument names, * marking
    the required ones. Shared by `tools` and the REPL's `/tools`."""
    from rich.table import Table

    from pm_assistant.tools.registry import TOOLS

    table = Table(title=title, title_justify="left")
    table.add_column("name", style="cyan", no_wrap=True)
    table.add_column("what it does")
    if arguments:
        table.add_column("arguments (* = always required)")
    for spec in TOOLS.values():
        row = [spec.name, spec.summary]
        if arguments:
            fields = spec.input_model.model_fields
            row.append(", ".join(f"{n}*" if f.is_required() else n for n, f in fields.items()))
        table.add_row(*row)
    return table


def run(args: argparse.Namespace) -> int:
    """Print the calculators as a table, or as JSON with their argument schemas."""
    if args.json:
        print(json.dumps(describe_tools(), ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console

    console = Console()
    console.print(calculators_table())
    console.print(
        "Run one: pm-assistant calc roi_payback --args '{\"investment\": 800000, \"annual_benefit\": 1500000}'"
        "\nArgument schemas and examples: pm-assistant tools --json",
        highlight=False,
        markup=False,
    )
    return 0
