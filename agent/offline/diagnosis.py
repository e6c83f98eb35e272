"""The offline answers to "why is my RAG failing?" and "review my proposal", condensed from retrieved cards.

The RAG answer walks the hallucination-diagnosis checklist in its fixed order (prompt → document parsing and
retrieval → base model → fine-tuning data), puts the concrete checks of each layer next to the failure
points FP1–FP7 that belong to it, and asks for the evidence that tells the layers apart. The wording of the
checks and failure points comes from the retrieved `hallucination-diagnosis-checklist` and
`rag-failure-points` passages; only the layer names and the FP-to-layer map are built in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.messages import BaseMessage, ToolMessage

from pm_assistant.agent.offline.passages import Passage, by_id, cited, clean, first_sentences, list_items
from pm_assistant.core.text.lang import detect_lang
from pm_assistant.core.text.quantities import read_quantities

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
    (re.compile(r"\b(?:format|table|json|bullet\w*|structure)\b|\b(?:as|in|into) a (?:numbered |bulleted )?list\b",
                re.I), ("FP5",)),  # "a price list" is no format
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
    """The four layers in order, each with its checks and failure points, then the evidence to send; led by a
    verdict when the user already gave evidence (rank, top-k, versions, "retrieved but …")."""
    evidence = read_evidence(question)
    verdict = evidence_verdict(evidence, detect_lang(question))
    body = _checklist_answer(question, passages)
    return f"{verdict}\n\n{body}" if verdict else body


def _checklist_answer(question: str, passages: Sequence[Passage]) -> str:
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


# --- evidence the user gives in words ---------------------------------------------------------------------------

EVIDENCE_RULE = (r"\btop[-_ ]?k\b|\btop[-_ ]?\d+\b|\bk\s*=\s*\d|\brank(?:s|ed)?\b.{0,20}\d|\d+(?:st|nd|rd|th)\b.{0,40}"
                 r"\btop\b|\b(?:is|was|were|got|gets) retrieved\b.{0,60}\bbut\b|\bright (?:passage|chunk|document)\b"
                 r"|排(?:在)?第\s*\S|前\s*\d+\s*[条个]|召回|检索到了.{0,30}(?:但|可是)|取前")
"""Phrases that give retrieval evidence; the router sends a message with one of them to the RAG diagnosis."""
_RANK_WORDS = re.compile(r"(?:rank(?:s|ed)?|position|place|at|is|排在|排|名次|位置)\s*(?:number|no\.?|#)?\s*$", re.I)
_TOP_K_WORDS = re.compile(r"(?:top[-_ ]?k|top|k\s*=|k\s+(?:is|of)|retrieve|return|keep|取前|前|召回|只取)\s*(?:is|of|=|:)?\s*$",
                          re.I)
_LETTER_DIGIT = re.compile(r"(?<=[A-Za-z])(?=\d)")
_RETRIEVED_BUT = re.compile(r"\b(?:is|was|were|got|gets|been) (?:retrieved|returned|found)\b.{0,80}?\bbut\b(.*)"
                            r"|检索到了.{0,30}?(?:但是?|可是)(.*)|召回了.{0,30}?(?:但是?|可是)(.*)", re.I | re.S)
_AFTER_RETRIEVAL = (
    (re.compile(r"wrong (?:number|figure|amount|date)|different (?:number|figure)|says? \d|数字|金额|数值", re.I), "FP4",
     "the answer misreads the passage: check that every figure matches it (a model or prompt problem)"),
    (re.compile(r"ignor|doesn'?t use|not use|makes? (?:it|things) up|hallucin|invent|忽略|没用|编造", re.I), "FP4",
     "the model does not use the passage: check the prompt puts it in context and asks to answer from it"),
    (re.compile(r"cut|truncat|split|half|partial chunk|截断|切断|不完整", re.I), "FP3",
     "the passage reaches the model damaged: check chunking and the context window"),
    (re.compile(r"format|table|list|json|bullet|格式|表格|列表", re.I), "FP5",
     "the answer ignores the requested format: put the format in the prompt with an example"),
    (re.compile(r"vague|generic|too general|not specific|笼统|不具体", re.I), "FP6",
     "the answer is too general: ask for the specific figure or item in the prompt"),
    (re.compile(r"incomplete|only (?:part|half|one)|miss(?:es|ing) (?:part|some)|漏|不全|只回答", re.I), "FP7",
     "the answer leaves part out: ask for every item the passage lists"),
)


@dataclass(frozen=True)
class RetrievalEvidence:
    """What the user said about retrieval: the right passage's rank, the top-k cut-off, the versions named, and
    what went wrong after the right passage was retrieved (text after "retrieved but …")."""

    rank: int | None = None
    top_k: int | None = None
    years: tuple[int, ...] = ()
    after_retrieval: str | None = None
    ranked_year: int | None = None  # the version the rank is said of: the last year named before it


def read_evidence(question: str) -> RetrievalEvidence:
    """Read rank, top-k, versions and "retrieved but …" from the user's words (figures through the shared reader)."""
    text = _LETTER_DIGIT.sub(" ", question)  # "top5" → "top 5", so the reader sees the figure
    rank = top_k = ranked_year = None
    years = []
    for q in read_quantities(text):
        before = text[max(0, q.span[0] - 16): q.span[0]]
        if q.kind == "year":
            years.append(int(q.value))
        elif _TOP_K_WORDS.search(before) and top_k is None:
            top_k = int(q.value)
        elif (q.kind == "ordinal" or _RANK_WORDS.search(before)) and rank is None:
            rank = int(q.value)
            ranked_year = years[-1] if years else None
    after = _RETRIEVED_BUT.search(question)
    rest = next((g for g in after.groups() if g), "").strip() if after else None
    return RetrievalEvidence(rank, top_k, tuple(years), rest if after else None, ranked_year)


