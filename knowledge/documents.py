"""The user's ingested documents: a copy of each document's text plus a JSON registry, under documents_dir.

Keeping the text (not only the vectors) means the index can always be rebuilt — after `index --rebuild`,
a model change or a lost index — without the original files. Document ids are short content hashes, so
ingesting the same content twice is a no-op. Every write is atomic.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from pm_assistant.core.errors import UserInputError
from pm_assistant.core.fileio import write_text_atomic
from pm_assistant.knowledge.chunking import Chunk, DocFormat, chunk_document
from pm_assistant.knowledge.readers import DocumentText

REGISTRY_FILE = "registry.json"
ID_LENGTH = 12


@dataclass(frozen=True)
class DocumentRecord:
    """One ingested document as listed in the registry."""

    id: str
    title: str
    path: str
    fmt: DocFormat
    content_hash: str
    added_at: str
    chars: int
    chunks: int

    @property
    def source_id(self) -> str:
        """The id its passages carry in search results."""
        return f"user:{self.id}"


def content_hash(text: str) -> str:
    """sha256 of the extracted text (the document's identity)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DocumentRegistry:
    """Add, list and remove ingested documents; the text of each is kept as `<id>.txt`."""

    def __init__(self, directory: Path) -> None:
        """Use `directory` (settings.documents_dir); nothing is created until the first add."""
        self.directory = directory
        self._file = directory / REGISTRY_FILE

    def records(self) -> list[DocumentRecord]:
        """All documents, oldest first; an unreadable registry is an error (never silently emptied)."""
        if not self._file.exists():
            return []
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
            return [DocumentRecord(**item) for item in data["documents"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RuntimeError(f"the document registry {self._file} is damaged ({type(exc).__name__})") from exc

    def _save(self, records: list[DocumentRecord]) -> None:
        payload = {"documents": [asdict(r) for r in records]}
        write_text_atomic(self._file, json.dumps(payload, ensure_ascii=False, indent=1))

    def _text_path(self, doc_id: str) -> Path:
        return self.directory / f"{doc_id}.txt"

    def add(self, document: DocumentText, original: Path) -> tuple[DocumentRecord, bool]:
        """Store a document; returns (record, True) when new, (existing record, False) when already there."""
        digest = content_hash(document.text)
        records = self.records()
        existing = next((r for r in records if r.content_hash == digest), None)
        if existing is not None:
            return existing, False
        doc_id = digest[:ID_LENGTH]
        chunks = chunk_document(doc_id, document.title, document.text, document.fmt, digest)
        record = DocumentRecord(
            id=doc_id,
            title=document.title,
            path=str(original.resolve()),
            fmt=document.fmt,
            content_hash=digest,
            added_at=datetime.now(UTC).isoformat(timespec="seconds"),
            chars=len(document.text),
            chunks=len(chunks),
        )
        write_text_atomic(self._text_path(doc_id), document.text)
        self._save([*records, record])
        return record, True

    def find(self, doc_id: str) -> DocumentRecord:
        """The document an id names: the full id, `user:<id>`, or a prefix that only one id starts with;
        UserInputError for an unknown id or an ambiguous prefix (listing the candidates)."""
        wanted = doc_id.strip().removeprefix("user:").strip()
        records = self.records()
        exact = [r for r in records if r.id == wanted]
        matches = exact or [r for r in records if wanted and r.id.startswith(wanted)]
        if not wanted or not matches:
            raise UserInputError(f"no ingested document with id '{doc_id}' (see `pm-assistant ingest --list`)")
        if len(matches) > 1:
            candidates = ", ".join(f"{r.source_id} ({r.title})" for r in matches)
            raise UserInputError(f"'{doc_id}' matches {len(matches)} documents: {candidates}; give more of the id")
        return matches[0]

    def remove(self, doc_id: str) -> DocumentRecord:
        """Forget a document named as `find` accepts; UserInputError for an unknown id or ambiguous prefix."""
        match = self.find(doc_id)
        self._save([r for r in self.records() if r.id != match.id])
        self._text_path(match.id).unlink(missing_ok=True)
        return match

    def has_text(self, record: DocumentRecord) -> bool:
        """Whether the saved text of a document is still there (it is what the index is built from)."""
        return self._text_path(record.id).is_file()

    def chunks(self, record: DocumentRecord) -> list[Chunk]:
        """The passages of a stored document, re-chunked from its saved text."""
        text = self._text_path(record.id).read_text(encoding="utf-8")
        return chunk_document(record.id, record.title, text, record.fmt, record.content_hash)
