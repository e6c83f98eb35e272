"""Card vectors computed at build time and shipped with the package, so the first answer does not pay for
embedding every card section with the multilingual model.

`vectors/cards.npy` holds one float16 row per card passage (both languages); `vectors/cards.json` names the
model identity and, for each row, the passage's `vector_key` (a hash of the exact text that was embedded).
The indexer takes a shipped row only for a passage whose key and model identity match, and embeds the rest:
an edited card or a different model is embedded afresh, never served a stale vector. Regenerate after editing
cards with `python -m pm_assistant.knowledge.build_vectors` (a test fails while they are out of date).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pm_assistant.core.fileio import write_text_atomic

VECTORS_DIR = Path(__file__).parent / "vectors"
MATRIX_FILE = "cards.npy"
MANIFEST_FILE = "cards.json"
QUERIES_MATRIX = "queries.npy"  # query vectors of the assistant's fixed searches, addressed by their exact text
QUERIES_MANIFEST = "queries.json"


@dataclass(frozen=True)
class ShippedVectors:
    """Rows of one model's passage vectors, addressed by `Chunk.vector_key`."""

    identity: str
    rows: dict[str, int]
    matrix: np.ndarray

    def lookup(self, keys: list[str], identity: str) -> list[np.ndarray | None]:
        """The shipped vector of each key (float32), or None where there is none for this model."""
        if identity != self.identity:
            return [None] * len(keys)
        return [self.matrix[self.rows[k]].astype(np.float32) if k in self.rows else None for k in keys]


def load_shipped(directory: Path = VECTORS_DIR, *, matrix_file: str = MATRIX_FILE,
                 manifest_file: str = MANIFEST_FILE) -> ShippedVectors | None:
    """The shipped vectors (card passages unless the file names say otherwise), or None when they are missing or
    unreadable (everything is then embedded)."""
    try:
        manifest = json.loads((directory / manifest_file).read_text(encoding="utf-8"))
        matrix = np.load(directory / matrix_file, allow_pickle=False)
        keys = [str(k) for k in manifest["keys"]]
        identity = str(manifest["model"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if matrix.ndim != 2 or matrix.shape[0] != len(keys):
        return None
    return ShippedVectors(identity, {key: row for row, key in enumerate(keys)}, matrix)


def write_shipped(keys: list[str], matrix: np.ndarray, identity: str, directory: Path = VECTORS_DIR, *,
                  matrix_file: str = MATRIX_FILE, manifest_file: str = MANIFEST_FILE) -> None:
    """Save vectors (stored as float16: half the size, cosine error below 1e-3) with their keys and model; the
    file names let answer-unit vectors (`knowledge.units`) and standing query vectors ship beside the passage
    vectors."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / matrix_file).open("wb") as handle:
        np.save(handle, matrix.astype(np.float16), allow_pickle=False)
    manifest = {"model": identity, "dimensions": int(matrix.shape[1]), "dtype": "float16", "keys": keys}
    write_text_atomic(directory / manifest_file, json.dumps(manifest, indent=0) + "\n")
