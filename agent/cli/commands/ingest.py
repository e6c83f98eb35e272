"""`pm-assistant ingest PATH... | --list | --remove ID`: manage the user's own documents in the knowledge base."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table

from pm_assistant.core.config import load_settings
from pm_assistant.core.errors import EXIT_OK, EXIT_USAGE, UserInputError
from pm_assistant.core.terminal import say, stdout_console
from pm_assistant.knowledge.documents import DocumentRegistry
from pm_assistant.knowledge.indexer import counted
from pm_assistant.knowledge.ingest import register_paths, remove_document
from pm_assistant.knowledge.search import get_knowledge_base


def run(args: argparse.Namespace) -> int:
    """Ingest files/folders (exit 2 if any file failed), list documents, or remove one (full id, `user:` id or
    a unique prefix)."""
    chosen = sum([bool(args.paths), args.list, args.remove is not None])
    if chosen != 1:
        raise UserInputError("give PATH... to ingest, or --list, or --remove ID (one of them)")
    if args.list:
        return _list()
    kb = get_knowledge_base()
    if args.remove is not None:
        record, report = remove_document(kb, args.remove)
        say(f'removed {record.source_id} "{record.title}"; the index now holds {report.totals()}')
        return EXIT_OK
    outcomes = register_paths(kb, [Path(p).expanduser() for p in args.paths])
    for outcome in outcomes:
        failed = outcome.status == "failed"
        say(f"error: {outcome.message}" if failed else outcome.message, err=failed)
        for note in outcome.notes if outcome.status == "added" else ():
            say(f"note: {note}", err=True)
    counts = {status: sum(o.status == status for o in outcomes) for status in ("added", "exists", "failed")}
    added = counted(counts["added"], "document")
    say(f"{added} added, {counts['exists']} already ingested, {counts['failed']} failed")
    if counts["added"]:
        say(kb.refresh().summary())
    return EXIT_USAGE if counts["failed"] else EXIT_OK


def _list() -> int:
    """Print the ingested documents as a table (reads the registry only: no index, no model). Ids are never
    cut short, so they can be copied into `--remove`; the other columns wrap instead."""
    records = DocumentRegistry(load_settings().documents_dir).records()
    if not records:
        say("no documents ingested yet (pm-assistant ingest PATH...)")
        return EXIT_OK
    id_width = max(len(r.source_id) for r in records)
    table = Table(show_lines=False)
    table.add_column("id", no_wrap=True, min_width=id_width)
    table.add_column("title", overflow="fold", ratio=2)
    table.add_column("chunks", justify="right")
    table.add_column("added", overflow="fold", ratio=1)
    table.add_column("from", overflow="fold", ratio=2)
    for record in records:
        table.add_row(record.source_id, record.title, str(record.chunks), record.added_at[:10], record.path)
    stdout_console().print(table)
    return EXIT_OK
