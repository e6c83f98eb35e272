"""`pm-assistant search QUERY [--k N] [--tag T] [--source cards|user] [--json]`: retrieval only, best first."""

from __future__ import annotations

import argparse
import json

from rich.table import Table

from pm_assistant.core.errors import UserInputError
from pm_assistant.core.terminal import stdout_console
from pm_assistant.knowledge.search import get_knowledge_base

SNIPPET_CHARS = 160


def run(args: argparse.Namespace) -> int:
    """Print the passages as the contract JSON or as a table (id, section, score, similarity, snippet); `score`
    is the normalised fused rank score, `similarity` the cosine similarity (see knowledge.search)."""
    if not args.query.strip():
        raise UserInputError('the search query is empty: e.g. pm-assistant search "POC options"')
    if args.k < 1:
        raise UserInputError(f"--k must be at least 1, got {args.k}")
    passages = get_knowledge_base().search(args.query, k=args.k, tags=args.tags, source=args.source)
    if args.json:
        print(json.dumps({"query": args.query, "results": [p.to_dict() for p in passages]}, ensure_ascii=False))
        return 0
    console = stdout_console()
    if not passages:
        console.print("no passages found (try other words, or drop --tag/--source)")
        return 0
    table = Table(show_lines=True)
    table.add_column("id", no_wrap=True, min_width=max(len(p.id) for p in passages))  # whole, to copy and cite
    for name in ("section", "score", "similarity", "text"):
        table.add_column(name)
    for passage in passages:
        snippet = " ".join(passage.text.split())
        if len(snippet) > SNIPPET_CHARS:
            snippet = snippet[: SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "…"
        table.add_row(passage.id, passage.section, f"{passage.score:.2f}", f"{passage.similarity:.2f}", snippet)
    console.print(table)
    return 0
