"""Turn a sample's evidence into the layer that failed first, its failure points and plain-word findings.

Rules, in the hallucination-diagnosis checklist order (the first failing layer is the sample's layer and gives the
failure points; findings from every layer are kept):

1. prompt — the question is empty, garbled or unfilled, or the answer says it had to guess what it means; the
   response leaks a system prompt or secret (no
   failure point: neither is a RAG failure); the response ignores an instruction or format the question gave
   (FP5). An ambiguous question only counts when something downstream failed.
2. data (documents) — the reference contradicts a figure of a retrieved context and the two carry version or
   date marks: the indexed document is an outdated version (no failure point). Data (training) — the answer gives
   a superseded figure, or a figure no source states against a clause that dates its own ("currently £12.21"):
   the model repeats an older value it learnt (FP4).
3. retrieval — FP1 when nothing relevant came back and the response or the reference says the answer is not
   available, or no context is about the question and no reference shows the documents hold the answer; FP2 when reference facts are missing from the contexts, every context is off the question, the
   contexts are about another entity from the same template, or copies crowd the top-k (a relevant context ranked
   low but retrieved is only a note: Barnett's FP2 is an answer that did not make the top-k); FP3 when the missing facts sit in a chunk that is
   cut off or destroyed by extraction. A chunk with recoverable OCR damage (the facts read again once letters and
   digits are swapped back) that the answer got wrong is a parsing failure with FP4.
4. model (with good retrieval) — FP4 for a contradiction (polarity, figure or a superseded figure — the last
   makes it a data-layer sample), unsupported figures, faithfulness < `FAITHFUL_MIN`, an empty answer or a refusal
   although the contexts hold the answer; FP6 when a faithful answer leaves out the specific figure or fact the
   question asks for; FP7 when it states only part of the facts (or answers only part of the question).
5. data (recurring) — set afterwards by `apply_data_layer`: model-layer samples that repeat one wrong fact in at
   least `DATA_MIN_SAMPLES` samples (a suspicion to confirm).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pm_assistant.agent.diagnose.measurements import Evidence
from pm_assistant.agent.diagnose.results import SampleResult, WrongFact

LOW_RECALL = 1.0  # any reference fact missing from the contexts is a retrieval failure
LOW_PRECISION = 0.5
FAITHFUL_MIN = 0.8
ANSWERABLE = 0.5  # a context clause must hold more than this share of the question's topic to answer it ("ship" of "ship to Brazil" is not enough)
DATA_MIN_SAMPLES = 3
QUESTION_CHARS = 120


class _Verdict:
    """Collects findings, failure points and fix issues per layer while the rules run."""

    def __init__(self) -> None:
        self.findings: dict[str, list[str]] = {"prompt": [], "data": [], "retrieval": [], "model": [], "note": []}
        self.failed: list[str] = []
        self.points: dict[str, set[str]] = defaultdict(set)
        self.issues: set[str] = set()

    def fail(self, layer: str, finding: str, issue: str, point: str | None = None) -> None:
        self.findings[layer].append(finding)
        self.issues.add(issue)
        if point:
            self.points[layer].add(point)
        if layer not in self.failed:
            self.failed.append(layer)

    @property
    def failure_points(self) -> list[str]:
        """The failure points of the sample's layer (a later layer's findings stay, its points would blame twice)."""
        return sorted(self.points[self.layer], key=lambda p: int(p[2:]))

    def note(self, finding: str) -> None:
        self.findings["note"].append(finding)

    @property
    def layer(self) -> str:
        return next((name for name in ("prompt", "data", "retrieval", "model") if name in self.failed), "ok")


def classify(index: int, question: str, ev: Evidence) -> SampleResult:
    """Apply the module's rules to one sample's evidence."""
    v = _Verdict()
    _prompt_rules(ev, v)
    if ev.question.hard or ev.leak or ev.guessed:  # nothing downstream can be judged against a broken question or a leak
        later = _Verdict()
        _retrieval_rules(ev, later)
        _model_rules(ev, later, blame=False)
        for layer in ("retrieval", "model"):
            for finding in later.findings[layer]:
                v.note(f"{finding.removesuffix('.')} (after the prompt problem).")
        v.findings["note"] += later.findings["note"]
    else:
        _data_rules(ev, v)
        if "data" not in v.failed:
            _retrieval_rules(ev, v)
        _model_rules(ev, v, blame=not {"retrieval", "data"} & set(v.failed))
    if ev.question.soft:
        if v.failed:
            for problem in ev.question.soft:
                v.fail("prompt", f"Prompt: {problem}; clarify it before blaming later layers.", "question_ambiguous")
        else:
            v.note(f"Note: {ev.question.soft[0]}, but the answer held up.")
    layer = v.layer
    findings = [f for part in ("prompt", "data", "retrieval", "model") for f in v.findings[part]]
    if layer == "ok":
        findings.insert(0, "No problem found.")
    findings += v.findings["note"] + _null_notes(ev)
    wrong = tuple(WrongFact(c.said, c.context_says, c.key) for c in ev.faith.conflicts if c.kind != "polarity")
    return SampleResult(
        index=index,
        question=question if len(question) <= QUESTION_CHARS else question[: QUESTION_CHARS - 1] + "…",
        metrics=ev.metrics,
        layer=layer,
        failure_points=v.failure_points,
        findings=findings,
        issues=sorted(v.issues),
        wrong_facts=wrong if layer == "model" else (),
    )


def _prompt_rules(ev: Evidence, v: _Verdict) -> None:
    for problem in ev.question.hard:
        v.fail("prompt", f"Prompt: {problem}.", "question_broken")
    if ev.guessed and not ev.question.hard:
        v.fail("prompt", f"Prompt: the answer had to guess what the question means ('{ev.guessed}'); the question is "
               "too garbled or vague to answer as asked.", "question_ambiguous")
    if ev.leak:
        v.fail("prompt", f"Prompt: the response leaks {ev.leak}, a system prompt or secret it must never reveal.",
               "leak")
    for instruction in ev.instructions:
        if not instruction.followed:
            v.fail("prompt", f"The question asks for {instruction.asked} but the response does not give it.",
                   "wrong_format", "FP5")


def _data_rules(ev: Evidence, v: _Verdict) -> None:
    if ev.outdated:
        v.fail("data", f"Outdated document: {ev.outdated}; index the current version and retire the old one.",
               "outdated_document")
    superseded = [c for c in ev.faith.conflicts if c.kind == "superseded"]
    if superseded:
        v.fail("data", f"Outdated fact: {superseded[0].describe()}; the model repeats what it learnt before.",
               "data_suspect", "FP4")
    elif ev.stale:
        v.fail("data", f"Stale knowledge: {ev.stale[0].describe()}, a dated figure; no source states the answer's "
               "figure, so the model likely repeats an older value it learnt in training.", "data_suspect", "FP4")


def _retrieval_rules(ev: Evidence, v: _Verdict) -> None:
    n = len(ev.context_relevance)
    ref = ev.reference
    all_unrelated = n > 0 and len(ev.unrelated) == n and not ev.question.hard
    missing_facts = ref is not None and ref.recall < LOW_RECALL
    nothing_relevant = ev.contexts.empty or all_unrelated or (ref is not None and ref.recall == 0)
    refused = ev.faith.says_missing
    unanswerable = nothing_relevant or ev.question_covered <= ANSWERABLE
    if ev.reference_says_missing or (refused and unanswerable and not ev.facts):
        who = "the reference says the documents do not hold it" if ev.reference_says_missing else \
            "the response says it cannot answer"
        v.fail("retrieval", f"Missing content: nothing relevant was retrieved and {who}; the knowledge base "
               "probably lacks the answer.", "missing_content", "FP1")
        return
    if ev.contexts.empty:
        v.fail("retrieval", "Retrieval returned no contexts, so the answer had nothing to stand on.",
               "empty_retrieval", "FP2")
        return
    damaged = _damaged_relevant(ev)
    if ev.contexts.ocr and _answer_wrong(ev) and (ev.repaired is None or ev.repaired.recall >= LOW_RECALL):
        i, why = ev.contexts.ocr[0]
        if i not in damaged:
            v.fail("retrieval", f"Parsing damage in context {i + 1}: {why}; the facts are still readable, but the "
                   "answer got them wrong.", "ocr_chunks", "FP4")
            return
    if damaged and (missing_facts or _answer_wrong(ev)):
        i, why = damaged[0]
        v.fail("retrieval", f"Not in context: context {i + 1} {why}, so the facts the answer needed did not reach "
               "the model.", "damaged_chunks", "FP3")
        return
    if missing_facts:
        assert ref is not None
        missing = [c for c, found in zip(ev.facts, ref.fact_in_context, strict=True) if not found]
        v.fail("retrieval", f"Context recall {ref.recall:.2f}: {_of(len(missing), len(ev.facts), 'reference fact')} "
               f"not in the retrieved contexts, e.g. '{_clip(missing[0])}'.", "low_recall", "FP2")
    elif all_unrelated and not ev.has_reference:  # nothing shows the documents hold the answer: likelier missing
        v.fail("retrieval", f"Missing content: none of the {n} contexts is about the question, and no reference shows "
               "that the documents hold the answer.", "missing_content", "FP1")
    elif all_unrelated:
        v.fail("retrieval", f"None of the {n} contexts is about the question.", "unrelated_contexts", "FP2")
    if ev.substitutions and not ev.reference_says_missing:
        s = ev.substitutions[0]
        v.fail("retrieval", f"Wrong entity: the question asks about '{s.asked}' but context {s.context + 1} is about "
               f"'{s.found}' (a chunk from the same template); the right chunk was not retrieved.",
               "wrong_entity", "FP2")
    for i, j in ev.contexts.duplicates[:1]:
        v.fail("retrieval", f"Context {j + 1} duplicates context {i + 1}, taking the place of another document.",
               "duplicate_chunks", "FP2")
    if ref is not None and not missing_facts and ref.precision < LOW_PRECISION and True in ref.relevant_contexts:
        first = ref.relevant_contexts.index(True) + 1  # retrieved within top-k: not FP2 (Barnett), worth a note
        v.note(f"Note: the first context holding a reference fact is at rank {first} (context precision "
               f"{ref.precision:.2f}); a reranker would put it first.")
    for i, why in ev.contexts.truncated + ev.contexts.garbled:
        if not any(f"context {i + 1} " in f for f in v.findings["retrieval"]):
            v.note(f"Note: context {i + 1} {why}.")


def _damaged_relevant(ev: Evidence) -> list[tuple[int, str]]:
    """Truncated contexts that are about the question and garbled ones (which cannot be judged), with why."""
    unrelated = set(ev.unrelated)
    damaged = [(i, f"is truncated: it {why}") for i, why in ev.contexts.truncated if i not in unrelated]
    return damaged + [(i, f"is garbled: {why}") for i, why in ev.contexts.garbled]


def _answer_wrong(ev: Evidence) -> bool:
    faith = ev.faith
    return bool(faith.conflicts or faith.unsupported_figures or (faith.score is not None and faith.score < FAITHFUL_MIN))


def _model_rules(ev: Evidence, v: _Verdict, *, blame: bool) -> None:
    """Generation checks; with `blame` False (an earlier layer failed) findings are kept as notes."""

    def report(finding: str, issue: str, point: str) -> None:
        if blame:
            v.fail("model", finding, issue, point)
        else:
            v.note(f"{finding.removesuffix('.')} (likely a consequence of the problem above).")

    faith = ev.faith
    if ev.response_empty:
        report("The response is empty.", "not_extracted", "FP4")
        return
    for conflict in [c for c in faith.conflicts if c.kind != "superseded"][:2]:
        report(f"Contradiction: {conflict.describe()}.", "contradiction", "FP4")
    conflicting = {c.said for c in faith.conflicts}
    invented = [f for f in faith.unsupported_figures if f not in conflicting]
    if invented:
        shown = ", ".join(f"'{f}'" for f in invented[:4])
        report(f"The response states {shown}, found in no retrieved context or the question.", "unfaithful", "FP4")
    # claims unsupported without a figure or a contradiction fail only when they are about something else
    # (most of their words in no source); a paraphrase keeps many of its words
    unfaithful = faith.score is not None and faith.score < FAITHFUL_MIN and bool(faith.foreign_claims)
    if unfaithful and ev.unspecific and not faith.conflicts and not invented:
        unfaithful = False  # a hedge ("the exact number depends on the policy") in place of the figure: FP6 below
    if unfaithful and not faith.conflicts and not invented:
        report(f"Faithfulness {faith.score:.2f}: {_of(len(faith.unsupported_claims), faith.claims, 'claim')} not "
               f"supported by the contexts, e.g. '{_clip(faith.foreign_claims[0])}'.", "unfaithful", "FP4")
    wrong = bool(faith.conflicts or invented or unfaithful)
    held = [said for said, in_context in zip(ev.fact_in_answer, ev.reference.fact_in_context if ev.reference else (),
                                             strict=False) if in_context] if ev.answer_facts else []
    if faith.says_missing:
        if held or ev.unspecific or (ev.reference is None and ev.question_covered > ANSWERABLE):
            report("The response says it cannot answer although the contexts hold the answer.", "not_extracted",
                   "FP4")
        return
    if wrong:
        return
    if held and not any(held) and ev.partial_figures:
        report("Incomplete: the answer gives part of the reference facts (some of their figures) but not all.",
               "incomplete", "FP7")
    elif held and not any(held) or (not held and ev.unspecific and not ev.unanswered_parts):
        # a multi-part question answered in part is incomplete (below), not too general
        what = f"the figure the contexts give ('{ev.unspecific}')" if ev.unspecific else "the facts it asks for"
        report(f"Too general: the question asks for a specific answer but the response leaves out {what}.",
               "specificity", "FP6")
    elif held and not all(held):
        report(f"Incomplete: the answer states {sum(held)} of the {len(held)} reference facts the contexts hold.",
               "incomplete", "FP7")
    elif ev.unanswered_parts:
        report(f"Incomplete: the answer leaves out part of the question ('{_clip(ev.unanswered_parts[0])}') that the "
               "contexts answer.", "incomplete", "FP7")


def apply_data_layer(results: Sequence[SampleResult], min_samples: int = DATA_MIN_SAMPLES) -> None:
    """Move model-layer samples that share a recurring wrong fact to the data layer (in place)."""
    holders: dict[str, list[tuple[SampleResult, WrongFact]]] = defaultdict(list)
    for result in results:
        for fact in {fact.key: fact for fact in result.wrong_facts}.values():
            holders[fact.key].append((result, fact))
    for group in holders.values():
        if len(group) >= min_samples:
            for result, fact in group:
                mark_recurring(result, fact, len(group))


def mark_recurring(result: SampleResult, fact: WrongFact, samples: int) -> None:
    """Move one sample to the data layer for a wrong fact that `samples` samples repeat."""
    if result.layer != "data":
        result.layer = "data"
        result.issues = sorted({*result.issues, "data_suspect"})
    result.findings.insert(0, (
        f"Suspected training-data problem: the response says '{fact.said}' where the contexts say "
        f"'{fact.context_says}', and {samples} samples repeat this wrong fact. A model that keeps asserting one "
        f"wrong fact over good context has likely learned it. Confirm: ask the model without context, and search "
        f"the fine-tuning data for '{fact.said}'."
    ))


def _null_notes(ev: Evidence) -> list[str]:
    notes = []
    if ev.reference is None:
        why = ("the reference states no checkable fact (e.g. just 'Yes')" if ev.has_reference
               else "no reference or reference_contexts")
        notes.append(f"{why[0].upper()}{why[1:]}: context_recall, context_precision and answer_coverage are null.")
    if ev.faith.score is None and not ev.response_empty:
        why = "the response only says it cannot answer" if ev.faith.says_missing else \
            "the response makes no checkable claim"
        notes.append(f"faithfulness is null: {why}.")
    if ev.answer_relevance is None:
        notes.append("answer_relevance and context_relevance are null: there is no question to compare with.")
    elif not ev.context_relevance:
        notes.append("context_relevance is null: no contexts were retrieved.")
    return notes


def _of(part: int, whole: int, noun: str) -> str:
    """E.g. "1 of 3 claims is" / "2 of 3 claims are"."""
    return f"{part} of {whole} {noun}{'' if whole == 1 else 's'} {'is' if part == 1 else 'are'}"


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
