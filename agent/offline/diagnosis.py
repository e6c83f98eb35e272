"""The offline answers to "why is my RAG failing?" and "review my proposal", condensed from retrieved cards.

The RAG answer walks the hallucination-diagnosis checklist in its fixed order (prompt → document parsing and
retrieval → base model → fine-tuning data), puts the concrete checks of each layer next to the failure
points FP1–FP7 that belong to it, and asks for the evidence that tells the layers apart. The wording of the
checks and failure points comes from the retrieved `hallucination-diagnosis-checklist` and
`rag-failure-points` passages; only the layer names and the FP-to-layer map are built in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pm_assistant.agent.offline.passages import Passage, by_id, cited, clean, first_sentences, list_items

CHECKLIST = "hallucination-diagnosis-checklist"
FAILURE_POINTS = "rag-failure-points"
TECH_REVIEW = "technical-review-five-questions"


@dataclass(frozen=True)
class Layer:
    """One layer of the checklist: its key, heading, how to spot its passage items, and its failure points."""

    key: str
    heading: str
    pattern: re.Pattern[str]
    failure_points: tuple[str, ...]


LAYERS = (
    Layer("prompt", "Prompt", re.compile(r"^prompt\b", re.I), ("FP5", "FP6")),
    Layer("retrieval", "Document parsing and retrieval", re.compile(r"^(?:retrieval|rag|document)", re.I),
          ("FP1", "FP2", "FP3")),
    Layer("model", "Base model", re.compile(r"^base[- ]model", re.I), ("FP4", "FP7")),
    Layer("data", "Fine-tuning (SFT) data", re.compile(r"^(?:sft|fine-?tuning|training)[- ]data", re.I), ()),
)
# Barnett et al.'s names for the failure points, used when the retrieved passages do not name them.
FP_NAMES = {"FP1": "Missing content", "FP2": "Missed the top-ranked documents", "FP3": "Not in context",
            "FP4": "Not extracted", "FP5": "Wrong format", "FP6": "Incorrect specificity", "FP7": "Incomplete"}
# Symptoms in the user's words → the failure points they most often point at.
_SYMPTOMS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"\b(?:wrong|incorrect|outdated|old|stale|previous|different)\b", re.I), ("FP2", "FP1", "FP4")),
    (re.compile(r"\b(?:made[- ]up|mak(?:es|ing|e) (?:\w+ )?up|invent\w*|hallucinat\w*|not in (?:the|our) doc\w*|"
                r"confident\w*)\b", re.I),
     ("FP1", "FP4")),
    (re.compile(r"\b(?:format|table|list|json|bullet\w*|structure)\b", re.I), ("FP5",)),
    (re.compile(r"\b(?:vague|generic|too general|too specific|too detailed)\b", re.I), ("FP6",)),
    (re.compile(r"\b(?:incomplete|partial|half|miss(?:es|ing)? (?:part|some|details?))\b", re.I), ("FP7",)),
    (re.compile(r"\b(?:can'?t find|doesn'?t find|says? it (?:doesn'?t|does not) know|no answer)\b", re.I),
     ("FP2", "FP3", "FP1")),
)
_FP_SEGMENT = re.compile(r"\b(FP[1-7])\b(:?)\s*(.*?)(?=\s*\bFP[1-7]\b[:\s]|$)")
_LAYER_LABEL = re.compile(r"^[^.:—]{0,40}[.:—]\s*")
_FP_NAME = re.compile(r"^([A-Z][^:;]{2,70}):\s*(.*)$")
EVIDENCE_REQUEST = (
    "**To tell the layers apart, send me one failing case:** the question exactly as asked, the passages "
    "that were retrieved for it (with their scores), the answer the bot gave, and ideally the answer it "
    "should have given. For a batch, save them as JSONL (`user_input`, `retrieved_contexts`, `response`, "
    "`reference`) and run `pm-assistant diagnose TRACE` (or `/diagnose PATH` here in the chat)."
)


def _layer_items(passages: Sequence[Passage]) -> dict[str, tuple[str, str]]:
    """Layer → (passage item describing it, card id): the checklist's steps first, then its summary list,
    then the failure-point card's steps."""
    rank = {CHECKLIST: 0, FAILURE_POINTS: 2}
    ordered = sorted(passages, key=lambda p: rank.get(str(p.get("id")), 4)
                     + ("apply" not in str(p.get("section", "")).lower()))
    found: dict[str, tuple[str, str]] = {}
    for passage in ordered:
        for item in list_items(str(passage.get("text", ""))):
            for layer in LAYERS:
                if layer.key not in found and layer.pattern.search(item):
                    found[layer.key] = (item, str(passage["id"]))
    return found


