"""Review a proposal end to end: read → extract → judge (LLM or offline) → calculators → `Review` + self-check.

`review_file` is the entry point for the CLI and the REPL. Collaborators are injectable for tests: the chat
model (None = offline), the embedder used for evidence, and the card search used for citations.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pm_assistant.agent.review import calculations as calc
from pm_assistant.agent.review import review_check
from pm_assistant.agent.review.criteria import DATA_STEPS, ETHICS
from pm_assistant.agent.review.extract import FIELDS, Extraction, extract
from pm_assistant.agent.review.five_questions import QUESTION_IDS
from pm_assistant.agent.review.matching import Embedder
from pm_assistant.agent.review.offline_judge import OfflineJudge, classify_domain
from pm_assistant.agent.review.placement import Placer
from pm_assistant.agent.review.reader import ProposalDocument, read_proposal
from pm_assistant.agent.review.rubric import RUBRIC_TEXT
from pm_assistant.agent.review.schema import CheckItem, FiveQuestion, ProposalField, Review, ReviewJudgements
from pm_assistant.agent.review.structure import quantities_in
from pm_assistant.agent.review.verdict import Decision, decide, verdict_sentence
from pm_assistant.agent.review.wording import report_words, say, tr
from pm_assistant.core.config import Settings
from pm_assistant.core.text.lang import detect_lang
from pm_assistant.tools.fmt import num, pct

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

CardSearch = Callable[[str, int], list[dict[str, Any]]]
DEFAULT: Any = object()  # "use the real one" for injectable collaborators

# The cards a review applies, and the query that finds each one's passage.
CARD_QUERIES = {
    "technical-review-five-questions": "technical review five questions core technology cost bottleneck peak load data",
    "investment-scoring-card": "investment scoring card business value technical maturity resource demand P0 P1 P2",
    "value-bridge": "investment return table payback period budget annual saving",
    "hallucination-control-thresholds": "hallucination control thresholds high-risk 1% other domains 5%",
    "data-demand-five-steps": "data demand five steps quality standards sourcing refresh",
    "ethics-checklist": "ethics checklist data consent bias liability advisory",
    "risk-cost-matrix": "risk cost matrix business risk mitigation cost",
    "poc-four-steps": "POC four steps goal three options resource limits report",
}
RULES_TEXT = (
    f"{RUBRIC_TEXT} Scoring card: business value 40 + technical maturity 30 + resource demand 30 = 100 points. "
    "Risk and mitigation-cost levels run from 1 (negligible) to 5 (severe). POC caps: 1,000 data items, "
    "10 days, 2 people. Hallucination budgets: 1% high-risk, 5% standard. Data-quality bar examples: label "
    "accuracy above 95%, intent coverage above 90%."
)
PRIORITY_ADVICE = {"P0": "fund now", "P1": "schedule next", "P2": "defer"}


def _default_embedder(notes: list[str], lang: str) -> Embedder | None:
    try:
        from pm_assistant.knowledge.embedding import get_embedder

        return get_embedder()
    except Exception as exc:  # a broken model install degrades to cue words, and the review says so
        notes.append(say("note_no_embedder", lang, error=type(exc).__name__))
        return None


def _default_placer(notes: list[str], lang: str) -> Placer | None:
    """The multilingual model that places sentences on the five questions; None (cue words only) without it."""
    from pm_assistant.knowledge.multilingual import ModelUnavailable, get_e5

    try:
        return get_e5()
    except ModelUnavailable:
        notes.append(say("note_no_placer", lang))
        return None


def _default_search(settings: Settings | None) -> CardSearch | None:
    """Card search through the knowledge base when its index exists (the review never builds it)."""
    from pm_assistant.knowledge.search import get_knowledge_base

    kb = get_knowledge_base(settings)
    try:
        present = kb.status().present
    except Exception:  # an unreadable store means no citations, never a failed review
        return None
    if not present:
        return None
    return lambda query, k: [p.to_dict() for p in kb.search(query, k=k, source="cards")]


def _retrieve(search: CardSearch | None, notes: list[str], lang: str) -> list[dict[str, Any]]:
    """One passage per applied card, from the search results (cards that are not found are skipped)."""
    if search is None:
        notes.append(say("note_no_index", lang))
        return []
    passages: list[dict[str, Any]] = []
    for card, query in CARD_QUERIES.items():
        try:
            hits = search(query, 5)
        except Exception as exc:  # retrieval is an extra: the review stands without it
            notes.append(say("note_search_failed", lang, error=type(exc).__name__))
            return passages
        passages += [h for h in hits if h.get("id") == card][:1]
    return passages


def _verdict(review: Review, decision: Decision, judged: str, lang: str) -> str:
    """The ladder's rung, then the tool-computed facts, the conditions and the judge's paragraph."""
    words = report_words()["summary"]
    s, f, hb = review.scoring, review.financials, review.hallucination_budget
    parts = [
        verdict_sentence(decision, lang),
        words["scores"][lang].format(total=num(s.total), priority=s.priority, label=tr(s.priority_label, lang)),
    ]
    if f.payback_months is not None:
        parts.append(words["payback"][lang].format(months=num(f.payback_months)))
    elif f.note:
        parts.append(words["no_payback"][lang].format(note=f.note))
    if hb.rate is not None and hb.within_budget:
        kind = words["measured" if hb.measured else "target"][lang]
        parts.append(words["within"][lang].format(kind=kind, rate=pct(hb.rate), threshold=pct(hb.threshold)))
    elif hb.rate is not None and not hb.measured:
        parts.append(words["over_target"][lang].format(rate=pct(hb.rate), threshold=pct(hb.threshold)))
    if decision.conditions:
        sep = "；" if lang == "zh" else "; "
        parts.append(words["conditions"][lang].format(items=sep.join(decision.conditions[:6])))
    return " ".join([*parts, judged]).strip()


# Tool inputs that are the review's own judgements (subscores, risk and cost levels), not figures of the proposal.
JUDGED_INPUTS = ("investment_score.", "risk_cost_matrix.items", "risk_cost_matrix.cost_threshold",
                 "risk_cost_matrix.risk_threshold")


def _self_check(
    review: Review, markdown: str, proposal: str, passages: list[dict[str, Any]], missing: list[str]
) -> dict[str, Any]:
    """The four-layer self-check on the rendered review: every figure must trace to the proposal, the
    published rules, a tool result or a retrieved card."""
    from pm_assistant.agent.selfcheck.checks import Check, run_self_check
    from pm_assistant.agent.selfcheck.evidence import Evidence

    evidence = Evidence(
        tool_calls=review.tool_calls, passages=passages, missing_inputs=missing, searched=bool(passages),
        judged_inputs=JUDGED_INPUTS, question_is_input=False,
    )
    if passages:
        knowledge = Check(name="knowledge", status="pass", detail=f"{len(passages)} framework cards retrieved")
    else:
        knowledge = Check(name="knowledge", status="warn", detail="no knowledge index; built-in rules only")
    derived = "\n".join(review.notes)  # sums, conversions and shares of counts, each written out
    return run_self_check(f"{proposal}\n{RULES_TEXT}\n{derived}", markdown, evidence, knowledge).model_dump()


def _check_items(judged: list[Any], criteria: tuple, key: str) -> list[CheckItem]:
    names = {c.id: c.question for c in criteria}
    return [
        CheckItem(
            id=getattr(j, key),
            name=names[getattr(j, key)],
            status=j.status,
            evidence=j.evidence,
            gap=getattr(j, "gap", None) or getattr(j, "note", None) or "",
        )
        for j in judged
    ]


def assemble(
    doc: ProposalDocument, ex: Extraction, judgements: ReviewJudgements, log: calc.ToolLog, facts: calc.Facts, mode: str
) -> Review:
    """Run the judgement-dependent calculators and build the Review (verdict and self-check added after)."""
    hb = facts.hallucination
    if judgements.domain_class != hb.domain_class:  # an LLM may class the domain differently
        hb = calc.hallucination(judgements.domain_class, ex.rates, ex.title, log, ex.lang)
    questions = {q: report_words()["questions"][q]["question"][ex.lang] for q in QUESTION_IDS}
    return Review(
        mode="llm" if mode == "llm" else "offline",
        file=str(doc.path),
        title=ex.title,
        domain_class=judgements.domain_class,
        domain_reason=judgements.domain_reason,
        proposal={"title": ProposalField(value=ex.title, source=ex.title, section=None)}
        | {
            name: ProposalField(
                value=ex.fields[name].value, source=ex.fields[name].source, section=ex.fields[name].section
            )
            for name in FIELDS
        },
        five_questions=[
            FiveQuestion(id=q.id, question=questions[q.id], status=q.status, evidence=q.evidence, gap=q.gap)
            for q in judgements.five_questions
        ],
        scoring=calc.scoring(judgements.scores, ex.title, log, ex.lang),
        financials=facts.financials,
        hallucination_budget=hb,
        data_readiness=_check_items(judgements.data_readiness, DATA_STEPS, "step"),
        ethics=_check_items(judgements.ethics, ETHICS, "item"),
        risks=calc.risks(judgements.risks, log),
        poc_plan=calc.poc_plan(ex, judgements.poc.goal, judgements.poc.options, log),
        missing_information=judgements.missing_information,
        questions_before_approval=judgements.questions_before_approval,
        verdict="",
        language="zh" if ex.lang == "zh" else "en",
        domains=[{"id": d.id, "name": d.name, "class": d.domain_class, "sentences": d.hits} for d in ex.domains],
        tool_calls=log.calls,
    )


def review_document(
    doc: ProposalDocument,
    *,
    model: BaseChatModel | None = None,
    embedder: Any = DEFAULT,
    search: Any = DEFAULT,
    settings: Settings | None = None,
) -> Review:
    """Review an already-read proposal. `model` None means offline; `embedder`/`search` default to the real ones."""
    from pm_assistant.agent.review.llm_judge import llm_judge
    from pm_assistant.agent.review.render import to_markdown

    start = time.perf_counter()
    notes = list(doc.notes)
    lang = detect_lang(doc.text)  # the notes' language; extract() reads the same
    placer = _default_placer(notes, lang) if embedder is DEFAULT else None
    embedder = _default_embedder(notes, lang) if embedder is DEFAULT else embedder
    ex = extract(doc.text, embedder)
    notes += ex.notes
    log = calc.ToolLog()
    financials = calc.financials(ex, log)
    domain_class, _ = classify_domain(ex)
    facts = calc.Facts(financials, calc.hallucination(domain_class, ex.rates, ex.title, log, ex.lang))
    usage: dict[str, Any] = {"llm_calls": 0, "prompt_tokens": 0, "completion_tokens": 0}
    judgements, mode = None, "offline"
    if model is not None:
        outcome = llm_judge(model, doc.text, ex, facts)
        usage, notes = outcome.usage, notes + outcome.notes
        judgements, mode = outcome.judgements, "llm" if outcome.judgements else "offline"
    if judgements is None:
        judge = OfflineJudge(embedder, placer)
        judgements = judge.judge(ex, facts)
        notes += judge.notes
    review = assemble(doc, ex, judgements, log, facts, mode)
    passages = _retrieve(_default_search(settings) if search is DEFAULT else search, notes, ex.lang)
    review.sources = [{k: p.get(k) for k in ("id", "title", "section", "score")} for p in passages]
    decision = decide(
        judgements,
        review.financials,
        review.hallucination_budget,
        lang=ex.lang,
        has_data=bool(ex.reading.of_kind("data")) or ex.fields["data"].source is not None,
        problem_quantified=any(  # a measurement is written in digits; "a dozen tabs", "four days" are not one
            any(ch.isdigit() for q in quantities_in(s) for ch in q.text) for s in ex.reading.of_kind("problem")
        ),
    )
    review.decision = decision.decision  # type: ignore[assignment]
    review.conditions, review.blockers = decision.conditions, decision.blockers
    review.verdict = _verdict(review, decision, judgements.verdict, ex.lang)
    review.notes = notes + log.notes
    missing = [
        name
        for name, value in (
            ("investment", financials.investment),
            ("benefit", financials.annual_benefit or financials.monthly_benefit),
        )
        if value is None
    ]
    review.self_check = review_check.apply(
        _self_check(review, to_markdown(review), doc.text, passages, missing), review, ex
    )
    usage["latency_ms"] = round((time.perf_counter() - start) * 1000, 1)
    review.usage = usage
    return review


def review_file(
    path: str | Path,
    settings: Settings | None = None,
    model: BaseChatModel | None = None,
    *,
    offline: bool = False,
    embedder: Any = DEFAULT,
    search: Any = DEFAULT,
) -> Review:
    """Review a proposal file. LLM mode when `model` is given, or when the settings configure an endpoint and
    `offline` is False; raises UserInputError (one line naming the file) for unreadable input."""
    from pm_assistant.core.config import load_settings

    settings = settings or load_settings()
    doc = read_proposal(path)
    if model is None and not offline and settings.llm_configured:
        from pm_assistant.agent.engine.llm import build_chat_model

        model = build_chat_model(settings)
    return review_document(doc, model=None if offline else model, embedder=embedder, search=search, settings=settings)
