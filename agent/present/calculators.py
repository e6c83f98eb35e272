"""The calculators as a terminal table, shared by `pm-assistant tools` and the REPL's `/tools`."""

from __future__ import annotations

from rich.table import Table

from pm_assistant.tools.registry import TOOLS


def calculators_table(title: str = "Calculators", *, arguments: bool = True) -> Table:
    """One row per calculator: name, what it does and (with `arguments`) its argument names, * marking the
    required ones."""
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
