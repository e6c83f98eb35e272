"""Deterministic RAG metrics, no LLM: faithfulness, context recall and precision, answer coverage.

Support rule (used everywhere): a claim is supported by a passage when every number it states occurs in the
passage (normalised, see `text.py`) and either at least `SUPPORT_THRESHOLD` of its content tokens (Snowball
stems, CJK characters and bigrams, and its numbers) occur in the passage (ROUGE-1 precision, so word order and
inflection do not matter), or, failing that, a paraphrase check says it restates one of the source texts
(`paraphrase.py`: embedding similarity, only asked about claims that failed the word test). Claims that merely
restate the question may use the question's words and numbers (not its meaning).

- faithfulness = supported response claims / response claims (null when there is no checkable claim or the
  response only declines to answer);
- context_recall = reference claims supported by the retrieved contexts / reference claims;
- context_precision = Ragas-style average precision over the ranked contexts, where a context is relevant
  when it supports at least one reference claim;
- answer_coverage = reference claims the response states / reference claims.
Reference claims come from `reference` or, when it is absent, from `reference_contexts`; without either the
three reference metrics are null.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pm_assistant.agent.diagnose.text import (
    TEXT_CACHE,
    NumberMention,
    claims_with_leads,
    content_stems,
    extract_claims,
    extract_numbers,
    is_abstention,
)

SUPPORT_THRESHOLD = 0.6

Paraphrase = Callable[[str, Sequence[str], str | None], bool]
"""(claim, source texts, the claim before it in its sentence or None) -> whether the claim restates a source."""


@dataclass(frozen=True)
class Passage:
    """A text prepared for support checks: its content-word stems, number values and quantities.

    `quantities` holds (unit stem, normalised key, as written) for each number with a unit, e.g.
    ("day", "30 day", "30 days").
    """

    stems: frozenset[str]
    numbers: frozenset[float]
    quantities: frozenset[tuple[str, str, str]]

    @classmethod
    def of(cls, *texts: str) -> Passage:
        """Build one passage from one or more texts (their words and numbers pooled)."""
        if len(texts) == 1:
            return _passage(texts[0])
        return cls.pool([_passage(text) for text in texts])

    @classmethod
    def pool(cls, passages: Sequence[Passage]) -> Passage:
        """The union of several passages."""
        return cls(
            stems=frozenset().union(*(p.stems for p in passages)),
            numbers=frozenset().union(*(p.numbers for p in passages)),
            quantities=frozenset().union(*(p.quantities for p in passages)),
        )


@lru_cache(maxsize=TEXT_CACHE)
def _passage(text: str) -> Passage:
    mentions = extract_numbers(text)
    return Passage(
        stems=frozenset(content_stems(text)),
        numbers=frozenset(value for mention in mentions for value in mention.values),
        quantities=frozenset((m.unit_stem, m.key, m.text) for m in mentions if m.unit),
    )


def unsupported_numbers(text: str, passage: Passage) -> list[NumberMention]:
    """The numbers stated in `text` whose values appear nowhere in the passage (first mention of each)."""
    seen: set[str] = set()
    missing: list[NumberMention] = []
    for mention in extract_numbers(text, count_one=False):
        if not mention.values & passage.numbers and mention.text not in seen:
            seen.add(mention.text)
            missing.append(mention)
    return missing


def stem_coverage(claim: str, passage: Passage) -> float:
    """Share of the claim's content-word stems found in the passage (1.0 for a claim without words)."""
    stems = content_stems(claim)
    if not stems:
        return 1.0
    return sum(stem in passage.stems for stem in stems) / len(stems)


def token_overlap(claim: str, passage: Passage) -> float:
    """Share of the claim's content tokens, its stems and its numbers, found in the passage (1.0 with none)."""
    stems = content_stems(claim)
    numbers = extract_numbers(claim, count_one=False)
    if not stems and not numbers:
        return 1.0
    found = sum(stem in passage.stems for stem in stems) + sum(bool(m.values & passage.numbers) for m in numbers)
    return found / (len(stems) + len(numbers))


