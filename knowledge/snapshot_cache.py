"""A copy of the embedded index's chunks and vectors beside it, so a new process can search without chromadb.

Opening the embedded Chroma store costs about a third of a cold offline answer (the chromadb import alone), yet
a search session only reads the whole collection once into memory. After each such read the session saves that
snapshot here, tagged with the manifest's generation; a later process whose mirrored manifest carries the same
generation loads the copy instead of opening the store. Any write to the index changes the generation, so a
stale copy is never used; an unreadable one is ignored and rewritten. Chroma stays the store of record: the
copy is derived from it and can be deleted at any time.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from pm_assistant.core.fileio import write_bytes_atomic, write_text_atomic
from pm_assistant.knowledge.chunking import Chunk

CHUNKS_FILE = "snapshot.json"
VECTORS_FILE = "snapshot.npy"


def save_snapshot(folder: Path, generation: str, chunks: list[Chunk], vectors: np.ndarray) -> None:
    """Write the chunks and vectors read under `generation` (vectors first: the chunks file names the
    generation, so a reader never pairs new chunks with old vectors)."""
    buffer = io.BytesIO()
    np.save(buffer, np.ascontiguousarray(vectors, dtype=np.float32), allow_pickle=False)
    write_bytes_atomic(folder / VECTORS_FILE, buffer.getvalue())
    records = [[c.id, c.text, c.metadata()] for c in chunks]
    payload = {"generation": generation, "rows": len(vectors), "chunks": records}
    write_text_atomic(folder / CHUNKS_FILE, json.dumps(payload, ensure_ascii=False))


def load_snapshot(folder: Path, generation: str) -> tuple[list[Chunk], np.ndarray] | None:
    """The saved chunks and vectors when they were read under `generation`, else None (missing, stale or
    unreadable copies all mean: read the store)."""
    try:
        payload = json.loads((folder / CHUNKS_FILE).read_text(encoding="utf-8"))
        if not generation or payload.get("generation") != generation:
            return None
        vectors = np.load(folder / VECTORS_FILE, allow_pickle=False)
        chunks = [Chunk.from_record(str(i), str(text), dict(meta)) for i, text, meta in payload["chunks"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(vectors) != payload.get("rows") or (chunks and len(vectors) != len(chunks)):
        return None  # the vectors file is from another write than the chunks file
    return chunks, vectors.astype(np.float32, copy=False)
