"""The knowledge base: hybrid (dense + BM25) search over cards and user documents, and the agent's tool.

`KnowledgeBase` keeps the index current (built or refreshed on first use), ranks chunks by Reciprocal Rank
Fusion of the Chroma vector ranking and a BM25 ranking, and returns one passage per (card or document,
section), best first. Known acronyms in the query are spelled out first (`knowledge.query`). When the
question is about the user's own organisation ("we", "our", "us"), passages of ingested documents get their
fused score raised by `OWN_DOCUMENTS_BOOST` (15%): enough for a document passage ranked about 8th by both
rankings to overtake a card ranked 1st by both, not enough to bury the cards under loosely related notes.

Each passage carries two numbers. `score` is the fused score normalised to [0, 1]: divided by the best
possible fused score (ranked first by every ranking: `rankings / (RRF_K + 1)`, times the boost when one
was applied), so it never increases down the list and 1.0 means "first everywhere".
`similarity` is the cosine similarity between the question and the passage (clamped to [0, 1]): an
absolute relevance signal the self-check thresholds. Measured on the cards with the benchmark questions: the
right card's best passage has similarity median 0.58 (5th percentile 0.38); off-topic questions ("banana
bread recipe") reach at most 0.17, so ~0.3 separates them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from pm_assistant.core.config import Settings, load_settings
from pm_assistant.core.errors import UserInputError
from pm_assistant.knowledge.cards import CardError, load_cards
from pm_assistant.knowledge.chunking import Chunk
from pm_assistant.knowledge.documents import DocumentRegistry
from pm_assistant.knowledge.embedding import EMBEDDING_FUNCTION_NAME, embedding_identity, model_config
from pm_assistant.knowledge.indexer import (
    Source,
    SyncReport,
    describe_manifest,
    describe_sources,
    is_current,
    sync,
    wanted_manifest,
    wanted_sources,
)
from pm_assistant.knowledge.query import about_own_organisation, expand_acronyms
from pm_assistant.knowledge.retrieval import RRF_K, LexicalIndex, best_per_section, rrf_fuse
from pm_assistant.knowledge.store import (
    MANIFEST_FILE,
    ChunkStore,
    Manifest,
    open_client,
    read_mirror,
)

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.types import Documents, EmbeddingFunction

DENSE_CANDIDATES = 50
MAX_K = 50
OWN_DOCUMENTS_BOOST = 0.15  # fused-score boost of user documents for questions about "we/our/us" (module doc)
_SOURCES = {"cards": "card", "card": "card", "user": "user", "users": "user"}


@dataclass
class Passage:
    """One search result: `score` is the normalised fused rank score (never increases down a result list),
    `similarity` the question-passage cosine similarity; both in [0, 1] (see module doc)."""

    id: str
    title: str
    section: str
    score: float
    text: str
    source: Literal["card", "user"] = "card"
    tags: list[str] = field(default_factory=list)
    similarity: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """The contract's search result object, plus `similarity`."""
        return {
            "id": self.id, "title": self.title, "section": self.section, "score": self.score,
            "similarity": self.similarity, "text": self.text,
        }


@dataclass(frozen=True)
class IndexStatus:
    """Whether the index exists and matches the cards, documents and embedding model; what it holds."""

    present: bool
    current: bool
    cards: int
    documents: int
    detail: str


def _filters(tags: Sequence[str] | None, source: str | None) -> tuple[dict[str, Any] | None, Callable[[Chunk], bool]]:
    """The same filter twice: a chroma `where` clause and a predicate for the BM25 side."""
    wanted_tags = sorted({t.strip().lower() for t in tags or () if t.strip()})
    if source is not None and source not in _SOURCES:
        raise UserInputError(f"source must be 'cards' or 'user', got {source!r}")
    kind = _SOURCES.get(source or "")
    clauses: list[dict[str, Any]] = [{"kind": kind}] if kind else []
    tag_clauses = [{"tags": {"$contains": t}} for t in wanted_tags]
    if tag_clauses:
        clauses.append(tag_clauses[0] if len(tag_clauses) == 1 else {"$or": tag_clauses})
    where = None if not clauses else clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def allowed(chunk: Chunk) -> bool:
        return (kind is None or chunk.kind == kind) and (not wanted_tags or bool(set(wanted_tags) & set(chunk.tags)))

    return where, allowed


