"""The fix catalogue, and ranking fixes by how many failing samples each would help (weighted).

Each issue that `classify` can raise maps to the fixes that address it with a weight (1.0 = the direct fix,
less = it helps). A fix's score is the sum, over failing samples, of its best weight for that sample's
issues, so a sample counts at most once per fix. Ties go to the cheaper fix, in checklist order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fix:
    """A remedy a team can apply, cheapest first by `cost_rank`."""

    id: str
    title: str
    action: str
    cost_rank: int


FIXES: dict[str, Fix] = {
    fix.id: fix
    for fix in (
        Fix(
            "prompt",
            "Prompt",
            "validate and clarify questions before answering; tell the model to answer only "
            "from the context, cite it, and follow the requested format",
            1,
        ),
        Fix(
            "chunking",
            "Parsing and chunking",
            "re-parse garbled documents, split chunks at sentence or section "
            "boundaries with some overlap, and deduplicate the index",
            2,
        ),
        Fix("top_k", "Top-k", "retrieve more candidates per question and keep the ones that carry the answer", 3),
        Fix(
            "hybrid_rerank",
            "Hybrid retrieval and reranking",
            "add keyword (BM25) search next to vector search and rerank the merged results before cutting to top-k",
            4,
        ),
        Fix("content", "Knowledge base content", "add the documents that answer these questions, and replace outdated "
            "versions with the current ones", 5),
        Fix(
            "model",
            "Model choice",
            "try a stronger model or a lower temperature, and check every number against the context before answering",
            6,
        ),
        Fix("data", "Training data", "audit the fine-tuning data for the recurring wrong facts, clean and retrain", 7),
    )
}

# issue code -> (plain label, {fix id: weight})
ISSUES: dict[str, tuple[str, dict[str, float]]] = {
    "question_broken": ("empty or garbled question", {"prompt": 1.0}),
    "question_ambiguous": ("ambiguous question", {"prompt": 1.0}),
    "leak": ("system prompt or secret leaked", {"prompt": 1.0}),
    "wrong_format": ("instruction or format ignored", {"prompt": 1.0, "model": 0.25}),
    "outdated_document": ("outdated document indexed", {"content": 1.0}),
    "missing_content": ("missing content", {"content": 1.0, "top_k": 0.25}),
    "empty_retrieval": ("empty retrieval", {"hybrid_rerank": 1.0, "top_k": 0.75, "content": 0.5}),
    "low_recall": ("reference facts not retrieved", {"hybrid_rerank": 1.0, "top_k": 0.75, "chunking": 0.25}),
    "unrelated_contexts": ("contexts unrelated to the question", {"hybrid_rerank": 1.0, "top_k": 0.25}),
    "wrong_entity": ("chunk about another entity retrieved", {"hybrid_rerank": 1.0, "chunking": 0.5}),
    "low_precision": ("relevant context ranked low", {"hybrid_rerank": 1.0, "top_k": 0.5}),
    "duplicate_chunks": ("duplicate chunks", {"chunking": 1.0, "hybrid_rerank": 0.5}),
    "damaged_chunks": ("truncated or garbled chunks", {"chunking": 1.0, "top_k": 0.25}),
    "ocr_chunks": ("OCR damage in chunks", {"chunking": 1.0, "model": 0.25}),
    "contradiction": ("answer contradicts the context", {"model": 1.0, "prompt": 0.5}),
    "unfaithful": ("unsupported claims or figures", {"model": 1.0, "prompt": 0.5}),
    "not_extracted": ("answer in context but not extracted", {"model": 1.0, "prompt": 0.5}),
    "specificity": ("answer too general", {"prompt": 1.0, "model": 0.5}),
    "incomplete": ("incomplete answer", {"prompt": 0.75, "model": 0.75, "top_k": 0.25}),
    "data_suspect": ("outdated or recurring wrong fact", {"data": 1.0, "model": 0.5}),
}


@dataclass(frozen=True)
class RankedFix:
    """A fix with its weighted score, how many failing samples it helps, and the issues behind it."""

    fix: Fix
    score: float
    samples: int
    issues: tuple[str, ...]

    def sentence(self, failing: int) -> str:
        """One line for the summary's `top_fixes`."""
        return (
            f"{self.fix.title}: {self.fix.action} (helps {self.samples} of {failing} failing samples; "
            f"{', '.join(self.issues)})"
        )

    def to_dict(self) -> dict:
        """JSON-ready detail of the ranking."""
        return {
            "id": self.fix.id,
            "title": self.fix.title,
            "action": self.fix.action,
            "score": round(self.score, 3),
            "samples": self.samples,
            "issues": list(self.issues),
        }


class FixTally:
    """Accumulates failing samples' issues and ranks the fixes."""

    def __init__(self) -> None:
        self._score: dict[str, float] = {}
        self._samples: Counter[str] = Counter()
        self._issues: dict[str, Counter[str]] = {fix_id: Counter() for fix_id in FIXES}

    def add(self, issues: Iterable[str]) -> None:
        """Count one failing sample with these issue codes."""
        best: dict[str, float] = {}
        for code in set(issues):
            label, weights = ISSUES[code]
            for fix_id, weight in weights.items():
                best[fix_id] = max(best.get(fix_id, 0.0), weight)
                self._issues[fix_id][label] += 1
        for fix_id, weight in best.items():
            self._score[fix_id] = self._score.get(fix_id, 0.0) + weight
            self._samples[fix_id] += 1

    def ranked(self) -> list[RankedFix]:
        """Fixes that help at least one sample, most helpful first (cheaper first on ties)."""
        order = sorted(self._score, key=lambda f: (-self._score[f], FIXES[f].cost_rank))
        return [
            RankedFix(FIXES[f], self._score[f], self._samples[f], tuple(dict(self._issues[f].most_common())))
            for f in order
        ]