def failure_points(passages: Sequence[Passage]) -> dict[str, str]:
    """FP code → "FPn Name: what to check and fix" from the passages (definitions where no check was retrieved)."""
    names: dict[str, str] = {}
    checks: dict[str, str] = {}
    for passage in passages:
        steps = "apply" in str(passage.get("section", "")).lower()
        for line in list_items(str(passage.get("text", ""))) or [clean(str(passage.get("text", "")))]:
            for code, colon, words in _FP_SEGMENT.findall(line):
                words = first_sentences(words, limit=1, max_chars=240).rstrip(";")
                named = _FP_NAME.match(words)
                if named and not colon:  # "FP1 Missing content: the indexed documents …"
                    names.setdefault(code, named.group(1))
                    checks.setdefault(f"def:{code}", named.group(2))
                elif colon and steps:  # "FP1: the reference facts …" in the card's steps, not a passing mention
                    checks.setdefault(code, words)
    found = {}
    for code in sorted({*names, *(c for c in checks if not c.startswith("def:"))}):
        text = checks.get(code) or checks.get(f"def:{code}", "")
        found[code] = f"{code} {names.get(code, FP_NAMES[code])}: {text}"
    return found


def _strip_label(item: str) -> str:
    """Drop a leading "Prompt layer." / "Retrieval / parsing —" label from a checklist item."""
    text = _LAYER_LABEL.sub("", item, count=1)
    return text[:1].upper() + text[1:]


def suspects(question: str) -> list[str]:
    """Failure points the user's description of the symptom points at, most likely first."""
    codes: list[str] = []
    for pattern, fps in _SYMPTOMS:
        if pattern.search(question):
            codes.extend(fp for fp in fps if fp not in codes)
    return codes


def rag_diagnosis_answer(question: str, passages: Sequence[Passage]) -> str:
    """The four layers in order, each with its checks and failure points, then the evidence to send."""
    checklist, fps = by_id(passages, CHECKLIST), by_id(passages, FAILURE_POINTS)
    items = _layer_items([*checklist, *fps])
    fp_text = failure_points(fps)
    checklist_ref = f" [{CHECKLIST}]" if checklist else ""
    fp_ref = f" [{FAILURE_POINTS}]" if fps else ""
    lines = [
        "**Walk the hallucination-diagnosis checklist in order — prompt, then document parsing and retrieval, "
        "then the base model, then the fine-tuning data — and stop at the first layer that explains the "
        f"failure.**{checklist_ref} Fix that layer, re-run the same case, and only then move down.",
        "",
    ]
    likely = suspects(question)
    if likely:
        lines += [f"From your description, the failure points to rule in or out first: {', '.join(likely)}{fp_ref}.",
                  ""]
    for number, layer in enumerate(LAYERS, start=1):
        check, source = items.get(layer.key, ("", ""))
        body = first_sentences(_strip_label(check), limit=3, max_chars=420) if check else ""
        if layer.failure_points:
            body = _FP_SEGMENT.split(body)[0].strip() if source == FAILURE_POINTS else body
        lines.append(f"{number}. **{layer.heading}.** {body}{f' [{source}]' if body else ''}".rstrip())
        for code in layer.failure_points:
            words = fp_text.get(code)
            lines.append(f"   - {words}{fp_ref}" if words else f"   - {code} {FP_NAMES[code]}")
        if layer.key == "data" and source != FAILURE_POINTS:
            lines.append("   - No failure point of its own: suspect the training data only when the model keeps "
                         "overriding correct context or repeats a learnt bad format.")
    lines += ["", EVIDENCE_REQUEST]
    sources = cited([*checklist, *fps])
    return "\n".join([*lines, "", sources] if sources else lines)


def _five_questions(passages: Sequence[Passage]) -> list[str]:
    """The five technical-review questions as the retrieved card words them."""
    for passage in sorted(passages, key=lambda p: "apply" not in str(p.get("section", "")).lower()):
        items = [first_sentences(i, limit=1, max_chars=200) for i in list_items(str(passage.get("text", "")))]
        if len(items) >= 5:
            return items[:5]
        inline = re.findall(r"\(\d\)\s*([^;()]+?)(?=;|\.\s|$)", clean(str(passage.get("text", ""))))
        if len(inline) >= 5:
            return [q.strip().rstrip(".") for q in inline[:5]]
    return []


def review_answer(passages: Sequence[Passage]) -> str:
    """How to run a proposal review, and the five questions it checks (from the retrieved card)."""
    card = by_id(passages, TECH_REVIEW)
    ref = f" [{TECH_REVIEW}]" if card else ""
    lines = [
        "**To review a proposal, give me the file:** run `pm-assistant review FILE` (.md, .txt, .pdf or .docx; "
        "add `--json` for the structured result) or type `/review PATH` here in the chat.",
        "",
        "The review scores the project on the investment scoring card, works out payback when the proposal "
        "states its costs and benefits, sets the hallucination budget for its domain, places its risks, sketches "
        "a proof-of-concept plan and lists what is missing before approval.",
    ]
    questions = _five_questions(card)
    if questions:
        lines += ["", f"It checks the proposal against the technical-review five questions{ref}:"]
        lines += [f"{i}. {q}" for i, q in enumerate(questions, start=1)]
    sources = cited(card)
    return "\n".join([*lines, "", sources] if sources else lines)
