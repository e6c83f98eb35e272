"""Answer units of a retrieved passage (its list items and prose sentences) and their vectors, so an offline
answer can pick the units that answer *this* question by meaning.

A unit is one line a reader can take on its own: a list item whole (a step or a pitfall, with its bold heading
kept apart), or one prose sentence (split by the shared splitter, `core.text.sentences`). Units are embedded
with the retrieval model (`knowledge.multilingual`, `passage: ` side; the question goes on the `query: ` side),
so English and Chinese units are scored on one scale. The card units' vectors are computed at build time
(`python -m pm_assistant.knowledge.build_vectors`) and shipped in `vectors/units.npy`; any other unit (an
ingested document, an edited card) is embedded on first use and kept for the session. Where the model cannot
run, `UnitScorer.similarities` returns None and callers fall back to shared-tokenizer overlap.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np

from pm_assistant.core.text.sentences import split_sentences
from pm_assistant.knowledge.card_vectors import VECTORS_DIR, ShippedVectors, load_shipped, write_shipped
from pm_assistant.knowledge.multilingual import Embedder, ModelUnavailable, get_e5

UNITS_MATRIX = "units.npy"
UNITS_MANIFEST = "units.json"
_BOLD_HEAD = re.compile(r"^\*\*(?P<head>[^*]{1,80}?)\*\*\s*[:：]?\s*")
_MARKUP = re.compile(r"\*\*|__|`")
MIN_CHARS = 8  # shorter pieces ("1.", a lone heading) are not answers


@dataclass(frozen=True)
class Unit:
    """One quotable line of a passage: `text` (markup removed, heading included), `kind` ("item" for a list
    item, "sentence" for prose), the item's bold `heading` if any, and its `position` in the passage."""

    text: str
    kind: Literal["item", "sentence"]
    heading: str
    position: int

    @property
    def key(self) -> str:
        """Identity of the embedded text (sha256 prefix): equal keys, equal vectors."""
        return unit_key(self.text)


def unit_key(text: str) -> str:
    """The vector key of a unit's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def passage_units(text: str) -> list[Unit]:
    """The units of a passage in reading order; headings and lead-ins that end in a colon are left out."""
    units: list[Unit] = []
    for piece in split_sentences(text):
        if piece.kind in ("heading", "row"):
            continue
        raw = piece.text.strip()
        head = _BOLD_HEAD.match(raw) if piece.kind == "item" else None
        heading = head.group("head").strip().rstrip(".。:：") if head else ""
        clean = " ".join(_MARKUP.sub("", raw).split())
        if len(clean) < MIN_CHARS or (piece.kind == "sentence" and clean.endswith((":", "："))):
            continue
        units.append(Unit(clean, "item" if piece.kind == "item" else "sentence", heading, len(units)))
    return units


def load_shipped_units(directory: Path = VECTORS_DIR) -> ShippedVectors | None:
    """The shipped unit vectors, or None when missing or unreadable."""
    return load_shipped(directory, matrix_file=UNITS_MATRIX, manifest_file=UNITS_MANIFEST)


def write_shipped_units(keys: list[str], matrix: np.ndarray, identity: str, directory: Path = VECTORS_DIR) -> None:
    """Save unit vectors as float16 with their keys and model identity."""
    write_shipped(keys, matrix, identity, directory, matrix_file=UNITS_MATRIX, manifest_file=UNITS_MANIFEST)


class UnitScorer:
    """Cosine similarity between a question and units, with shipped vectors first and a session cache."""

    def __init__(self, embedder: Embedder | None = None, shipped: ShippedVectors | None = None) -> None:
        """`embedder` defaults to the retrieval model, loaded on first use; tests pass a fake."""
        self._embedder = embedder
        self._shipped = shipped if shipped is not None else load_shipped_units()
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()
        self._failed = False

    def _model(self) -> Embedder | None:
        if self._embedder is None and not self._failed:
            try:
                self._embedder = get_e5()
            except ModelUnavailable:
                self._failed = True
        return self._embedder

    def _known(self, key: str, identity: str) -> np.ndarray | None:
        if key in self._cache:
            return self._cache[key]
        return self._shipped.lookup([key], identity)[0] if self._shipped is not None else None

    def vectors(self, texts: Sequence[str]) -> np.ndarray | None:
        """Unit vectors (rows in order), embedding only those neither shipped nor cached; None without a model."""
        model = self._model()
        if model is None:
            return None
        with self._lock:
            identity = model.identity
            found = [self._known(unit_key(t), identity) for t in texts]
            missing = [i for i, v in enumerate(found) if v is None]
            if missing:
                fresh = model.embed_passages([texts[i] for i in missing])
                for i, row in zip(missing, fresh, strict=True):
                    self._cache[unit_key(texts[i])] = found[i] = np.asarray(row, dtype=np.float32)
        return np.stack([v for v in found if v is not None]) if texts else np.zeros((0, 1), dtype=np.float32)

    def similarities(self, question: str, texts: Sequence[str]) -> np.ndarray | None:
        """Cosine similarity of each text to the question, or None where the model cannot run."""
        model = self._model()
        matrix = self.vectors(texts) if model is not None else None
        if model is None or matrix is None:
            return None
        try:
            query = model.embed_query(question)
        except ModelUnavailable:
            return None
        return matrix @ query if len(texts) else np.zeros(0, dtype=np.float32)


@cache
def get_unit_scorer() -> UnitScorer:
    """The process-wide unit scorer."""
    return UnitScorer()
