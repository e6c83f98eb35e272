"""Keep the index in step with the cards on disk and the ingested documents, re-embedding only what changed.

The wanted state is a manifest (`{source id: content hash}` plus the embedding identity); comparing it with
the stored manifest gives the sources to add, update and delete. A card is one source covering all its
languages. A different embedding model or schema means a full rebuild. Every source is replaced as a whole
(delete its chunks, add the new ones), so an interrupted sync is repaired by the next one. Passages whose
vector ships with the package (`card_vectors`) are stored without embedding; only the rest is embedded.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from pm_assistant.knowledge.card_vectors import ShippedVectors
from pm_assistant.knowledge.cards import Card
from pm_assistant.knowledge.chunking import Chunk, chunk_card
from pm_assistant.knowledge.documents import DocumentRecord, DocumentRegistry
from pm_assistant.knowledge.multilingual import Embedder
from pm_assistant.knowledge.store import ChunkStore, Manifest

PROGRESS_MIN_CHUNKS = 16  # ~1 s of embedding: below this a progress bar would only flicker
EMBED_BATCH = 16


@dataclass(frozen=True)
class Source:
    """A card or user document: its id, content hash and how to chunk it."""

    id: str
    content_hash: str
    chunks: Callable[[], list[Chunk]]


def _card_chunks(translations: list[Card]) -> list[Chunk]:
    return [chunk for card in translations for chunk in chunk_card(card)]


def card_sources(cards: list[Card]) -> dict[str, Source]:
    """One source per card id covering all its languages; its hash changes when any translation changes."""
    by_id: dict[str, list[Card]] = {}
    for card in cards:
        by_id.setdefault(card.id, []).append(card)
    sources = {}
    for card_id, translations in by_id.items():
        if len(translations) == 1:
            digest = translations[0].content_hash
        else:
            joined = "".join(f"{c.lang}:{c.content_hash};" for c in translations)
            digest = hashlib.sha256(joined.encode()).hexdigest()[:16]
        sources[card_id] = Source(card_id, digest, partial(_card_chunks, translations))
    return sources


def document_sources(registry: DocumentRegistry, records: list[DocumentRecord]) -> dict[str, Source]:
    """The ingested documents whose saved text exists, by source id."""
    return {
        r.source_id: Source(r.source_id, r.content_hash, partial(registry.chunks, r))
        for r in records if registry.has_text(r)
    }


def wanted_manifest(sources: dict[str, Source], embedding: str, chunks: int = 0) -> Manifest:
    """The manifest an index built from `sources` with `embedding` would have."""
    hashes = {sid: source.content_hash for sid, source in sorted(sources.items())}
    return Manifest(embedding=embedding, sources=hashes, chunks=chunks)


def is_current(stored: Manifest | None, wanted: Manifest) -> bool:
    """True when the stored manifest records exactly the wanted sources, model and schema."""
    return (
        stored is not None
        and stored.schema == wanted.schema
        and stored.embedding == wanted.embedding
        and stored.sources == wanted.sources
    )


@dataclass
class SyncReport:
    """What one sync did."""

    rebuilt: bool = False
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    chunks_shipped: int = 0
    seconds: float = 0.0
    manifest: Manifest | None = None
    note: str = ""

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return self.rebuilt or bool(self.added or self.updated or self.removed)

    def totals(self) -> str:
        """What the index now holds, e.g. '32 cards, 152 chunks, 1 document'."""
        return describe_manifest(self.manifest or Manifest(embedding=""))

    def summary(self) -> str:
        """One line for the terminal, e.g. 'updated 1 card: embedded 5 chunks in 0.4 s (32 cards, ...)'."""
        if not self.changed:
            return f"index current: {self.totals()}" + (f"; {self.note}" if self.note else "")
        if self.rebuilt:
            what = "built the index"
        else:
            counts = (("added", self.added), ("updated", self.updated), ("removed", self.removed))
            what = ", ".join(f"{verb} {describe_sources(ids)}" for verb, ids in counts if ids)
        done = [f"embedded {counted(self.chunks_embedded, 'chunk')}"] if self.chunks_embedded else []
        done += [f"{counted(self.chunks_shipped, 'chunk')} from shipped vectors"] if self.chunks_shipped else []
        return f"{what}{': ' + ', '.join(done) if done else ''} in {self.seconds:.1f} s ({self.totals()})"


def counted(n: int, noun: str) -> str:
    """'1 card', '2 cards': a count with its noun in the right number."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def describe_manifest(manifest: Manifest) -> str:
    """What an index with this manifest holds, e.g. '32 cards, 152 chunks, 1 document'."""
    cards, documents = manifest.counts()
    return f"{counted(cards, 'card')}, {counted(manifest.chunks, 'chunk')}, {counted(documents, 'document')}"


