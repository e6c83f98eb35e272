"""Everything measured about one sample, gathered before any rule is applied (pure given the similarities).

The caller supplies the embedding similarities (question vs response, question vs each context) and, when it
has an embedder, the paraphrase check, so this module needs no model and unit tests can pass plain numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pm_assistant.agent.diagnose.hygiene import (
    ContextIssues,
    QuestionIssues,
    check_contexts,
    check_question,
    format_problem,
)
from pm_assistant.agent.diagnose.metrics import (
    Faithfulness,
    Paraphrase,
    Passage,
    ReferenceMatch,
    claims_in_answer,
    faithfulness,
    match_reference,
    reference_claims,
    similarity_score,
    stem_coverage,
)
from pm_assistant.agent.diagnose.results import WrongFact
from pm_assistant.agent.diagnose.text import is_abstention
from pm_assistant.agent.diagnose.trace import TraceSample

UNRELATED_SIMILARITY = 0.2  # question-context cosine below this: the context is about something else


@dataclass(frozen=True)
class Evidence:
    """The measurements and checks of one sample that `classify` turns into a layer and failure points."""

    question: QuestionIssues
    contexts: ContextIssues
    n_contexts: int
    context_similarity: tuple[float, ...] | None  # None when there is no question to compare with
    answer_relevance: float | None
    faith: Faithfulness
    claims: tuple[str, ...]
    reference: ReferenceMatch | None
    claim_in_answer: tuple[bool, ...]
    response_empty: bool
    has_reference: bool  # a reference or reference_contexts was given (it may still state no checkable fact)
    reference_says_missing: bool
    format_problem: str | None
    contradicted: tuple[WrongFact, ...]

    @property
    def unrelated(self) -> tuple[int, ...]:
        """Positions of contexts that are not about the question (none when there is no question)."""
        return tuple(i for i, sim in enumerate(self.context_similarity or ()) if sim < UNRELATED_SIMILARITY)

    @property
    def metrics(self) -> dict[str, float | None]:
        """The sample's metrics: fractions in [0, 1], None when they cannot be computed."""
        n_contexts = len(self.context_similarity or ())
        values = {
            "context_recall": self.reference.recall if self.reference else None,
            "context_precision": self.reference.precision if self.reference else None,
            "context_relevance": (n_contexts - len(self.unrelated)) / n_contexts if n_contexts else None,
            "faithfulness": self.faith.score,
            "answer_relevance": self.answer_relevance,
            "answer_coverage": sum(self.claim_in_answer) / len(self.claims) if self.claims else None,
        }
        return {name: None if value is None else round(value, 4) for name, value in values.items()}


def gather_evidence(
    sample: TraceSample,
    answer_similarity: float | None,
    context_similarity: Sequence[float] | None,
    paraphrase: Paraphrase | None = None,
) -> Evidence:
    """Measure one sample from its text and the embedding cosines (both None when there is no question)."""
    contexts = sample.retrieved_contexts
    claims = tuple(reference_claims(sample.reference, sample.reference_contexts))
    faith = faithfulness(sample.response, contexts, sample.user_input, paraphrase)
    response_empty = not sample.response.strip()
    if response_empty or answer_similarity is None:
        relevance = 0.0 if response_empty and sample.user_input.strip() else None
    else:
        relevance = similarity_score(answer_similarity)
    return Evidence(
        question=check_question(sample.user_input),
        contexts=check_contexts(contexts),
        n_contexts=len(contexts),
        context_similarity=None if context_similarity is None else tuple(float(s) for s in context_similarity),
        answer_relevance=relevance,
        faith=faith,
        claims=claims,
        reference=match_reference(claims, contexts, paraphrase) if claims else None,
        claim_in_answer=claims_in_answer(claims, sample.response, paraphrase) if claims else (),
        response_empty=response_empty,
        has_reference=bool((sample.reference or "").strip() or sample.reference_contexts),
        reference_says_missing=bool(sample.reference) and is_abstention(sample.reference or ""),
        format_problem=format_problem(sample.user_input, sample.response),
        contradicted=_wrong_facts(faith, contexts),
    )


def _wrong_facts(faith: Faithfulness, contexts: Sequence[str]) -> tuple[WrongFact, ...]:
    """Unsupported numbers whose quantity the best-matching context states with another value.

    The context that best covers the claim holding the number (e.g. the returns chunk for "you have 60 days to
    return it") is compared unit by unit, so the pair reads "60 days" against "30 days".
    """
    passages = [Passage.of(text) for text in contexts]
    facts = []
    for mention in faith.unsupported_numbers:
        if not mention.unit or not passages:
            continue
        claim = next((c for c in faith.unsupported_claims if mention.text in c), mention.text)
        best = max(passages, key=lambda passage: stem_coverage(claim, passage))
        stated = dict(sorted((key, text) for unit, key, text in best.quantities if unit == mention.unit_stem))
        if stated:
            key = f"{mention.key} vs {' / '.join(stated)}"
            facts.append(WrongFact(said=mention.text, context_says=", ".join(list(stated.values())[:3]), key=key))
    return tuple(facts)
