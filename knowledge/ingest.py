"""Ingest user documents: expand paths, read each file, register the new ones, then index them in one sync.

A bad file never stops the others: it becomes a failed outcome with a one-line reason naming it. Documents
are registered (text saved) before the index is touched, so an indexing failure loses nothing: the next
`pm-assistant index` or search picks them up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pm_assistant.knowledge.documents import DocumentRecord
from pm_assistant.knowledge.indexer import SyncReport, counted
from pm_assistant.knowledge.readers import SUPPORTED_SUFFIXES, DocumentError, read_document
from pm_assistant.knowledge.search import KnowledgeBase


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one file; `notes` say how it was read when that needs checking (a guessed encoding)."""

    path: Path
    status: Literal["added", "exists", "failed"]
    message: str
    record: DocumentRecord | None = None
    notes: tuple[str, ...] = ()


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[IngestOutcome]]:
    """Files to read (folders walked recursively for supported types, hidden entries skipped) and failures
    for paths that do not exist."""
    files: list[Path] = []
    failures: list[IngestOutcome] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in SUPPORTED_SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                message = f"{path}: no .md, .txt, .pdf or .docx files in this folder"
                failures.append(IngestOutcome(path, "failed", message))
            files += found
        elif path.exists():
            files.append(path)
        else:
            failures.append(IngestOutcome(path, "failed", f"{path}: no such file or folder"))
    return list(dict.fromkeys(files)), failures


def register_paths(kb: KnowledgeBase, paths: Iterable[Path]) -> list[IngestOutcome]:
    """Read every file and save the new ones in the document registry (not yet indexed)."""
    files, outcomes = expand_paths(paths)
    for path in files:
        try:
            document = read_document(path)
            record, created = kb.registry.add(document, path)
        except DocumentError as exc:
            outcomes.append(IngestOutcome(path, "failed", str(exc)))
            continue
        if created:
            message = f'added {path} as {record.source_id} "{record.title}" ({counted(record.chunks, "chunk")})'
        else:
            message = f"already ingested: {path} is {record.source_id}"
        outcomes.append(IngestOutcome(path, "added" if created else "exists", message, record, document.notes))
    return outcomes


def ingest_paths(kb: KnowledgeBase, paths: Iterable[Path]) -> tuple[list[IngestOutcome], SyncReport | None]:
    """Register every file, then index the new ones in one sync (None when nothing was new)."""
    outcomes = register_paths(kb, paths)
    report = kb.refresh() if any(o.status == "added" for o in outcomes) else None
    return outcomes, report


def remove_document(kb: KnowledgeBase, doc_id: str) -> tuple[DocumentRecord, SyncReport]:
    """Forget an ingested document and drop its passages from the index."""
    record = kb.registry.remove(doc_id)
    return record, kb.refresh()