def evidence_verdict(evidence: RetrievalEvidence, lang: str = "en") -> str | None:
    """The verdict the user's evidence supports (in `lang`, "en" or "zh"), or None when it gives none."""
    if lang == "zh":
        return _verdict_zh(evidence)
    if evidence.rank is not None and evidence.top_k is not None:
        if evidence.rank > evidence.top_k:
            version = f" (the {evidence.ranked_year} version)" if evidence.ranked_year else ""
            return (f"**That is FP2, missed the top-ranked documents (retrieval layer).** The right passage{version} "
                    f"ranks {evidence.rank} but only the top {evidence.top_k} reach the model. Fix it in this order: "
                    f"raise top-k to at least {evidence.rank} (cheap, costs prompt tokens), or keep k and add a "
                    "reranker or hybrid (BM25 + vector) retrieval so the passage moves up; if an older version "
                    "outranks the current one, drop or down-weight superseded documents in the index.")
        return (f"**The right passage ranks {evidence.rank}, inside your top {evidence.top_k}, so retrieval is not "
                "the problem.** Look at what happens after retrieval: a truncated or crowded context (FP3), or the "
                "model not extracting the answer (FP4).")
    if evidence.after_retrieval is not None:
        for pattern, point, advice in _AFTER_RETRIEVAL:
            if pattern.search(evidence.after_retrieval):
                return (f"**The right passage was retrieved, so rule out FP1 and FP2: this points at {point}.** "
                        f"{advice[0].upper()}{advice[1:]}.")
        return ("**The right passage was retrieved, so rule out FP1 and FP2:** the failure is after retrieval — "
                "FP3 (context damaged or crowded), FP4 (not extracted), FP5 (format), FP6 (specificity) or FP7 "
                "(incomplete). The case itself tells which.")
    if len(set(evidence.years)) >= 2:
        old, new = min(evidence.years), max(evidence.years)
        return (f"**Two versions are in play ({old} and {new}).** If the {old} version is what the bot answers from, "
                "the index holds an outdated document (data layer): remove or mark superseded versions, and if the "
                f"{new} version is indexed but ranks low, that is FP2.")
    return None


def _verdict_zh(evidence: RetrievalEvidence) -> str | None:
    """`evidence_verdict` in Chinese (the failure-point codes stay as written in Barnett et al.)."""
    if evidence.rank is not None and evidence.top_k is not None:
        if evidence.rank > evidence.top_k:
            return (f"**这是 FP2：正确文档没有排进前列（检索层）。** 正确段落排在第{evidence.rank}位，而只有前{evidence.top_k}条"
                    f"进入模型。按顺序修：把 top-k 调到至少{evidence.rank}（最省事，多花一些提示词 token），或者保持 k 不变、"
                    "加入重排序或混合检索（BM25 + 向量），让这段排上来；如果旧版本排在新版本前面，就从索引里下架或降权旧版本。")
        return (f"**正确段落排第{evidence.rank}位，在前{evidence.top_k}条之内，所以问题不在检索。** 请看检索之后："
                "上下文被截断或挤占（FP3），或者模型没有抽取出答案（FP4）。")
    if evidence.after_retrieval is not None:
        for pattern, point, _advice in _AFTER_RETRIEVAL:
            if pattern.search(evidence.after_retrieval):
                return f"**正确段落已经检索到，可以排除 FP1 和 FP2：问题指向 {point}。** 请对照该段落检查回答。"
        return ("**正确段落已经检索到，可以排除 FP1 和 FP2：** 问题出在检索之后——FP3（上下文受损或被挤占）、FP4（未抽取）、"
                "FP5（格式）、FP6（具体程度）或 FP7（不完整），看具体案例判断。")
    if len(set(evidence.years)) >= 2:
        old, new = min(evidence.years), max(evidence.years)
        return (f"**这里有两个版本（{old}年和{new}年）。** 如果机器人按{old}年版回答，说明索引里有过期文档（数据层）："
                f"下架或标注旧版本；如果{new}年版已入库但排得靠后，那就是 FP2。")
    return None


