"""Regenerate the shipped card vectors: `python -m pm_assistant.knowledge.build_vectors` (maintainers, after
editing a card; needs the multilingual model). Passages, answer units (`knowledge.units`) and each card's
situation (`knowledge.card_fit`) whose text is unchanged keep their vector, so only edited text is embedded again. Prints what it did; writes `knowledge/vectors/`.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from pm_assistant.knowledge.card_fit import situation_text
from pm_assistant.knowledge.card_vectors import load_shipped, write_shipped
from pm_assistant.knowledge.cards import load_cards
from pm_assistant.knowledge.chunking import chunk_card
from pm_assistant.knowledge.indexer import chunk_vectors
from pm_assistant.knowledge.multilingual import get_e5
from pm_assistant.knowledge.units import UnitScorer, passage_units, unit_key, write_shipped_units


def main() -> int:
    """Embed every card passage (both languages) that has no up-to-date shipped vector, and save them all."""
    started = time.perf_counter()
    chunks = [chunk for card in load_cards() for chunk in chunk_card(card)]
    embedder = get_e5()
    matrix, embedded = chunk_vectors(chunks, embedder, load_shipped())
    keys = [c.vector_key for c in chunks]
    if len(set(keys)) != len(keys):
        print("two card passages have identical text; make them differ", file=sys.stderr)
        return 1
    write_shipped(keys, np.asarray(matrix), embedder.identity)
    print(f"{len(chunks)} card passages ({embedded} embedded now) for {embedder.identity} "
          f"in {time.perf_counter() - started:.1f} s")
    situations = [situation_text(card) for card in load_cards()]  # what `card_fit.situation_fits` compares with
    texts = list(dict.fromkeys([*(u.text for chunk in chunks for u in passage_units(chunk.text)), *situations]))
    scorer = UnitScorer(embedder)  # reuses the shipped unit vectors whose text is unchanged
    before = time.perf_counter()
    vectors = scorer.vectors(texts)
    assert vectors is not None
    write_shipped_units([unit_key(t) for t in texts], vectors, embedder.identity)
    print(f"{len(texts)} answer units of those passages and card situations in {time.perf_counter() - before:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