class KnowledgeBase:
    """Cards + ingested documents in one Chroma collection, searched by dense + BM25 rank fusion."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedding_function: EmbeddingFunction[Documents] | None = None,
        client: ClientAPI | None = None,
        cards_dir: Path | None = None,
    ) -> None:
        """Defaults: settings from the environment, the MiniLM embedding function, the client the settings name
        (embedded or server), the packaged cards. Tests inject a fake embedding function, client or cards."""
        self.settings = settings or load_settings()
        self.registry = DocumentRegistry(self.settings.documents_dir)
        self.cards_dir = cards_dir
        self._ef = embedding_function
        self._client = client
        self._store: ChunkStore | None = None
        self._lexical: LexicalIndex | None = None
        self._checked = False
        self._lock = threading.RLock()

    @property
    def embedding_identity(self) -> str:
        """Identity of the embedding model, computed without loading it (or chromadb)."""
        if self._ef is None:
            return embedding_identity(EMBEDDING_FUNCTION_NAME, model_config())
        return embedding_identity(self._ef.name(), self._ef.get_config())

    @property
    def _mirror(self) -> Path | None:
        return None if self.settings.chroma_url else self.settings.index_dir / MANIFEST_FILE

    def _embedding_function(self) -> EmbeddingFunction[Documents]:
        if self._ef is None:
            from pm_assistant.knowledge.embedding_function import MiniLMEmbeddingFunction

            self._ef = MiniLMEmbeddingFunction()
        return self._ef

    def _open_store(self) -> ChunkStore:
        if self._store is None:
            client = self._client if self._client is not None else open_client(self.settings)
            self._store = ChunkStore(client, self._embedding_function(), self._mirror)
        return self._store

    def _wanted(self) -> tuple[dict[str, Source], Manifest]:
        sources = wanted_sources(load_cards(self.cards_dir), self.registry)
        return sources, wanted_manifest(sources, self.embedding_identity)

    def _embedded_index_exists(self) -> bool:
        return (self.settings.index_dir / "chroma" / "chroma.sqlite3").exists()

    def _current_mirror(self, wanted: Manifest) -> Manifest | None:
        """The mirrored manifest when it proves the embedded index current (no chromadb import needed)."""
        if self._mirror is None or self._client is not None or not self._embedded_index_exists():
            return None
        stored = read_mirror(self._mirror)
        return stored if is_current(stored, wanted) else None

    def status(self) -> IndexStatus:
        """Present / current / counts, with a one-line detail; never builds anything."""
        try:
            _, wanted = self._wanted()
        except CardError as exc:
            return IndexStatus(False, False, 0, 0, f"a knowledge card is malformed: {exc}")
        stored = self._current_mirror(wanted)
        if stored is None and (self.settings.chroma_url or self._client is not None or self._embedded_index_exists()):
            try:
                with self._lock:
                    stored = self._open_store().manifest()
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
            sources, wanted = self._wanted()
            stored = None if rebuild else self._current_mirror(wanted)
            if stored is not None:
                report = SyncReport(manifest=stored)
            else:
                report = sync(self._open_store(), sources, wanted.embedding, rebuild)
            if report.changed:
                self._lexical = None
            self._checked = True
            return report

    def _lexical_index(self, reload: bool = False) -> LexicalIndex:
        with self._lock:
            if self._lexical is None or reload:
                self._lexical = LexicalIndex(self._open_store().all_chunks())
            return self._lexical

    def search(
        self,
        query: str,
        k: int = 5,
        tags: Sequence[str] | None = None,
        source: str | None = None,
        mode: Literal["hybrid", "dense", "bm25"] = "hybrid",
    ) -> list[Passage]:
        """Best passages first: one per (card/document, section). `tags` keeps chunks with any of the tags;
        `source` is 'cards' or 'user'; `mode` picks one ranking alone instead of the fusion (for comparison)."""
        if not query or not query.strip():
            raise UserInputError("the search query is empty")
        if not 1 <= k <= MAX_K:
            raise UserInputError(f"k must be between 1 and {MAX_K}, got {k}")
        where, allowed = _filters(tags, source)
        if not self._checked:
            self.refresh()
        lexical = self._lexical_index()
        if not lexical.chunks:
            return []
        store = self._open_store()
        text = expand_acronyms(query)
        vector = np.asarray(self._embedding_function().embed_query([text])[0], dtype=np.float32)
        n = min(len(lexical.chunks), max(DENSE_CANDIDATES, 4 * k))
        dense = store.collection.query(query_embeddings=[vector], n_results=n, where=where, include=["distances"])
        dense_ids = dense["ids"][0]
        similarity = {cid: 1.0 - dist for cid, dist in zip(dense_ids, (dense["distances"] or [[]])[0], strict=True)}
        by_id = {c.id: c for c in lexical.chunks}
        if any(cid not in by_id for cid in dense_ids):  # another process changed the index meanwhile
            lexical = self._lexical_index(reload=True)
            by_id = {c.id: c for c in lexical.chunks}
        rankings = {"dense": [dense_ids], "bm25": [lexical.rank(text, allowed, n)]}
        rankings["hybrid"] = rankings["dense"] + rankings["bm25"]
        fused = {cid: score for cid, score in rrf_fuse(rankings[mode]) if cid in by_id}
        best_possible = len(rankings[mode]) / (RRF_K + 1)
        boosted = [cid for cid in fused if by_id[cid].kind == "user"] if about_own_organisation(query) else []
        for cid in boosted:
            fused[cid] *= 1.0 + OWN_DOCUMENTS_BOOST
        if boosted:
            best_possible *= 1.0 + OWN_DOCUMENTS_BOOST
        ranked = sorted(fused, key=lambda cid: -fused[cid])  # stable: ties keep the fusion's order
        picked = best_per_section(ranked, by_id)[:k]
        missing = [c.id for c in picked if c.id not in similarity]
        if missing:
            got = store.collection.get(ids=missing, include=["embeddings"])
            for cid, emb in zip(got["ids"], got["embeddings"], strict=True):
                similarity[cid] = float(np.dot(vector, np.asarray(emb, dtype=np.float32)))
        return [
            Passage(
                id=c.source_id,
                title=c.title,
                section=c.section,
                score=round(min(1.0, fused[c.id] / best_possible), 4),  # min: float rounding only
                text=c.text,
                source=c.kind,
                tags=list(c.tags),
                similarity=round(min(1.0, max(0.0, float(similarity[c.id]))), 4),
            )
            for c in picked
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
    "text"}]}`, best first."""
    passages = get_knowledge_base().search(query, k=k, tags=tags, source=source)
    return {"query": query, "results": [p.to_dict() for p in passages]}