# --- follow-ups on a /diagnose report ------------------------------------------------------------------------------

REPORT_TOOL = "diagnose_rag_trace"  # the name agent.diagnose.conversation gives the report in the history
_REPORT_FOLLOW_UP = re.compile(
    r"\bfix\b|\bfirst\b|\bstart\b|\bpriorit|\bnext\b|\bworst\b|\bmost\b|\bwhich (?:layer|problem|issue|fix)"
    r"|\bwhy\b|\bexplain\b|\bsample\s*#?\d|\bthe report\b|\bthose\b|\bthese\b|\bfailing\b|\bfailures?\b"
    r"|先|优先|从哪|修复|怎么修|哪个|报告|样本|为什么|原因", re.I)
_SAMPLE = re.compile(r"(?:sample|样本|第)\s*#?(\d+)", re.I)


def last_report(messages: Sequence[BaseMessage]) -> dict | None:
    """The digest of the latest `/diagnose` report in the conversation, or None."""
    for message in reversed(messages):
        if isinstance(message, ToolMessage) and message.name == REPORT_TOOL:
            try:
                report = json.loads(str(message.content))
            except ValueError:
                return None
            return report if isinstance(report, dict) else None
    return None


def asks_about_report(question: str) -> bool:
    """Whether a message is a follow-up on a report ("what should I fix first?", "why did sample 3 fail?")."""
    return bool(_REPORT_FOLLOW_UP.search(question)) and not read_evidence(question).top_k


def report_answer(question: str, report: dict) -> str:
    """Answer a follow-up from the report's digest: a sample's findings, or the fixes in order."""
    zh = detect_lang(question) == "zh"
    asked = _SAMPLE.search(question)
    samples = {s["index"]: s for s in report.get("failing_samples", [])}
    if asked and int(asked.group(1)) in samples:
        s = samples[int(asked.group(1))]
        points = " ".join(s["failure_points"]) or ("无" if zh else "none")
        if zh:
            return f"样本 {s['index']}（“{s['question']}”）：失败层 {s['layer']}，失败点 {points}。{s['finding']}"
        return f"Sample {s['index']} (\"{s['question']}\"): {s['layer']} layer, {points}. {s['finding']}"
    fixes = report.get("fixes", [])
    trace, failing, total = report.get("trace", "the trace"), report.get("failing", 0), report.get("samples", 0)
    if not fixes:
        return (f"{trace} 的 {total} 个样本全部通过检查，无需修复。" if zh
                else f"All {total} samples of {trace} passed every check: there is nothing to fix.")
    first = fixes[0]
    examples = ", ".join(str(i) for i in first.get("example_samples", []))
    if zh:
        lines = [f"**先修：{first['title']}**——{first['action']}。它能帮到 {failing} 个失败样本中的 {first['samples']} 个"
                 f"（{'、'.join(first['issues'])}；例如样本 {examples}）。", "", "之后按顺序："]
    else:
        lines = [f"**Fix first: {first['title']}** — {first['action']}. It helps {first['samples']} of the {failing} "
                 f"failing samples in {trace} ({', '.join(first['issues'])}; e.g. samples {examples}).", "", "Then, in order:"]
    lines += [f"{i}. {fix['title']}: {fix['action']} ({fix['samples']}/{failing})" for i, fix in enumerate(fixes[1:], 2)]
    by_layer = ", ".join(f"{k} {v}" for k, v in report.get("by_layer", {}).items() if k != "ok")
    lines += ["", (f"失败层分布：{by_layer}。" if zh else f"Failing samples by layer: {by_layer}.")]
    return "\n".join(lines)
