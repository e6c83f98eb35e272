"""The fixed texts the assistant embeds as queries on every run (the planner's calculator, diagnosis, part and
review searches; the review's five-question criteria), and the maintainer command that ships their vectors.

A new process would otherwise embed each of them on first use (about 20 ms apiece on one core), which a
calculator answer, a RAG diagnosis or a proposal review pays before its own question. The vectors live in
`knowledge/vectors/queries.*`, keyed by the exact text the model sees, and the embedder serves them
(`knowledge.multilingual`). Regenerate after editing any of these texts:
`python -m pm_assistant.agent.standing_queries` (a test fails while they are out of date).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from pm_assistant.agent.offline.plan import (
    CALCULATOR_QUERIES,
    CALCULATOR_QUERIES_ZH,
    DIAGNOSIS_SEARCHES,
    PART_SEARCHES,
    REVIEW_SEARCH,
)
from pm_assistant.agent.review.placement import TOPICS
from pm_assistant.agent.review.vocab import question_criteria
from pm_assistant.knowledge.card_vectors import QUERIES_MANIFEST, QUERIES_MATRIX, write_shipped
from pm_assistant.knowledge.multilingual import E5Embedder
from pm_assistant.knowledge.query import expand_acronyms


def standing_queries() -> list[str]:
    """Every fixed query text exactly as the model receives it, once each (searches expand acronyms first)."""
    searches = [
        *CALCULATOR_QUERIES.values(),
        *CALCULATOR_QUERIES_ZH.values(),
        *(search["query"] for search in DIAGNOSIS_SEARCHES),
        *(search["query"] for _, part in PART_SEARCHES for search in part),
        REVIEW_SEARCH["query"],
    ]
    criteria = [text for topic in TOPICS for text in question_criteria(topic)]
    return list(dict.fromkeys([*(expand_acronyms(q) for q in searches), *criteria]))


def main() -> int:
    """Embed every standing query afresh and write the shipped query vectors."""
    started = time.perf_counter()
    embedder = E5Embedder(shipped_queries=False)
    texts = standing_queries()
    matrix = np.stack([embedder.embed_query(text) for text in texts])
    write_shipped(texts, matrix, embedder.identity, matrix_file=QUERIES_MATRIX, manifest_file=QUERIES_MANIFEST)
    print(f"{len(texts)} standing query vectors for {embedder.identity} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
