"""The vocabulary of a diagnosis: checklist layers and the seven RAG failure points, as reusable data.

Layers follow the hallucination-diagnosis checklist (prompt → retrieval/parsing → base model → training data);
failure points are FP1–FP7 from Barnett et al., "Seven Failure Points When Engineering a Retrieval Augmented
Generation System" (2024). The descriptions say how *this* diagnosis detects each one from a trace.
"""

from __future__ import annotations

from dataclasses import dataclass

LAYERS: dict[str, str] = {
    "ok": "no problem found",
    "prompt": "the question was empty, garbled, unfilled or too ambiguous to answer",
    "retrieval": "retrieval or parsing failed: the right content was missing, buried, damaged or crowded out",
    "model": "the context was good but the generated answer misused it",
    "data": "a wrong fact recurs against good context: suspected training data (a suspicion to confirm)",
}
LAYER_ORDER = ("prompt", "retrieval", "model", "data")


@dataclass(frozen=True)
class FailurePoint:
    """One of Barnett et al.'s failure points: its name, what it means, and the evidence used to detect it."""

    id: str
    name: str
    meaning: str
    detected_when: str


FAILURE_POINTS: dict[str, FailurePoint] = {
    fp.id: fp
    for fp in (
        FailurePoint(
            "FP1",
            "missing content",
            "the question cannot be answered from the available documents",
            "nothing relevant was retrieved and the response declines to answer or the reference says the "
            "information does not exist",
        ),
        FailurePoint(
            "FP2",
            "missed the top-ranked documents",
            "the answer is in the corpus but did not rank high enough",
            "retrieval came back empty, the reference facts are missing from the contexts, most contexts are "
            "unrelated to the question, or relevant contexts are ranked below irrelevant ones",
        ),
        FailurePoint(
            "FP3",
            "not in context",
            "the retrieved answer did not reach the model intact (consolidation)",
            "a retrieved chunk is truncated, garbled or duplicated, or a fact is split across chunks, so the "
            "context was damaged or crowded",
        ),
        FailurePoint(
            "FP4",
            "not extracted",
            "the answer was in the context but the model did not extract it correctly",
            "with good context, the response states unsupported claims or numbers, says it does not know, or "
            "misses the reference facts that the context holds",
        ),
        FailurePoint(
            "FP5",
            "wrong format",
            "the answer ignores the format the question asked for",
            "the question asks for a table, list, JSON, yes/no or one sentence and the response is not that",
        ),
        FailurePoint(
            "FP6",
            "incorrect specificity",
            "the answer is too general (or too specific) for the question",
            "the response is not semantically related to the question (low answer relevance)",
        ),
        FailurePoint(
            "FP7",
            "incomplete",
            "the answer is not wrong but leaves out information that was in the context",
            "the response is faithful but states only part of the reference facts that the contexts hold",
        ),
    )
}
