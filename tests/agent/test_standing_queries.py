"""The shipped vectors of the assistant's fixed searches: one for every fixed text, each what the model makes,
and served by the embedder without running the model."""

from __future__ import annotations

import numpy as np
import pytest

from pm_assistant.agent.standing_queries import standing_queries
from pm_assistant.knowledge.card_vectors import QUERIES_MANIFEST, QUERIES_MATRIX, load_shipped
from pm_assistant.knowledge.multilingual import E5Embedder, model_identity

REGENERATE = "run `python -m pm_assistant.agent.standing_queries` and commit knowledge/vectors/"


def _shipped():
    shipped = load_shipped(matrix_file=QUERIES_MATRIX, manifest_file=QUERIES_MANIFEST)
    assert shipped is not None, f"no shipped query vectors: {REGENERATE}"
    return shipped


def test_every_fixed_query_has_a_current_shipped_vector() -> None:
    texts = standing_queries()
    shipped = _shipped()
    assert any("风险" in t for t in texts) and any("payback" in t for t in texts)  # both languages' searches
    missing = [t for t in texts if t not in shipped.rows]
    assert not missing, f"{len(missing)} fixed queries have no shipped vector, e.g. {missing[0]!r}: {REGENERATE}"
    assert set(shipped.rows) == set(texts), f"vectors for texts no longer searched: {REGENERATE}"
    assert shipped.identity == model_identity()


@pytest.mark.real_model
def test_the_embedder_serves_the_shipped_vector_and_it_is_what_the_model_makes() -> None:
    text = standing_queries()[0]
    fresh = E5Embedder(shipped_queries=False).embed_query(text)
    served = E5Embedder()
    served._model = None  # the engine must not be needed for a standing query
    vector = served.embed_query(text)
    assert float(fresh @ vector) > 0.999 and not vector.flags.writeable
    assert np.allclose(vector, _shipped().lookup([text], model_identity())[0])