def is_supported(
    claim: str,
    passage: Passage,
    paraphrase: Paraphrase | None = None,
    sources: Sequence[str] = (),
    lead: str | None = None,
) -> bool:
    """The support rule of the module docstring (`sources` are the texts the paraphrase check compares with)."""
    if unsupported_numbers(claim, passage):
        return False
    if token_overlap(claim, passage) >= SUPPORT_THRESHOLD:
        return True
    return paraphrase is not None and bool(sources) and paraphrase(claim, sources, lead)


@dataclass(frozen=True)
class Faithfulness:
    """Faithfulness of a response to its contexts, with the evidence behind the score."""

    score: float | None
    claims: int
    unsupported_claims: tuple[str, ...]
    unsupported_numbers: tuple[NumberMention, ...]
    abstained: bool


def faithfulness(
    response: str, contexts: Sequence[str], question: str = "", paraphrase: Paraphrase | None = None
) -> Faithfulness:
    """Score how much of the response the retrieved contexts (and the question it restates) support."""
    passage = Passage.of(*contexts, question)
    claims = [(claim, lead) for claim, lead in claims_with_leads(response) if not is_abstention(claim)]
    numbers = tuple(unsupported_numbers(response, passage))
    abstained = is_abstention(response) and not claims
    if not claims:
        return Faithfulness(None, 0, (), numbers, abstained)
    unsupported = tuple(claim for claim, lead in claims if not is_supported(claim, passage, paraphrase, contexts, lead))
    score = (len(claims) - len(unsupported)) / len(claims)
    return Faithfulness(score, len(claims), unsupported, numbers, abstained)


def reference_claims(reference: str | None, reference_contexts: Sequence[str] | None) -> list[str]:
    """The facts a good answer needs: claims of `reference`, else of `reference_contexts`, else none."""
    if reference and reference.strip():
        return extract_claims(reference)
    return [claim for text in reference_contexts or () for claim in extract_claims(text)]


def average_precision(relevant: Sequence[bool]) -> float:
    """Ragas context precision: mean of precision@k over the ranks k that hold a relevant context."""
    hits, total = 0, 0.0
    for rank, is_relevant in enumerate(relevant, start=1):
        if is_relevant:
            hits += 1
            total += hits / rank
    return total / hits if hits else 0.0


@dataclass(frozen=True)
class ReferenceMatch:
    """How the retrieved contexts cover the reference claims."""

    recall: float
    precision: float
    claim_in_context: tuple[bool, ...]
    relevant_contexts: tuple[bool, ...]


def match_reference(
    claims: Sequence[str], contexts: Sequence[str], paraphrase: Paraphrase | None = None
) -> ReferenceMatch:
    """Context recall and precision of ranked contexts against reference claims (claims must be non-empty)."""
    passages = [Passage.of(text) for text in contexts]
    pooled = Passage.pool(passages)
    in_context = tuple(is_supported(claim, pooled, paraphrase, contexts) for claim in claims)
    relevant = tuple(
        any(is_supported(claim, p, paraphrase, [text]) for claim in claims)
        for text, p in zip(contexts, passages, strict=True)
    )
    return ReferenceMatch(
        recall=sum(in_context) / len(claims),
        precision=average_precision(relevant),
        claim_in_context=in_context,
        relevant_contexts=relevant,
    )


def claims_in_answer(claims: Sequence[str], response: str, paraphrase: Paraphrase | None = None) -> tuple[bool, ...]:
    """For each reference claim, whether the response states it (the support rule, response as passage)."""
    passage = Passage.of(response)
    return tuple(is_supported(claim, passage, paraphrase, [response]) for claim in claims)


def similarity_score(cosine: float) -> float:
    """An embedding cosine as a fraction in [0, 1] (negative similarity counts as none)."""
    return float(min(1.0, max(0.0, cosine)))
