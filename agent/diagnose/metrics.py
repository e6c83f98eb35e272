"""Deterministic RAG metrics, no LLM: faithfulness, context recall and precision, answer coverage, relevance.

Support rule (used everywhere): a claim is supported by some source texts when every figure it states occurs in
them (the quantity reader's values, after unit conversion; other digit strings verbatim; for a response, also a
result it works out in the open from such figures, `figures.worked_values`) and either at least
`SUPPORT_THRESHOLD` of its content tokens occur in them, or a paraphrase check says it restates one of them
(`paraphrase.py`, English and Chinese claims, asked only about claims that failed the token test). A claim that
contradicts its aligned context clause (`consistency.py`) is never supported.

- faithfulness = supported response claims / response claims (None when the response makes no checkable claim
  or only says the answer is not available);
- context_recall = reference facts supported by the retrieved contexts / reference facts;
- context_precision = Ragas-style average precision over the ranked contexts (relevant = supports a fact);
- answer_coverage = reference facts the response states / reference facts;
- relevance = share of the question's content tokens found in a text (question against a context or the answer).
Reference facts are the claims of `reference` (else of `reference_contexts`), with lists split into their items
so that a partial answer shows as partial.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from pm_assistant.agent.diagnose import cues
from pm_assistant.agent.diagnose.consistency import Conflict, find_conflicts, words_in
from pm_assistant.agent.diagnose.figures import (
    derived_values,
    figures,
    found_in,
    literals,
    value_set,
    words_beside_figures,
    worked_values,
)
from pm_assistant.agent.diagnose.text import (
    TEXT_CACHE,
    Claim,
    claims,
    cue_family,
    is_advice,
    negation_scopes,
    says_missing,
    sentences,
    strip_answer_particle,
    talks_of_cost,
    token_set,
    tokens,
)
from pm_assistant.core.text.quantities import Quantity

SUPPORT_THRESHOLD = 0.6
FIGURED_THRESHOLD = 0.4
FACT_THRESHOLD = 0.5  # a reference fact is a short phrase: half its words make it
FOREIGN_MIN = 5  # content words: a short gloss ("keep your receipts") is not an invented fact
FOREIGN_MAX = 1 / 3  # a claim with fewer of its words in the sources talks about something else
ITEM_WORDS = 8
_FREE_TOKENS = frozenset(t for phrase in cues.FREE_OF_CHARGE for t in tokens(phrase))
_LEADING_AND = re.compile(r"^\s*(?:and|or|以及|和|及)\s+", re.IGNORECASE)
_ILLUSTRATION = re.compile(rf"(?<![A-Za-z])(?:{cues.alternation(cues.ILLUSTRATION)})(?![A-Za-z])", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
ILLUSTRATION_REACH = 24  # characters from the cue to the assumed figure ("for example, if your fare is $200")
_LIST_SEPARATOR = re.compile(r"\s*(?:、|；|;|，|,\s+(?:and\s+|or\s+)?|\s+and\s+|和|以及|及)\s*")

Paraphrase = Callable[[str, Sequence[str], str | None], bool]
"""(claim, source texts, the claim before it or None) -> whether the claim restates a source."""


@dataclass(frozen=True)
class Sources:
    """Texts a claim may draw on, prepared once: their tokens, figures and literal digit strings."""

    texts: tuple[str, ...]
    tokens: frozenset[str]
    figures: tuple[Quantity, ...]
    values: frozenset[float]
    literals: frozenset[str]
    question: str = ""

    @classmethod
    def of(cls, *texts: str, question: str = "") -> Sources:
        """The sources of these texts and of the question a claim may restate (cached: the same contexts recur
        across claims and samples)."""
        return _sources(texts, question)

    @property
    def statements(self) -> tuple[str, ...]:
        """The texts that state something (the question asks): what a paraphrase may restate."""
        return self.texts[:-1] if self.question else self.texts

    @classmethod
    def build(cls, texts: tuple[str, ...], question: str = "") -> Sources:
        texts = (*texts, question) if question else texts
        return cls(
            question=question,
            texts=tuple(texts),
            tokens=frozenset().union(*(token_set(t) for t in texts)),
            figures=(stated := tuple(q for t in texts for q in figures(t))),
            values=value_set(stated) | derived_values(stated),
            literals=frozenset().union(*(literals(t) for t in texts)),
        )


@lru_cache(maxsize=TEXT_CACHE)
def _sources(texts: tuple[str, ...], question: str) -> Sources:
    return Sources.build(texts, question)


@lru_cache(maxsize=TEXT_CACHE)
def assumptions(response: str) -> tuple[str, ...]:
    """The figures an answer assumes for its own worked example, as written: the first figure after an
    illustration cue ("say the fare is $200", 比如运费12元). What it works out from them must still come from the
    documents' rates and factors (200 × 5% = 10), so only the assumption itself is taken as given."""
    found = []
    for sentence in sentences(response):
        for match in _ILLUSTRATION.finditer(sentence):
            ahead = [q for q in figures(sentence) if q.span[0] >= match.end()]
            if ahead and ahead[0].span[0] - match.end() <= ILLUSTRATION_REACH:
                found.append(ahead[0].text)
    return tuple(dict.fromkeys(found))