def describe_sources(source_ids: list[str]) -> str:
    """'2 cards', '1 document', '1 card and 2 documents' for a list of source ids."""
    documents = sum(1 for sid in source_ids if sid.startswith("user:"))
    parts = [(len(source_ids) - documents, "card"), (documents, "document")]
    return " and ".join(counted(n, noun) for n, noun in parts if n)


@contextmanager
def embedding_progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A rich progress bar on stderr for builds big enough to notice, when stderr is a terminal."""
    if total < PROGRESS_MIN_CHUNKS or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console  # lazy: only builds shown on a terminal draw a bar
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("embedding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("embedding", total=total)
        yield lambda n: progress.advance(task, n)


def chunk_vectors(chunks: list[Chunk], embedder: Embedder, shipped: ShippedVectors | None) -> tuple[np.ndarray, int]:
    """One vector per chunk (rows in order): the shipped one where it matches the text and model, else
    embedded now; also how many were embedded."""
    found = shipped.lookup([c.vector_key for c in chunks], embedder.identity) if shipped else [None] * len(chunks)
    missing = [i for i, vector in enumerate(found) if vector is None]
    embedded: dict[int, np.ndarray] = {}
    with embedding_progress(len(missing)) as advance:
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start : start + EMBED_BATCH]
            embedded.update(zip(batch, embedder.embed_passages([chunks[i].retrieval_text for i in batch]), strict=True))
            if advance is not None:
                advance(len(batch))
    rows = [vector if vector is not None else embedded[i] for i, vector in enumerate(found)]
    matrix = np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 0), dtype=np.float32)
    return matrix, len(missing)


def sync(
    store: ChunkStore, sources: dict[str, Source], embedder: Embedder, shipped: ShippedVectors | None = None,
    rebuild: bool = False,
) -> SyncReport:
    """Bring the store to `sources`: full rebuild when asked or when the model/schema differ, else per source."""
    started = time.perf_counter()
    stored = store.manifest()
    wanted = wanted_manifest(sources, embedder.identity)
    full = rebuild or stored is None or stored.embedding != wanted.embedding or stored.schema != wanted.schema
    old = {} if full or stored is None else stored.sources
    report = SyncReport(
        rebuilt=full,
        added=[sid for sid in wanted.sources if sid not in old],
        updated=[sid for sid, digest in wanted.sources.items() if sid in old and old[sid] != digest],
        removed=[sid for sid in old if sid not in wanted.sources],
    )
    if full:
        store.reset()
    else:  # added sources too: clears leftovers of an interrupted sync
        store.delete_sources(report.added + report.updated + report.removed)
    chunks = [chunk for sid in report.added + report.updated for chunk in sources[sid].chunks()]
    vectors, embedded = chunk_vectors(chunks, embedder, shipped)
    store.add(chunks, vectors)
    report.chunks_embedded, report.chunks_shipped = embedded, len(chunks) - embedded
    wanted.chunks = store.count()
    if report.changed or stored is None or not is_current(stored, wanted) or stored.chunks != wanted.chunks:
        store.write_manifest(wanted)
    else:
        wanted.generation = stored.generation
        store.restore_mirror(wanted)
    report.manifest = wanted
    report.seconds = time.perf_counter() - started
    return report
