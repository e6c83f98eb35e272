"""Turn a sample's evidence into the layer that failed first, its failure points and plain-word findings.

Rules, checked in the hallucination-diagnosis checklist order (the first failing layer is the sample's layer;
findings from every layer are kept):

1. prompt — the question is empty, garbled or holds an unfilled template variable; or it is ambiguous
   (< 3 words, a pronoun with nothing to refer to) *and* something downstream failed.
2. retrieval — FP1 when nothing relevant came back (empty retrieval, every context unrelated, or context
   recall 0) and the response declines to answer or the reference says the information does not exist;
   otherwise FP2 for empty retrieval, context recall < `LOW_RECALL`, most contexts unrelated to the question
   (embedding similarity), or relevant contexts ranked low (context precision < `LOW_PRECISION`); FP3 for
   truncated, garbled or duplicate chunks, or reference facts found only by pooling several chunks.
3. model (only judged when retrieval is fine) — FP4 for faithfulness < `FAITHFUL_MIN` or any number the
   contexts do not contain, an empty response, a refusal although the contexts hold the reference facts, or
   an answer stating fewer than `NOT_EXTRACTED_MAX` of the reference facts the contexts hold; FP7 when a
   faithful answer states only part of them (< `COMPLETE_MIN`); FP6 for answer relevance
   < `LOW_ANSWER_RELEVANCE`. FP5 (format asked for but ignored) is reported whatever the layer.
4. data — set afterwards by `apply_data_layer`: a model-layer sample whose wrong number (one the contexts
   state with another value, e.g. "60 days" against "30 days") recurs in at least `DATA_MIN_SAMPLES`
   samples. It is a suspicion (learned from fine-tuning or pre-training data) and the finding says how to
   confirm it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from pm_assistant.agent.diagnose.measurements import Evidence
from pm_assistant.agent.diagnose.results import SampleResult, WrongFact

LOW_RECALL = 0.5
LOW_PRECISION = 0.5
FAITHFUL_MIN = 0.8
NOT_EXTRACTED_MAX = 0.34
COMPLETE_MIN = 0.75
LOW_ANSWER_RELEVANCE = 0.3
DATA_MIN_SAMPLES = 3
QUESTION_CHARS = 120


class _Verdict:
    """Collects findings, failure points and fix issues per layer while the rules run."""

    def __init__(self) -> None:
        self.findings: dict[str, list[str]] = {"prompt": [], "retrieval": [], "model": [], "note": []}
        self.failed: list[str] = []
        self.points: set[str] = set()
        self.issues: set[str] = set()

    def fail(self, layer: str, finding: str, issue: str, point: str | None = None) -> None:
        self.findings[layer].append(finding)
        self.issues.add(issue)
        if point:
            self.points.add(point)
        if layer not in self.failed:
            self.failed.append(layer)

    def note(self, finding: str) -> None:
        self.findings["note"].append(finding)


def classify(index: int, question: str, ev: Evidence) -> SampleResult:
    """Apply the module's rules to one sample's evidence."""
    verdict = _Verdict()
    for problem in ev.question.hard:
        verdict.fail("prompt", f"Prompt: {problem}.", "question_broken")
    _retrieval_rules(ev, verdict)
    retrieval_ok = "retrieval" not in verdict.failed
    _model_rules(ev, verdict, blame=retrieval_ok)
    if ev.question.soft:
        if verdict.failed:
            for problem in ev.question.soft:
                verdict.fail(
                    "prompt", f"Prompt: {problem}; clarify it before blaming later layers.", "question_ambiguous"
                )
        else:
            verdict.note(f"Note: {ev.question.soft[0]}, but the answer held up.")
    layer = next((name for name in ("prompt", "retrieval", "model") if name in verdict.failed), "ok")
    findings = [f for part in ("prompt", "retrieval", "model") for f in verdict.findings[part]]
    if layer == "ok":
        findings.insert(0, "No problem found.")
    findings += verdict.findings["note"] + _null_notes(ev)
    return SampleResult(
        index=index,
        question=question if len(question) <= QUESTION_CHARS else question[: QUESTION_CHARS - 1] + "…",
        metrics=ev.metrics,
        layer=layer,
        failure_points=sorted(verdict.points, key=lambda p: int(p[2:])),
        findings=findings,
        issues=sorted(verdict.issues),
        wrong_facts=ev.contradicted if layer == "model" else (),
    )


def _retrieval_rules(ev: Evidence, v: _Verdict) -> None:
    n = len(ev.context_similarity or ())
    ref = ev.reference
    unrelated = ev.unrelated
    nothing_relevant = ev.contexts.empty or (n > 0 and len(unrelated) == n) or (ref is not None and ref.recall == 0)
    if nothing_relevant and (ev.faith.abstained or ev.reference_says_missing):
        who = (
            "the reference says the information does not exist"
            if ev.reference_says_missing
            else "the response says it cannot answer"
        )
        v.fail(
            "retrieval",
            f"Missing content: nothing relevant was retrieved and {who}; the knowledge base probably lacks the answer.",
            "missing_content",
            "FP1",
        )
    elif ev.contexts.empty:
        v.fail(
            "retrieval",
            "Retrieval returned no contexts, so the answer had nothing to stand on.",
            "empty_retrieval",
            "FP2",
        )
    else:
        if ref is not None and ref.recall < LOW_RECALL:
            missing = [c for c, found in zip(ev.claims, ref.claim_in_context, strict=True) if not found]
            v.fail(
                "retrieval",
                f"Context recall {ref.recall:.2f}: {_of(len(missing), len(ev.claims), 'reference fact')} "
                f"not in the retrieved contexts, e.g. '{_clip(missing[0])}'.",
                "low_recall",
                "FP2",
            )
        if ev.question.hard:
            pass  # similarity to an empty or garbled question says nothing about the contexts
        elif n and len(unrelated) == n:
            v.fail(
                "retrieval",
                f"None of the {n} contexts is about the question (best similarity "
                f"{max(ev.context_similarity or (0.0,)):.2f}).",
                "unrelated_contexts",
                "FP2",
            )
        elif unrelated and ref is None and unrelated[0] == 0:
            v.fail(
                "retrieval",
                f"The top-ranked context is unrelated to the question; {_share(unrelated, n)}.",
                "unrelated_contexts",
                "FP2",
            )
        elif unrelated:
            v.note(f"Note: {_share(unrelated, n)}.")
        if ref is not None and ref.recall >= LOW_RECALL and ref.precision < LOW_PRECISION:
            if True in ref.relevant_contexts:
                first = ref.relevant_contexts.index(True) + 1
                v.fail(
                    "retrieval",
                    f"Relevant contexts are ranked below irrelevant ones (context precision "
                    f"{ref.precision:.2f}; the first relevant one is at rank {first}).",
                    "low_precision",
                    "FP2",
                )
            else:
                v.fail(
                    "retrieval",
                    "No single context holds a whole reference fact: the facts are split across "
                    "chunks (context precision 0.00).",
                    "split_facts",
                    "FP3",
                )
    garbled = {i for i, _ in ev.contexts.garbled}
    for i, why in ev.contexts.truncated:
        if i in garbled:
            continue
        v.fail("retrieval", f"Context {i + 1} is truncated: it {why}.", "truncated_chunks", "FP3")
    for i, why in ev.contexts.garbled:
        v.fail("retrieval", f"Context {i + 1} is garbled: {why}.", "garbled_chunks", "FP3")
    for i, j in ev.contexts.duplicates:
        v.fail(
            "retrieval",
            f"Context {j + 1} duplicates context {i + 1}, taking the place of another document.",
            "duplicate_chunks",
            "FP3",
        )


def _model_rules(ev: Evidence, v: _Verdict, *, blame: bool) -> None:
    """Generation checks; with `blame` False (retrieval failed) findings are kept as notes, not failures."""

    def report(finding: str, issue: str, point: str | None) -> None:
        if blame:
            v.fail("model", finding, issue, point)
        else:
            v.note(f"{finding.removesuffix('.')} (likely a consequence of the retrieval problem).")

    faith = ev.faith
    if ev.format_problem:
        v.fail(
            "model",
            f"The question asks for {ev.format_problem} but the response does not give it.",
            "wrong_format",
            "FP5",
        )
    if ev.response_empty:
        report("The response is empty.", "not_extracted", "FP4")
        return
    if faith.unsupported_numbers:
        shown = ", ".join(f"'{m.text}'" for m in faith.unsupported_numbers[:4])
        report(f"The response states {shown}, found in no retrieved context or the question.", "unfaithful", "FP4")
    unfaithful = faith.score is not None and faith.score < FAITHFUL_MIN
    if unfaithful:
        report(
            f"Faithfulness {faith.score:.2f}: {_of(len(faith.unsupported_claims), faith.claims, 'claim')} not "
            f"supported by the contexts, e.g. '{_clip(faith.unsupported_claims[0])}'.",
            "unfaithful",
            "FP4",
        )
    # the reference facts that the contexts hold, and whether the answer states each
    held = [
        (claim, stated)
        for claim, stated, in_context in zip(
            ev.claims, ev.claim_in_answer, ev.reference.claim_in_context if ev.reference else (), strict=False
        )
        if in_context
    ]
    if faith.abstained:
        if held:
            report(
                "The response declines to answer although the contexts hold the reference facts.",
                "not_extracted",
                "FP4",
            )
        elif ev.reference is None and ev.context_similarity and not ev.unrelated:
            report(
                "The response declines to answer although every context is about the question: either the "
                "knowledge base lacks the answer or the model missed it (add a reference to tell).",
                "not_extracted",
                "FP4",
            )
        return
    if held:
        stated = sum(said for _, said in held)
        missed = [claim for claim, said in held if not said]
        if stated / len(held) < NOT_EXTRACTED_MAX:
            report(
                f"The answer states {stated} of the {len(held)} reference facts the contexts hold; "
                f"it misses e.g. '{_clip(missed[0])}'.",
                "not_extracted",
                "FP4",
            )
        elif stated / len(held) < COMPLETE_MIN and not unfaithful and not faith.unsupported_numbers:
            report(
                f"Incomplete: the answer states {stated} of the {len(held)} reference facts the contexts hold; "
                f"missing e.g. '{_clip(missed[0])}'.",
                "incomplete",
                "FP7",
            )
    if ev.answer_relevance is not None and ev.answer_relevance < LOW_ANSWER_RELEVANCE and not ev.question.hard:
        report(
            f"Answer relevance {ev.answer_relevance:.2f}: the response does not address the question (too "
            "general or off the point).",
            "specificity",
            "FP6",
        )


def apply_data_layer(results: Sequence[SampleResult], min_samples: int = DATA_MIN_SAMPLES) -> None:
    """Move model-layer samples that share a recurring wrong fact to the data layer (in place)."""
    holders: dict[str, list[tuple[SampleResult, WrongFact]]] = defaultdict(list)
    for result in results:
        for fact in {fact.key: fact for fact in result.wrong_facts}.values():
            holders[fact.key].append((result, fact))
    for group in holders.values():
        if len(group) < min_samples:
            continue
        for result, fact in group:
            if result.layer != "data":
                result.layer = "data"
                result.issues = sorted({*result.issues, "data_suspect"})
            result.findings.insert(
                0,
                (
                    f"Suspected training-data problem: the response says '{fact.said}' where the contexts say "
                    f"'{fact.context_says}', and {len(group)} samples repeat this wrong fact. A model that keeps "
                    "asserting one wrong fact over good context has likely learned it. Confirm: ask the model "
                    f"without context, and search the fine-tuning data for '{fact.said}'."
                ),
            )


def _null_notes(ev: Evidence) -> list[str]:
    notes = []
    if ev.reference is None:
        why = (
            "the reference states no checkable fact (e.g. just 'Yes')"
            if ev.has_reference
            else "no reference or reference_contexts"
        )
        notes.append(f"{why[0].upper()}{why[1:]}: context_recall, context_precision and answer_coverage are null.")
    if ev.faith.score is None and not ev.response_empty:
        why = "the response only declines to answer" if ev.faith.abstained else "the response makes no checkable claim"
        notes.append(f"faithfulness is null: {why}.")
    if ev.context_similarity is None:
        notes.append("answer_relevance and context_relevance are null: there is no question to compare with.")
    elif not ev.n_contexts:
        notes.append("context_relevance is null: no contexts were retrieved.")
    return notes


def _of(part: int, whole: int, noun: str) -> str:
    """E.g. "1 of 3 claims is" / "2 of 3 claims are"."""
    return f"{part} of {whole} {noun}{'' if whole == 1 else 's'} {'is' if part == 1 else 'are'}"


def _share(indexes: Sequence[int], n: int) -> str:
    """E.g. "2 of 3 contexts are unrelated to the question (contexts 2 and 3)"."""
    items = [str(i + 1) for i in indexes]
    where = f"context {items[0]}" if len(items) == 1 else f"contexts {', '.join(items[:-1])} and {items[-1]}"
    return f"{len(items)} of {n} contexts {'is' if len(items) == 1 else 'are'} unrelated to the question ({where})"


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