def unsupported_figures(text: str, sources: Sources) -> list[str]:
    """The figures of a text found nowhere in the sources, as written (first mention of each)."""
    missing = [q.text for q in figures(text) if not found_in(q, sources.values) and f"{q.value:g}" not in
               sources.literals]
    missing += [lit for lit in sorted(literals(text)) if len(lit) > 1 and not _literal_found(lit, sources)]
    return list(dict.fromkeys(missing))


def _literal_found(literal: str, sources: Sources) -> bool:
    """Whether a digit string is in the sources: as written, as the ends of a range the sources state apart
    ("00:30-07:30" against "from 00:30 to 07:30"), or as a plain number a source figure states ("under-12s")."""
    if literal in sources.literals:
        return True
    pieces = re.split(r"[-/]", literal)
    if len(pieces) > 1 and all(p in sources.literals for p in pieces if p):
        return True
    return bool(_PLAIN_NUMBER.fullmatch(literal)) and round(float(literal.replace(",", "")), 9) in sources.values


def token_coverage(text: str, sources: Sources) -> float:
    """Share of a text's content tokens found in the sources (1.0 for a text without any); the words of its figures
    ("7 days") are left to the figure check, which converts units ("a week")."""
    mine = words_beside_figures(text)
    return sum(t in sources.tokens for t in mine) / len(mine) if mine else 1.0




def is_supported(claim: Claim, sources: Sources, paraphrase: Paraphrase | None = None) -> bool:
    """The support rule of the module docstring (contradictions are checked separately)."""
    if unsupported_figures(claim.text, sources):
        return False
    if token_coverage(claim.text, sources) >= SUPPORT_THRESHOLD:
        return True
    return paraphrase is not None and paraphrase(claim.text, sources.statements, claim.lead)


@dataclass(frozen=True)
class Faithfulness:
    """Faithfulness of a response to its contexts, with the evidence behind the score."""

    score: float | None
    claims: int
    unsupported_claims: tuple[str, ...]
    foreign_claims: tuple[str, ...]  # unsupported claims with at most `FOREIGN_MAX` of their words in the sources
    unsupported_figures: tuple[str, ...]
    conflicts: tuple[Conflict, ...]
    says_missing: bool


def faithfulness(
    response: str, contexts: Sequence[str], question: str = "", paraphrase: Paraphrase | None = None
) -> Faithfulness:
    """Score how much of the response the contexts (and the question it may restate) support."""
    sources = Sources.of(*contexts, *assumptions(response), question=question)
    sources = replace(sources, values=sources.values | worked_values(response, sources.values))
    declined = [token_set(s) for s in sentences(response) if says_missing(s)]
    stated = [c for c in claims(response) if not says_missing(c.text) and not is_advice(c.text)
              and not any(token_set(c.text) <= words for words in declined)]
    conflicts = tuple(conflict for c in stated for conflict in find_conflicts(c.text, contexts, sources.values,
                                                                                     sources.literals))
    conflicting = {c.claim for c in conflicts}
    figures_missing = tuple(unsupported_figures(response, sources))
    missing = says_missing(response) and not stated
    if not stated:
        return Faithfulness(None, 0, (), (), figures_missing, conflicts, says_missing(response))
    unsupported = tuple(
        c.text for c in stated if c.text in conflicting or not is_supported(c, sources, paraphrase)
    )
    foreign = tuple(c for c in unsupported if token_coverage(c, sources) < FOREIGN_MAX and _size(c) >= FOREIGN_MIN)
    score = (len(stated) - len(unsupported)) / len(stated)
    if says_missing(response) and len(unsupported) == len(stated) and not figures_missing and not foreign:
        missing = True  # a refusal with a closing remark ("your account manager can confirm") is still a refusal
    return Faithfulness(score, len(stated), unsupported, foreign, figures_missing, conflicts, missing)


def _size(text: str) -> int:
    """Content words of a text, counting one word per two CJK characters."""
    return words_in(tokens(text))



def reference_facts(reference: str | None, reference_contexts: Sequence[str] | None) -> list[str]:
    """The facts a good answer needs: claims of `reference` (lists split into items), else of the contexts."""
    if reference and reference.strip():
        if says_missing(reference):
            return []
        return [fact for claim in claims(reference) for fact in _items(claim.text)]
    return [claim.text for text in reference_contexts or () for claim in claims(text)]


