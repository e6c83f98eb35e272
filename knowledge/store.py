"""The Chroma store: client factory (embedded or server) and the one collection of cards and user documents.

The collection's metadata holds the manifest (schema version, embedding model, content hash of every card
and document it contains, generation), so the index knows what built it in embedded and server mode alike.
Embedded mode also mirrors the manifest to `<index dir>/manifest.json`, so an unchanged index can be
confirmed without importing chromadb, and an open session sees another process's change with one `stat`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlsplit

import numpy as np

from pm_assistant.core.config import Settings
from pm_assistant.core.errors import UserInputError
from pm_assistant.core.fileio import write_text_atomic
from pm_assistant.knowledge.chunking import Chunk

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import Where

COLLECTION_NAME = "pm-assistant-knowledge"
SCHEMA_VERSION = 3  # bump when chunking or stored metadata change: forces a rebuild
MANIFEST_KEY = "pm_manifest"
MANIFEST_FILE = "manifest.json"
ADD_BATCH = 32


@dataclass
class Manifest:
    """What built the index: schema version, embedding identity, `{source id: content hash}`, chunk count, and
    a generation token that changes with every write (how an open session notices another process's change)."""

    embedding: str
    sources: dict[str, str] = field(default_factory=dict)
    chunks: int = 0
    schema: int = SCHEMA_VERSION
    generation: str = ""

    def to_json(self) -> str:
        """Compact JSON, stable key order."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> Manifest | None:
        """Parse a stored manifest; None when absent or unreadable (the index is then rebuilt)."""
        try:
            data = json.loads(text or "")
            return cls(
                embedding=str(data["embedding"]),
                sources={str(k): str(v) for k, v in data["sources"].items()},
                chunks=int(data["chunks"]),
                schema=int(data["schema"]),
                generation=str(data.get("generation", "")),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None

    def counts(self) -> tuple[int, int]:
        """(cards, user documents) recorded in the manifest."""
        documents = sum(1 for source_id in self.sources if source_id.startswith("user:"))
        return len(self.sources) - documents, documents


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) from a Chroma server URL such as http://127.0.0.1:8000; UserInputError when malformed."""
    hint = f"PM_ASSISTANT_CHROMA_URL must look like http://127.0.0.1:8000, got {url!r}"
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise UserInputError(hint) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise UserInputError(hint)
    ssl = parts.scheme == "https"
    return parts.hostname, port or (443 if ssl else 8000), ssl


def open_client(settings: Settings) -> ClientAPI:
    """An HttpClient when `settings.chroma_url` is set, else a PersistentClient under the index directory."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        path = settings.index_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    host, port, ssl = parse_chroma_url(settings.chroma_url)
    try:
        return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
    except Exception as exc:  # chromadb raises assorted connection errors here
        raise UserInputError(
            f"cannot reach the Chroma server at {settings.chroma_url} ({type(exc).__name__}); start it "
            "(`chroma run --host 127.0.0.1 --port 8000`) or unset PM_ASSISTANT_CHROMA_URL"
        ) from exc


@dataclass(frozen=True)
class StoredIndex:
    """Everything a search session keeps in memory: the chunks, their vectors (rows in chunk order) and the
    manifest they were read under."""

    chunks: list[Chunk]
    vectors: np.ndarray
    manifest: Manifest | None


class ChunkStore:
    """The knowledge collection: chunks with cosine-space vectors, plus the manifest in its metadata.

    Vectors are always passed in (the indexer decides between shipped and freshly embedded ones), so the
    collection has no embedding function of its own and reopens without any registration.
    """

    def __init__(self, client: ClientAPI, mirror: Path | None = None) -> None:
        """Open (or create) the collection; `mirror` is where embedded mode keeps a copy of the manifest."""
        self._client = client
        self._mirror = mirror
        self.collection = self._open()

    def _create(self) -> Collection:
        return self._client.create_collection(
            COLLECTION_NAME, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
        )

    def _open(self) -> Collection:
        from chromadb.errors import NotFoundError

        try:
            return self._client.get_collection(COLLECTION_NAME, embedding_function=None)
        except NotFoundError:
            return self._create()
        except ValueError:  # made by an older version with its own embedding function: its vectors are stale
            if self._mirror is not None:
                self._mirror.unlink(missing_ok=True)
            self._client.delete_collection(COLLECTION_NAME)
            return self._create()

    def reopen(self) -> None:
        """Take a fresh handle on the collection by name (another process may have replaced it)."""
        self.collection = self._open()

    def close(self) -> None:
        """Release the client. Embedded chroma caches its view of the files per process until the last client
        on them closes; a session reopens after another process wrote, so it never reads a stale view."""
        close = getattr(self._client, "close", None)  # chromadb's ClientAPI type does not declare close()
        if close is not None:
            close()

    def manifest(self) -> Manifest | None:
        """The manifest stored with the collection, or None for a new or foreign collection."""
        return Manifest.from_json((self.collection.metadata or {}).get(MANIFEST_KEY))

    def latest_manifest(self) -> Manifest | None:
        """The manifest as stored right now (server mode: one request), seen from any process's writes."""
        from chromadb.errors import NotFoundError

        try:
            collection = self._client.get_collection(COLLECTION_NAME, embedding_function=None)
        except (NotFoundError, ValueError):
            return None
        return Manifest.from_json((collection.metadata or {}).get(MANIFEST_KEY))

    def write_manifest(self, manifest: Manifest) -> None:
        """Record what the collection now holds, under a new generation (collection metadata, then the mirror)."""
        manifest.generation = uuid.uuid4().hex
        self.collection.modify(metadata={MANIFEST_KEY: manifest.to_json()})
        if self._mirror is not None:
            write_text_atomic(self._mirror, manifest.to_json())

    def restore_mirror(self, manifest: Manifest) -> None:
        """Write the local mirror of the stored manifest when it is missing (a write interrupted before it)."""
        if self._mirror is not None and not self._mirror.exists():
            write_text_atomic(self._mirror, manifest.to_json())

    def reset(self) -> None:
        """Drop every chunk and the manifest (delete and recreate the collection)."""
        if self._mirror is not None:
            self._mirror.unlink(missing_ok=True)
        self._client.delete_collection(COLLECTION_NAME)
        self.collection = self._create()

    def delete_sources(self, source_ids: Sequence[str]) -> None:
        """Remove all chunks of these cards / documents."""
        if source_ids:
            self.collection.delete(where=cast("Where", {"source_id": {"$in": list(source_ids)}}))

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Store chunks with their vectors (rows in chunk order), in batches."""
        for start in range(0, len(chunks), ADD_BATCH):
            batch = chunks[start : start + ADD_BATCH]
            self.collection.upsert(
                ids=[c.id for c in batch],
                documents=[c.text for c in batch],
                metadatas=[c.metadata() for c in batch],  # type: ignore[misc]
                embeddings=vectors[start : start + ADD_BATCH],
            )

    def load(self) -> StoredIndex:
        """Every stored chunk with its vector, and the manifest (for the in-memory search of a session)."""
        got = self.collection.get(include=["documents", "metadatas", "embeddings"])
        chunks = [
            Chunk.from_record(i, d or "", dict(m or {}))
            for i, d, m in zip(got["ids"], got["documents"] or [], got["metadatas"] or [], strict=True)
        ]
        embeddings = got["embeddings"]
        vectors = np.asarray(embeddings, dtype=np.float32) if chunks and embeddings is not None else np.zeros((0, 0), np.float32)
        return StoredIndex(chunks, vectors, self.manifest())

    def count(self) -> int:
        """Number of stored chunks."""
        return self.collection.count()


def read_mirror(path: Path) -> Manifest | None:
    """The mirrored manifest of an embedded index, or None."""
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except OSError:
        return None
