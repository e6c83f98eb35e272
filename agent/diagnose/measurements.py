"""Everything measured about one sample, gathered before any rule is applied.

Pure given the sample and an optional paraphrase check (embedding similarity, English and Chinese claims), so unit
tests can run it without a model. Besides the metrics it gathers what tells failure points apart:
specificity (the question asks for a figure, the contexts hold one, the answer gives none), the parts of a
multi-part question the answer leaves out, entity substitutions, damaged chunks and whether their facts can
still be read, and version conflicts (a reference or answer against a context of another version).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pm_assistant.agent.diagnose import cues
from pm_assistant.agent.diagnose.consistency import Conflict, align, find_conflicts, units
from pm_assistant.agent.diagnose.entities import Substitution, substitutions
from pm_assistant.agent.diagnose.figures import figures, found_in, literals
from pm_assistant.agent.diagnose.hygiene import ContextIssues, check_contexts, repair
from pm_assistant.agent.diagnose.metrics import (
    Faithfulness,
    Paraphrase,
    ReferenceMatch,
    Sources,
    about,
    facts_in_answer,
    faithfulness,
    match_reference,
    reference_facts,
    relevance,
    topic_tokens,
)
from pm_assistant.agent.diagnose.prompt_layer import (
    Instruction,
    QuestionIssues,
    check_question,
    guessed_reading,
    instructions,
    leak,
)
from pm_assistant.agent.diagnose.text import (
    asks_yes_no,
    has_any,
    language,
    says_missing,
    sentences,
    strip_answer_particle,
    token_set,
    tokens,
)
from pm_assistant.agent.diagnose.trace import TraceSample

UNRELATED = 0.2  # share of the question's tokens an aligned clause must hold
RELATED_SIMILARITY = 0.3  # MiniLM cosine above which a context with no shared word is still about the question
PART_ALIGN_MIN = 0.5
_ANSWER_WORDS = (*cues.YES, *cues.NO)
_CLAUSE_BREAK = re.compile(r"\s*(?:[,，:：;；]|\s[-–—]\s|——)\s*")
TERSE_CJK_CHARS = 4  # 不收 / 可以的 / 不需要: a Chinese yes or no that echoes the verb
TERSE_WORDS = 3  # "It does" / "They can't"
_PART_SPLIT = re.compile(r"\s*(?:\?|？|,?\s+and\s+(?=(?:what|how|when|where|which|who|the|its|their|is|are|can|do)\b)"
                         r"|和|以及|还有|，)\s*", re.IGNORECASE)
_YEAR_KINDS = frozenset({"year"})
_SHARED_QUESTION_ZH = ("和", "以及")


@dataclass(frozen=True)
class Evidence:
    """The measurements and checks of one sample that `classify` turns into a layer and failure points."""

    question: QuestionIssues
    contexts: ContextIssues
    context_relevance: tuple[float, ...]
    answer_relevance: float | None
    faith: Faithfulness
    facts: tuple[str, ...]
    reference: ReferenceMatch | None
    repaired: ReferenceMatch | None  # the reference against contexts with OCR swaps undone
    fact_in_answer: tuple[bool, ...]
    answer_facts: bool  # the facts come from a reference answer (not whole reference chunks): the answer owes them all
    partial_figures: bool  # the answer states a figure of a reference fact it does not state in full
    response_empty: bool
    has_reference: bool
    reference_says_missing: bool
    leak: str | None
    guessed: str | None  # the response says it had to guess what the question means
    instructions: tuple[Instruction, ...]
    unspecific: str | None  # the figure the contexts hold for a figure question the answer leaves without one
    question_covered: float  # share of the question's topic tokens in its best-aligned context clause
    unanswered_parts: tuple[str, ...]
    substitutions: tuple[Substitution, ...]
    outdated: str | None  # why the retrieved document looks like an older version than the reference

    context_about: tuple[bool, ...]  # each context shares a topic word with the question

    @property
    def stale(self) -> tuple[Conflict, ...]:
        """Contradicted figures that no source states, against a clause that dates its own figure ("currently
        £12.21", "in 2025", 自2024年起): the answer's figure is likely an older value the model learnt."""
        return tuple(c for c in self.faith.conflicts if c.kind == "quantity" and c.said in
                     self.faith.unsupported_figures and _versioned(c.context))

    @property
    def unrelated(self) -> tuple[int, ...]:
        """Positions of contexts that are not about the question (none when there is no question)."""
        return tuple(i for i, related in enumerate(self.context_about) if not related)

    @property
    def metrics(self) -> dict[str, float | None]:
        """The sample's metrics: fractions in [0, 1], None when they cannot be computed."""
        n = len(self.context_relevance)
        values = {
            "context_recall": self.reference.recall if self.reference else None,
            "context_precision": self.reference.precision if self.reference else None,
            "context_relevance": (n - len(self.unrelated)) / n if n else None,
            "faithfulness": self.faith.score,
            "answer_relevance": self.answer_relevance,
            "answer_coverage": sum(self.fact_in_answer) / len(self.facts) if self.facts else None,
        }
        return {name: None if value is None else round(value, 4) for name, value in values.items()}


Similarity = Callable[[str, str], "float | None"]
"""(a, b) -> embedding cosine, or None while the vectors are not there yet (the batch embeds them, then asks again)."""


def gather_evidence(
    sample: TraceSample, paraphrase: Paraphrase | None = None, similarity: Similarity | None = None
) -> Evidence:
    """Measure one sample (see the module docstring); `similarity` settles English question-context relevance
    that shares no word ("rent a car" / "Rental requirements")."""
    question, contexts, response = sample.user_input, sample.retrieved_contexts, sample.response
    facts = tuple(reference_facts(sample.reference, sample.reference_contexts))
    reference = match_reference(facts, contexts, paraphrase) if facts else None
    issues = check_contexts(contexts)
    repaired = None
    readable = [repair(c) for c in contexts] if issues.ocr else contexts  # what a careful reader makes of them
    if reference is not None and issues.ocr:
        repaired = match_reference(facts, readable, paraphrase)
    has_question = bool(question.strip())
    return Evidence(
        question=check_question(question),
        contexts=issues,
        context_relevance=tuple(relevance(question, c) for c in contexts) if has_question else (),
        context_about=_about_all(question, contexts, reference, similarity) if has_question else (),
        answer_relevance=(relevance(question, response) if response.strip() else 0.0) if has_question else None,
        faith=faithfulness(response, readable, question, paraphrase),
        facts=facts,
        reference=reference,
        repaired=repaired,
        fact_in_answer=facts_in_answer(facts, response, paraphrase) if facts else (),
        answer_facts=bool((sample.reference or "").strip()),
        partial_figures=_partial_figures(facts, response),
        response_empty=not response.strip(),
        has_reference=bool((sample.reference or "").strip() or sample.reference_contexts),
        reference_says_missing=bool(sample.reference) and says_missing(sample.reference or ""),
        leak=leak(response, contexts),
        guessed=guessed_reading(response) if question.strip() else None,
        instructions=tuple(instructions(question, response)),
        unspecific=_unspecific(question, contexts, response),
        question_covered=_covered(question, contexts),
        unanswered_parts=tuple(_unanswered_parts(question, contexts, response)),
        substitutions=tuple(substitutions(question, contexts)),
        outdated=_outdated(sample.reference, contexts, reference),
    )


def _about_all(
    question: str, contexts: Sequence[str], reference: ReferenceMatch | None, similarity: Similarity | None
) -> tuple[bool, ...]:
    """Whether each context is about the question: it shares a topic word or holds a reference fact; when none
    does and there is no reference (the only case where it changes a verdict), an English question asks the
    embedding similarity as well."""
    held = reference.relevant_contexts if reference else (False,) * len(contexts)
    lexical = tuple(about(question, c) or fact for c, fact in zip(contexts, held, strict=True))
    if any(lexical) or reference is not None or similarity is None or language(question) != "en":
        return lexical
    cosines = [similarity(question, c) if c.strip() else 0.0 for c in contexts]
    return tuple(c is None or c >= RELATED_SIMILARITY for c in cosines)  # None: not embedded yet, related for now


def _unspecific(question: str, contexts: Sequence[str], response: str) -> str | None:
    """For a question that asks for a figure: the figure the best-aligned context clause holds when the answer
    gives none (None when the answer has a figure, or no aligned clause has one)."""
    if not has_any(question, cues.QUANTITY_QUESTION) or figures(response) or literals(response):
        return None
    if asks_yes_no(question):
        return None  # "Does the budget cover books?" is answered without the budget's figure
    if says_missing(response) or not response.strip():
        return None
    figured = [u for c in contexts for u in units(c) if figures(u) or literals(u)]
    aligned = align(question, figured)
    if aligned is None or aligned[1] < UNRELATED:
        return None
    unit = aligned[0]
    shown = figures(unit)
    return shown[0].text if shown else sorted(literals(unit))[0]


def _partial_figures(facts: Sequence[str], response: str) -> bool:
    """Whether the answer gives some figure of the reference facts (an answer of part of them, not none)."""
    said = Sources.of(response)
    return any(found_in(q, said.values) for fact in facts for q in figures(fact))


def _answers_yes_no(response: str) -> bool:
    """Whether some sentence of the response opens with a yes or a no: an answer particle ("No, …", 可以的) or a
    terse first clause that echoes the question's verb (不收，… / "It does - …")."""
    for sentence in sentences(response):
        if strip_answer_particle(sentence) != sentence or has_any(sentence[:6], _ANSWER_WORDS):
            return True
        lead = _CLAUSE_BREAK.split(sentence.strip(), maxsplit=1)
        if len(lead) > 1 and _terse(lead[0]):
            return True
    return False


def _terse(clause: str) -> bool:
    """A clause short enough to be a bare yes or no: up to `TERSE_CJK_CHARS` characters of Chinese, else up to
    `TERSE_WORDS` words."""
    if language(clause) == "zh":
        return 0 < len(clause) <= TERSE_CJK_CHARS
    return 0 < len(clause.split()) <= TERSE_WORDS


def _covered(question: str, contexts: Sequence[str]) -> float:
    """How much of the question's topic its best-aligned context unit holds (0.0 with no question)."""
    topic = " ".join(sorted(topic_tokens(question)))
    aligned = align(topic, [u for c in contexts for u in units(c)]) if topic else None
    return aligned[1] if aligned else 0.0


def _asks(part: str) -> bool:
    """Whether a part of a question asks something (a question word, a request or a yes/no form)."""
    return bool(has_any(part, cues.ASKING_WORDS)) or asks_yes_no(part)


def _unanswered_parts(question: str, contexts: Sequence[str], response: str) -> list[str]:
    """Parts of a multi-part question whose aligned context clause the answer does not use; what the question tells
    before it first asks something ("I lost my phone and …") is the situation, not a part."""
    pieces, joints = _PART_SPLIT.split(question), [j.strip() for j in _PART_SPLIT.findall(question)]
    first = next((i for i, piece in enumerate(pieces) if _asks(piece)), len(pieces))
    while 0 < first < len(pieces) and language(question) == "zh" and joints[first - 1] in _SHARED_QUESTION_ZH:
        first -= 1  # 营业时间和月卡价格是多少: a Chinese question word at the end asks about the nouns joined before it
    parts = [p for p in pieces[first:] if len(token_set(p)) >= 2]
    if len(parts) < 2 or says_missing(response):
        return []
    pieces = [u for c in contexts for u in units(c)]
    said = Sources.of(response)
    missed = []
    for part in parts:
        unsaid = " ".join(t for t in tokens(part) if t not in said.tokens)
        aligned = align(unsaid, pieces) if unsaid else None
        if aligned is None or aligned[1] < PART_ALIGN_MIN:
            continue
        unit = aligned[0]
        if asks_yes_no(part) and _answers_yes_no(response):
            continue
        keys = [q for q in figures(unit) if q.kind not in _YEAR_KINDS] or None
        if keys is not None:
            answered = any(q.text in response or any(q.value == s.value for s in said.figures) for q in keys)
        elif literals(unit):
            answered = bool(literals(unit) & said.literals)
        else:
            new = token_set(unit) - token_set(question)
            answered = not new or len(new & said.tokens) / len(new) >= PART_ALIGN_MIN
        if not answered:
            missed.append(part.strip())
    return missed if len(missed) < len(parts) else []


def _outdated(reference: str | None, contexts: Sequence[str], match: ReferenceMatch | None) -> str | None:
    """Why the retrieved document is an older version than the one the reference answers from, or None.

    The contexts carry a version or date, the reference carries a newer year or says it follows new rules, and the
    contexts miss some of its facts (or state a figure it contradicts)."""
    if not reference or not reference.strip() or says_missing(reference) or match is None or match.recall >= 1:
        return None
    marked = [c for c in contexts if _versioned(c)]
    if not marked:
        return None
    years = [q.value for c in marked for q in figures(c) if q.kind in _YEAR_KINDS]
    newer = [q.value for q in figures(reference) if q.kind in _YEAR_KINDS and (not years or q.value > max(years))]
    if not newer and not has_any(reference, cues.NEW_VERSION):
        return None
    pool = Sources.of(*contexts)
    for fact in reference_facts(reference, None):
        for conflict in find_conflicts(fact, marked, pool.values):
            if conflict.kind == "quantity" and not any(q.kind in _YEAR_KINDS for q in figures(conflict.said)):
                return f"the reference says '{conflict.said}' where the retrieved context says '{conflict.context_says}'"
    when = f" ({int(max(years))})" if years else ""
    return f"the retrieved document{when} predates the version the reference follows" + (
        f" ({int(newer[0])})" if newer else "")


def _versioned(text: str) -> bool:
    """Whether a text marks its version or date ("2019 edition", "updated March 2025", 2018年版, 新规)."""
    if any(q.kind in _YEAR_KINDS for q in figures(text)):
        return True
    return bool(has_any(text, (*cues.VERSION_EN, *cues.VERSION_ZH)))