def _items(claim: str) -> list[str]:
    """A list claim's items ("A, B and C" → three facts) when each is a short phrase that says something; else
    the claim."""
    claim = strip_answer_particle(claim)
    tail = claim.split(":", 1)[1] if ":" in claim[:40] else claim
    parts = [p.strip(" .。") for p in _LIST_SEPARATOR.split(_LEADING_AND.sub("", tail)) if p.strip(" .。")]
    if len(parts) < 2 or not all((tokens(p) or figures(p)) and len(p.split()) <= ITEM_WORDS for p in parts):
        return [_LEADING_AND.sub("", claim)]
    return parts


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
    """How the retrieved contexts cover the reference facts."""

    recall: float
    precision: float
    fact_in_context: tuple[bool, ...]
    relevant_contexts: tuple[bool, ...]


def match_reference(facts: Sequence[str], contexts: Sequence[str], paraphrase: Paraphrase | None = None) -> ReferenceMatch:
    """Context recall and precision of ranked contexts against reference facts (facts must be non-empty)."""
    pooled = Sources.of(*contexts)
    each = [Sources.of(text) for text in contexts]
    in_context = tuple(_holds(fact, pooled, paraphrase) for fact in facts)
    held = [fact for fact, found in zip(facts, in_context, strict=True) if found]
    worded = [fact for fact in held if token_coverage(fact, pooled) >= SUPPORT_THRESHOLD]
    relevant = tuple(  # a fact the words carry is looked for by its words; only a paraphrase asks the embedding
        any(is_supported(Claim(fact), s, None if fact in worded else paraphrase) for fact in held) for s in each
    )
    return ReferenceMatch(sum(in_context) / len(facts), average_precision(relevant), in_context, relevant)


def _holds(fact: str, sources: Sources, paraphrase: Paraphrase | None) -> bool:
    """A fact is held when it is supported and none of its figures contradicts the sources; a fact whose figures
    all appear needs only `FIGURED_THRESHOLD` of its words (the figure carries it)."""
    claim = Claim(fact)
    if tokens(fact) and all(t in _FREE_TOKENS for t in tokens(fact)):  # "Free." is said many ways ("won't cost")
        return any(cue_family(s) == "free" or talks_of_cost(sentence)
                   for text in sources.texts for sentence in sentences(text) for s in negation_scopes(sentence))
    figured = bool(figures(fact) or literals(fact)) and not unsupported_figures(fact, sources)
    coverage = token_coverage(fact, sources)
    carried = figured and (coverage >= FIGURED_THRESHOLD or words_in(words_beside_figures(fact)) <= 1)
    worded = not unsupported_figures(fact, sources) and coverage >= FACT_THRESHOLD
    if not carried and not worded and not is_supported(claim, sources, paraphrase):
        return False
    return not find_conflicts(fact, sources.texts, sources.values)


def facts_in_answer(facts: Sequence[str], response: str, paraphrase: Paraphrase | None = None) -> tuple[bool, ...]:
    """For each reference fact, whether the response states it."""
    sources = Sources.of(response)
    return tuple(_holds(fact, sources, paraphrase) for fact in facts)


def relevance(question: str, text: str) -> float:
    """Share of the question's topic tokens found in a text (0.0 when the question has none)."""
    mine = topic_tokens(question)
    return len(mine & token_set(text)) / len(mine) if mine else 0.0


def about(question: str, text: str) -> bool:
    """Whether a text shares a word of the question's topic: an English word, a CJK bigram or two CJK characters."""
    shared = topic_tokens(question) & token_set(text)
    return any(len(t) >= 2 for t in shared) or len(shared) >= 2


@lru_cache(maxsize=TEXT_CACHE)
def topic_tokens(question: str) -> frozenset[str]:
    """The question's content tokens without the words of its instructions ("as bullet points", 用表格)."""
    return token_set(question) - _INSTRUCTION_TOKENS


_INSTRUCTION_TOKENS = frozenset(t for t in frozenset().union(*(
    token_set(phrase) for phrases in (cues.LIST_REQUEST, cues.TABLE_REQUEST, cues.JSON_REQUEST, cues.YES_NO_REQUEST,
                                      cues.ONE_WORD_REQUEST, cues.ONE_SENTENCE_REQUEST, cues.ENGLISH_REQUEST,
                                      cues.CHINESE_REQUEST, cues.CITE_REQUEST, ("answer", "回答", "请"))
    for phrase in phrases
)) if len(t) > 1)  # not single CJK characters: 话 of 一句话 is also the 话 of 话费
