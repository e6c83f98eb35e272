"""`pm-assistant index [--rebuild]`: build or refresh the knowledge index and say what was done."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Sync the index with the cards and ingested documents (everything with --rebuild); print one line."""
    from pm_assistant.knowledge.search import get_knowledge_base

    report = get_knowledge_base().refresh(rebuild=args.rebuild)
    print(report.summary())
    return 0
