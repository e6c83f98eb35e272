"""`pm-assistant tools [--json]`: list the calculators, what they do and their arguments."""

from __future__ import annotations

import argparse
import json

from pm_assistant.tools.registry import describe_tools


def run(args: argparse.Namespace) -> int:
    """Print the calculators as a table, or as JSON with their argument schemas."""
    if args.json:
        print(json.dumps(describe_tools(), ensure_ascii=False, indent=2))
        return 0
    from pm_assistant.agent.present.calculators import calculators_table
    from pm_assistant.core.terminal import stdout_console  # lazy: rich only for the table, not --json

    console = stdout_console()
    console.print(calculators_table())
    console.print(
        "Run one: pm-assistant calc roi_payback --args '{\"investment\": 800000, \"annual_benefit\": 1500000}'"
        "\nArgument schemas and examples: pm-assistant tools --json",
        highlight=False,
        markup=False,
    )
    return 0
