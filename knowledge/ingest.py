"""Ingest user documents: expand paths, read each file, register the new ones, then index them in one sync.

A bad file never stops the others: it becomes a failed outcome with a one-line reason naming it. Documents
are registered (text saved) before the index is touched, so an indexing failure loses nothing: the next
`pm-assistant index` or search picks them up.

A folder is walked nearest files first, and within bounds, so `ingest ~` cannot swallow a whole home folder:
hidden folders and tool folders (`.git`, `node_modules`, virtual environments, caches, build output) are
skipped, the walk goes at most `MAX_DEPTH` folders down and stops at `MAX_FILES` files; one line says what
was left out and how to narrow the request.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pm_assistant.knowledge.documents import DocumentRecord
from pm_assistant.knowledge.indexer import SyncReport, counted
from pm_assistant.knowledge.readers import SUPPORTED_SUFFIXES, DocumentError, read_document
from pm_assistant.knowledge.search import KnowledgeBase

MAX_FILES = 500
MAX_DEPTH = 6
TOOL_FOLDERS = frozenset({
    "node_modules", "__pycache__", "site-packages", "venv", "env", "virtualenv", "bower_components", "vendor",
    "dist", "build", "target", "out", "coverage", "htmlcov", "library", "appdata", "applications",
})
"""Folder names (compared lower-case) that hold tools, dependencies or generated files, not documents."""


@dataclass(frozen=True)
class IngestOutcome:
    """What happened to one file; `notes` say how it was read when that needs checking (a guessed encoding)."""

    path: Path
    status: Literal["added", "exists", "failed", "skipped"]
    message: str
    record: DocumentRecord | None = None
    notes: tuple[str, ...] = ()


@dataclass
class _Walk:
    files: list[Path]
    skipped: int = 0
    too_deep: int = 0
    capped: bool = False

    def note(self, root: Path) -> IngestOutcome | None:
        """One line on what the walk left out, or None when it took everything."""
        left = [f"{counted(self.skipped, 'hidden or tool folder')} (.git, node_modules, .venv, ...)"] if self.skipped else []
        left += [f"{counted(self.too_deep, 'folder')} more than {MAX_DEPTH} levels down"] if self.too_deep else []
        left += [f"every file after the first {MAX_FILES}"] if self.capped else []
        if not left:
            return None
        message = (f"{root}: skipped {', '.join(left)}; to narrow it, name a subfolder or the files "
                   f"(e.g. pm-assistant ingest {root / 'specs'})")
        return IngestOutcome(root, "skipped", message)


def _skip_folder(name: str) -> bool:
    return name.startswith(".") or name.lower() in TOOL_FOLDERS


def walk_folder(root: Path, limit: int = MAX_FILES) -> _Walk:
    """Supported files under `root`, breadth first (nearer files first), within the depth and file limits;
    symbolic links to folders are not followed."""
    walk = _Walk(files=[])
    queue: deque[tuple[Path, int]] = deque([(root, 0)])
    while queue:
        folder, depth = queue.popleft()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if _skip_folder(entry.name):
                    walk.skipped += 1
                elif depth + 1 >= MAX_DEPTH:
                    walk.too_deep += 1
                else:
                    queue.append((Path(entry.path), depth + 1))
            elif entry.is_file() and not entry.name.startswith(".") and Path(entry.name).suffix.lower() in SUPPORTED_SUFFIXES:
                if len(walk.files) >= limit:
                    walk.capped = True
                    return walk
                walk.files.append(Path(entry.path))
    return walk


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[IngestOutcome]]:
    """Files to read (folders walked within bounds, see the module doc) and outcomes for paths that do not
    exist, folders without documents, and what a bounded walk left out."""
    files: list[Path] = []
    outcomes: list[IngestOutcome] = []
    for path in paths:
        if path.is_dir():
            walk = walk_folder(path, max(0, MAX_FILES - len(files)))
            if not walk.files and not walk.capped:
                message = f"{path}: no .md, .txt, .pdf or .docx files in this folder"
                outcomes.append(IngestOutcome(path, "failed", message))
            files += walk.files
            note = walk.note(path)
            if note is not None:
                outcomes.append(note)
        elif path.exists():
            files.append(path)
        else:
            outcomes.append(IngestOutcome(path, "failed", f"{path}: no such file or folder"))
    return list(dict.fromkeys(files)), outcomes


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
