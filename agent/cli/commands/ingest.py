"""`pm-assistant ingest PATH... | --list | --remove ID`: manage the user's own documents in the knowledge base."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pm_assistant.core.config import load_settings
from pm_assistant.core.errors import UserInputError


def run(args: argparse.Namespace) -> int:
    """Ingest files/folders (exit 2 if any file failed), list documents, or remove one (full id, `user:` id or
    a unique prefix)."""
    chosen = sum([bool(args.paths), args.list, args.remove is not None])
    if chosen != 1:
        raise UserInputError("give PATH... to ingest, or --list, or --remove ID (one of them)")
    if args.list:
        return _list()
    from pm_assistant.knowledge.search import get_knowledge_base

    kb = get_knowledge_base()
    if args.remove is not None:
        from pm_assistant.knowledge.ingest import remove_document

        record, report = remove_document(kb, args.remove)
        print(f'removed {record.source_id} "{record.title}"; the index now holds {report.totals()}')
        return 0
    from pm_assistant.knowledge.indexer import counted
    from pm_assistant.knowledge.ingest import register_paths

    outcomes = register_paths(kb, [Path(p).expanduser() for p in args.paths])
    for outcome in outcomes:
        failed = outcome.status == "failed"
        print(f"error: {outcome.message}" if failed else outcome.message, file=sys.stderr if failed else sys.stdout)
        for note in outcome.notes if outcome.status == "added" else ():
            print(f"note: {note}", file=sys.stderr)
    counts = {status: sum(o.status == status for o in outcomes) for status in ("added", "exists", "failed")}
    added = counted(counts["added"], "document")
    print(f"{added} added, {counts['exists']} already ingested, {counts['failed']} failed")
    if counts["added"]:
        print(kb.refresh().summary())
    return 2 if counts["failed"] else 0


def _list() -> int:
    """Print the ingested documents as a table (reads the registry only: no index, no model). Ids are never
    cut short, so they can be copied into `--remove`; the other columns wrap instead."""
    from rich.console import Console
    from rich.table import Table

    from pm_assistant.knowledge.documents import DocumentRegistry

    records = DocumentRegistry(load_settings().documents_dir).records()
    if not records:
        print("no documents ingested yet (pm-assistant ingest PATH...)")
        return 0
    id_width = max(len(r.source_id) for r in records)
    table = Table(show_lines=False)
    table.add_column("id", no_wrap=True, min_width=id_width)
    table.add_column("title", overflow="fold", ratio=2)
    table.add_column("chunks", justify="right")
    table.add_column("added", overflow="fold", ratio=1)
    table.add_column("from", overflow="fold", ratio=2)
    for record in records:
        table.add_row(record.source_id, record.title, str(record.chunks), record.added_at[:10], record.path)
    Console().print(table)
    return 0
