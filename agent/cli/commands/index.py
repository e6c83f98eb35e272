"""`pm-assistant index [--rebuild]`: build or refresh the knowledge index and say what was done."""

from __future__ import annotations

import argparse

from pm_assistant.core.terminal import say
from pm_assistant.knowledge.search import get_knowledge_base


def run(args: argparse.Namespace) -> int:
    """Sync the index with the cards and ingested documents (everything with --rebuild); print one line."""
    say(get_knowledge_base().refresh(rebuild=args.rebuild).summary())
    return 0
