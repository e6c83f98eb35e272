"""The offline planner's decision for one question, as a pure function: which tools to call, or what to reply.

`plan(question)` routes the question (`intents.classify`), weighs the route against the knowledge cards
(`weigh`: a calculator given none of its inputs and asked for no figure, or asked what to do about the inputs it
was given, yields to a clearly relevant card; an off-topic guess is refused only when no card is relevant),
reads a calculator's arguments (`extract.extract`) and returns a `Plan`: tool requests in calling order
(`search_knowledge` first when a framework applies, then the calculator) or a final reply when nothing should be
called (missing inputs, out of scope, help). A short follow-up that supplies inputs asked for in the previous turn ("¥800k and ¥1.5M a
year") is merged with that earlier question and planned under its intent; if the merged question still
lacks something, the next reply is merged again. After a calculator answer, a what-if ("what if the savings are
only ¥600k?") re-runs that calculation on the earlier question revised by `followup.revise`, and "what was my
payback again?" re-runs it as it was.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pm_assistant.agent.offline import edits, followup, replies
from pm_assistant.agent.offline.asking import asks_advice
from pm_assistant.agent.offline.binding import question_quantities
from pm_assistant.agent.offline.choice import facet_searches
from pm_assistant.agent.offline.extract import extract
from pm_assistant.agent.offline.intents import CALCULATORS, MIN_EVIDENCE, Route, classify
from pm_assistant.agent.offline.reading import Extraction
from pm_assistant.agent.offline.slots import cue_score, slots_of
from pm_assistant.agent.offline.topic import is_follow_on, names_own_topic, topic_searches
from pm_assistant.agent.offline.weigh import (
    asks_what_to_do,
    diagnosis_supported,
    knowledge_relevant,
    prefers_knowledge,
    stated_inputs,
)
from pm_assistant.core.text.lang import answer_lang
from pm_assistant.core.text.quantities import read_quantities

SEARCH_TOOL = "search_knowledge"
# Searches that bring back the card behind each calculator (its title and "How to apply it" steps).
CALCULATOR_QUERIES: dict[str, str] = {
    "roi_payback": "Value bridge: investment-return table, payback period for executives — how to apply it",
    "ai_cost_estimate": "AI running-cost calculator: tokens times price per 1,000 plus GPU hours — how to apply it",
    "custom_model_cost": "Custom-model cost formula: labelled data plus GPU compute plus engineers — core AI "
                         "knowledge checklist",
    "investment_score": "Technology-investment scoring card: business value, technical maturity, resource "
                        "demand, P0 P1 P2 — how to apply it",
    "risk_cost_matrix": "Risk-cost matrix: business risk against mitigation cost, controlled risk — how to apply it",
    "classification_metrics": "Linking model metrics to business outcomes: precision, recall and accuracy trade-off",
    "poc_compare": "Proof-of-concept in four steps: goal, up to three options, resource limits — how to apply it",
    "hallucination_budget": "Hallucination-control thresholds by risk level: high-risk legal medical, other "
                            "domains — how to apply it",
    "cache_savings": "Architecture bottleneck cheat-sheet: cache hit rate and compute savings",
    "differentiation_matrix": "Differentiation matrix: user value against imitation cost — how to apply it",
}
# The same searches in Chinese, so that a Chinese question cites the Chinese text of the card behind its calculator.
CALCULATOR_QUERIES_ZH: dict[str, str] = {
    "roi_payback": "价值桥梁：投资回报表、回本周期，讲给高管听 —— 怎么用",
    "ai_cost_estimate": "AI 运行成本计算器：token 用量乘单价，加上 GPU 时长 —— 怎么用",
    "custom_model_cost": "AI 核心知识清单：定制模型成本 = 标注数据 + GPU 算力 + 工程师",
    "investment_score": "技术投资评分卡：业务价值、技术成熟度、资源需求，P0 P1 P2 —— 怎么用",
    "risk_cost_matrix": "风险-成本矩阵：业务风险对比控制成本，可控风险 —— 怎么用",
    "classification_metrics": "把模型指标与业务结果挂钩：精确率、召回率和准确率的取舍",
    "poc_compare": "概念验证（POC）四步法：目标、最多三个方案、资源限制 —— 怎么用",
    "hallucination_budget": "按风险分级的幻觉控制阈值：法律医疗等高风险领域与其他领域 —— 怎么用",
    "cache_savings": "架构瓶颈速查表：缓存命中率与算力节省",
    "differentiation_matrix": "差异化矩阵：用户价值 × 模仿成本 —— 怎么用",
}
# A long card section is stored in parts and search returns one part per section, so each half of the
# checklist's steps and of the failure points' steps is fetched with its own query.
DIAGNOSIS_SEARCHES: tuple[dict[str, Any], ...] = (
    {"query": "Hallucination diagnosis checklist: prompt layer, retrieval / parsing layer; stop at the first layer "
              "that explains the failure", "k": 3, "tags": ["diagnosis"]},
    {"query": "Hallucination diagnosis checklist: base-model layer with a stronger model, SFT-data layer with "
              "wrong labels in the fine-tuning training set", "k": 3, "tags": ["diagnosis"]},
    {"query": "Steps for diagnosing a trace with the seven RAG failure points: prompt layer FP5 wrong format, "
              "FP6 incorrect specificity", "k": 2, "tags": ["diagnosis"]},
    {"query": "Seven RAG failure points by layer: retrieval/parsing layer FP1 FP2 FP3, base-model layer FP4 FP7, "
              "training-data layer; missing content, not extracted, incomplete", "k": 4, "tags": ["diagnosis"]},
)
# A framework question about a card whose key list spans stored parts also searches for each part, so the answer
# can list every item (the RAG failure points' "What it is" holds FP1-FP5 in one part and FP5-FP7 in the next).
PART_SEARCHES: tuple[tuple[re.Pattern[str], tuple[dict[str, Any], ...]], ...] = (
    (re.compile(r"\bFP[1-7]\b|\bseven failure points\b|\b(?:rag|retrieval)\b.*\bfailure[- ]points?\b"
                r"|\bfailure[- ]points?\b.*\b(?:rag|retrieval)\b", re.IGNORECASE), (
        {"query": "Seven RAG failure points: FP1 missing content, FP2 missed the top-ranked documents, FP3 not in "
                  "context, FP4 not extracted", "k": 1, "tags": ["rag"]},
        {"query": "Seven RAG failure points: FP5 wrong format, FP6 incorrect specificity, FP7 incomplete; validated "
                  "in operation, robustness evolves", "k": 1, "tags": ["rag"]},
    )),
)
REVIEW_SEARCH: dict[str, Any] = {
    "query": "Technical review five-question method: core technology, cost versus alternatives, bottleneck, "
             "extreme load, data for the future", "k": 3}
FRAMEWORK_K = 6  # passages a framework question retrieves: enough cards for the composer to choose among
_FOLLOW_UP_MAX_WORDS = 30
FOLLOW_UP_DEPTH = 10  # earlier user messages a follow-up may reach back through (a chain of what-ifs)
MIN_KEYWORDS = 1.0  # keyword score a calculator needs before its inputs are even looked for
CUE_EVIDENCE = 0.5  # keyword score of each declared cue word a question uses
COMPLETE_BONUS = 2.5  # what a complete, valid set of inputs adds to a calculator's keyword score


@dataclass(frozen=True)
class ToolRequest:
    """One tool call to make: the tool's name and its arguments."""

    name: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Plan:
    """What the planner does with one question: tool calls in order, or a final reply."""

    intent: str
    question: str
    calls: tuple[ToolRequest, ...] = ()
    reply: str | None = None
    missing_inputs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    follow_up: bool = False
    card: str | None = None  # the calculator whose card leads a framework answer (a how-to about its method)
    args: dict[str, Any] = field(default_factory=dict)  # the calculator's arguments so far (complete or not)
    missing_fields: tuple[str, ...] = ()  # the argument names asked for
    base_args: dict[str, Any] = field(default_factory=dict)  # `args` as stated, before a what-if's factor scaled one
    lang: str = "en"
    topic: str | None = None  # the card a follow-up continues (the one the last answer led with)

    @property
    def tool(self) -> str | None:
        """The calculator this plan calls, if any."""
        return next((c.name for c in self.calls if c.name != SEARCH_TOOL), None)

    def metadata(self) -> dict[str, Any]:
        """What the planner records on its messages (`response_metadata["planner"]`) for the self-check."""
        return {"intent": self.intent, "missing_inputs": list(self.missing_inputs), "tool": self.tool,
                "follow_up": self.follow_up, "rules": list(self.rules), "missing_fields": list(self.missing_fields),
                "args": dict(self.args) if self.missing_inputs else {}, "lang": self.lang}


def _search(available: Collection[str] | None, **args: Any) -> tuple[ToolRequest, ...]:
    return (ToolRequest(SEARCH_TOOL, args),) if _has(available, SEARCH_TOOL) else ()


def _has(available: Collection[str] | None, name: str) -> bool:
    return available is None or name in available


def _calculator_plan(intent: str, question: str, route: Route, available: Collection[str] | None,
                     follow_up: bool, found: Extraction | None = None, extra: Sequence[str] = ()) -> Plan:
    rules = tuple(route.matched.get(intent, ()))
    lang = answer_lang(question)
    found = found or extract(intent, question, lang=lang)
    if found.missing:
        figures = read_quantities(question)
        asks_how = route.explanatory and not figures and not route.personal
        method = not figures and _asks_method(question) or asks_advice(question)
        if (asks_how or method) and not follow_up:
            # "what is ROI?", "how do I explain ROI to my CFO?": the method, then an offer to compute; a how-to
            # about a calculator's method also searches for that calculator's card
            query = f"{question.strip()} {CALCULATOR_QUERIES.get(intent, '')}" if method else question
            framework = _plan_intent("framework", query, route, available)
            offer = replies.calculator_offer(intent, found.missing, lang)
            return replace(framework, question=question, notes=(offer,), card=intent) if framework.calls else framework
        if not follow_up and prefers_knowledge(intent, question):  # no input, no figure asked: the cards answer
            return _plan_intent("framework", question, route, available)
        return Plan(intent, question, reply=replies.missing_inputs_reply(intent, found.missing, lang,
                                                                        [*extra, *found.notes]),
                    missing_inputs=tuple(found.missing), rules=rules, follow_up=follow_up, args=dict(found.args),
                    missing_fields=tuple(found.missing_fields), lang=lang)
    if not follow_up and intent not in DECIDING and asks_what_to_do(question):
        # "Our bill is $40k/month. What are the ways to bring it down?" (but "which one?" / "what first?" is what a
        # POC comparison or a risk-cost matrix computes)
        return _plan_intent("framework", question, route, available)
    if not _has(available, intent):
        return Plan(intent, question, reply=replies.unavailable_reply(intent), rules=rules, follow_up=follow_up,
                    lang=lang)
    queries = CALCULATOR_QUERIES_ZH if lang == "zh" else CALCULATOR_QUERIES
    searches = _search(available, query=queries[intent], k=3) if intent in CALCULATORS and intent in queries else ()
    return Plan(intent, question, calls=(*searches, ToolRequest(intent, found.args)),
                notes=(*found.notes, *extra), rules=rules, follow_up=follow_up, args=dict(found.args), lang=lang)


# How to do something, or a situation described without figures: the framework answers it, not a calculator.
_METHOD = re.compile(r"^\s*(?:how (?:do|should|can|could|would|might) (?:i|we)\b(?! (?:calculate|compute|work out|"
                     r"estimate|figure out))|should (?:we|i)\b|when should|what should (?:i|we)\b|why (?:does|do|is|are|"
                     r"did)\b)", re.IGNORECASE)
_IMPERATIVE = re.compile(r"^\s*(?:please\s+)?(?:score|compare|calculate|compute|estimate|work out|rank|place|count|"
                         r"tokeni[sz]e|check|evaluate|assess|help|give|find|tell|show|pick|rate|run)\b", re.IGNORECASE)


_CONTRAST = re.compile(r"\b(?:but|yet|however|although|though|whereas|complain\w*)\b", re.IGNORECASE)


def _asks_method(question: str) -> bool:
    """A how-to question ("how do I explain AI ROI to my CFO?", "should we build or buy?") or a statement of a
    situation ("recall went up but users complain …"), rather than a request for a figure."""
    statement = "?" not in question and not _IMPERATIVE.search(question) and _CONTRAST.search(question)
    return bool(_METHOD.search(question) or statement)


def _plan_intent(intent: str, question: str, route: Route, available: Collection[str] | None,
                 follow_up: bool = False) -> Plan:
    """The plan for a question whose intent is decided."""
    rules = tuple(route.matched.get(intent, ()))
    if intent in CALCULATORS:
        return _calculator_plan(intent, question, route, available, follow_up)
    if intent == "help":
        return Plan(intent, question, reply=replies.help_reply(), rules=rules)
    if intent == "out_of_scope":
        if rules or not _has(available, SEARCH_TOOL):  # a named off-topic subject (weather, recipes, …)
            return Plan(intent, question, reply=replies.out_of_scope_reply(), rules=rules)
        # no domain word: retrieval decides (compose answers when a passage is clearly relevant, else declines)
        return Plan(intent, question, calls=_search(available, query=question.strip(), k=FRAMEWORK_K))
    if intent == "rag_diagnosis":
        calls = tuple(r for args in DIAGNOSIS_SEARCHES for r in _search(available, **args))
    elif intent == "review":
        calls = _search(available, **REVIEW_SEARCH)
    else:
        parts = (args for pattern, searches in PART_SEARCHES if intent == "framework" and pattern.search(question)
                 for args in searches)
        steer = facet_searches(question) if intent == "framework" else []
        calls = tuple(r for args in ({"query": question.strip(), "k": FRAMEWORK_K}, *parts, *steer)
                      for r in _search(available, **args))
    if not calls and intent == "framework":
        return Plan(intent, question, reply="The knowledge search is not available in this session, so I cannot "
                    "look this up. Run `pm-assistant search \"...\"` to query the framework cards directly.")
    return Plan(intent, question, calls=calls, rules=rules)


def decide(route: Route, question: str) -> str:
    """The intent to plan for: the router's choice, unless a calculator that has some keyword evidence can
    read a complete, valid set of its inputs from the question and outscores it with that bonus; an off-topic
    guess, or a weak diagnosis cue the cards do not support, yields to a clearly relevant card (`weigh`)."""
    if route.intent in ("help", "review"):
        return route.intent
    base = route.scores.get(route.intent, 0.0)
    order = {name: i for i, name in enumerate(CALCULATORS)}
    structured = {i: _structure(i, question) for i in STRUCTURED}
    # the words each calculator declares for itself (`x-cues`, both languages) count as evidence too, half a point
    # each: "a training run for our own model" names the custom-model calculator with no routing rule
    cued = {i: cue_score(i, question) for i in CALCULATORS}
    scores = {i: max(route.scores.get(i, 0.0), structured.get(i, 0.0), CUE_EVIDENCE * cued[i]) for i in CALCULATORS}
    candidates = sorted((i for i in CALCULATORS if scores[i] >= MIN_KEYWORDS), key=lambda i: (-scores[i], order[i]))
    # a complete list of options or risks is eligible however strong the keywords of another calculator are
    figures = len(question_quantities(question))
    routed = extract(route.intent, question) if route.intent in CALCULATORS else None
    stuck = routed is not None and (not routed.complete or _figures_used(routed.args) < figures)
    # a calculator that reads a complete set of inputs, if its keywords and that bonus outscore the route; or, when
    # the routed calculator cannot compute or leaves figures unplaced, one that places every figure of the question
    complete = [(i, found) for i in candidates
                if (found := extract(i, question)).complete
                and (scores[i] + COMPLETE_BONUS > base or structured.get(i) or stuck and _figures_used(found.args) >= figures)]
    if complete:  # the calculator that accounts for the most figures ("每月成本1.5万" is one of a POC's six)
        return max(complete, key=lambda pair: (_figures_used(pair[1].args), pair[0] == route.intent,
                                               cued[pair[0]]))[0]
    if route.intent in CALCULATORS:
        return route.intent
    chosen = _best_fit(question) or route.intent
    if chosen == "out_of_scope" and knowledge_relevant(question):
        return "framework"  # refused only when no card is relevant, whatever words it uses
    if chosen == "rag_diagnosis" and route.score < MIN_EVIDENCE and not diagnosis_supported(question):
        return "framework"  # "our support bot costs $30k a month: what should we monitor?" is no failure report
    return chosen


def _figures_used(args: Any) -> int:
    """How many figures a calculator's arguments hold (numbers, in lists and nested inputs too)."""
    if isinstance(args, dict):
        return sum(_figures_used(v) for v in args.values())
    if isinstance(args, list):
        return sum(_figures_used(v) for v in args)
    return int(isinstance(args, int | float) and not isinstance(args, bool))


DECIDING = frozenset({"poc_compare", "risk_cost_matrix"})  # results that are a choice or an order to act in
STRUCTURED = frozenset({"poc_compare", "risk_cost_matrix", "classification_metrics"})
STRUCTURE_EVIDENCE = 1.5  # what a complete reading of a list or a confusion matrix counts for, with no keyword


def _structure(intent: str, question: str) -> float:
    """Evidence from the question's structure alone: options each with an accuracy, risks each with a score and a
    mitigation cost, or confusion counts in prose make a complete set of inputs for their calculator."""
    if intent not in STRUCTURED or not read_quantities(question):
        return 0.0
    found = extract(intent, question)
    listed = found.args.get("options", found.args.get("items"))
    several = listed is None or len(listed) >= 2  # a list needs two entries to show its shape
    return STRUCTURE_EVIDENCE if found.complete and several else 0.0


MIN_FITS = 2  # figures a calculator must place, with a complete set of inputs, to be chosen by its inputs alone


def _best_fit(question: str) -> str | None:
    """The calculator whose declared inputs take the question's figures best, when it places at least `MIN_FITS`
    of them and has every input it needs, or places all of them ("4张GPU，每天运行12小时，每卡每小时15元" names no calculator, but only the
    running-cost calculator takes GPUs, hours a day and a price per GPU-hour)."""
    from pm_assistant.agent.offline.binding import bind

    scored = []
    for tool in CALCULATORS:
        if not slots_of(tool):
            continue
        bound = bind(tool, question)
        if len(bound.fits) < MIN_FITS:
            continue
        complete = extract(tool, question).complete
        cued = cue_score(tool, question) > 0
        if complete or (cued and not bound.unused):  # all figures placed and asked for: what is missing is asked
            scored.append((cue_score(tool, question), complete, len(bound.fits) - len(bound.unused),
                           sum(f.score for f in bound.fits), tool))
    return max(scored)[-1] if scored else None


def plan(question: str, *, history: Sequence[str] = (), available: Collection[str] | None = None,
         topic: str | None = None) -> Plan:
    """Plan the answer to `question`.

    `history` holds the user's earlier messages, oldest first. When the previous one ended in a calculation, or
    in a request for a calculator's missing inputs, a short message that changes or supplies its inputs is read as
    an edit of that calculation (`edits.edit`); a chain of such messages is followed back up to `FOLLOW_UP_DEPTH`
    messages. `available` names the tools bound to the agent (None: every tool). `topic` is the card the last
    answer led with: a short message that is no calculation of its own continues it (`topic`)."""
    route = classify(question)
    recent = list(history)[-FOLLOW_UP_DEPTH:]
    intent = decide(route, question)
    if recent:
        earlier = plan(recent[-1], history=recent[:-1], available=available)
        edited = _edited(question, route, intent, earlier, available)
        if edited is not None:
            return edited
        if followup.asks_again(question):  # "what was my payback again?" a few turns on
            turns = [earlier, *(plan(recent[i], history=recent[:i], available=available)
                                for i in range(len(recent) - 2, -1, -1))]
            again = next((t for t in turns if t.tool in CALCULATORS and (intent == t.tool or
                                                                       intent not in CALCULATORS)), None)
            if again is not None:
                return replace(again, question=question, follow_up=True)
        if topic and _continues(question, route, intent) and not names_own_topic(question, topic):
            calls = tuple(r for args in topic_searches(question, topic, FRAMEWORK_K) for r in _search(available, **args))
            if calls:
                return Plan("framework", question, calls=calls, follow_up=True, topic=topic,
                            lang=answer_lang(question))
    return _plan_intent(intent, question, route, available)


def _continues(question: str, route: Route, intent: str) -> bool:
    """Whether a message continues the last answer's topic: short, no amount of money of its own and no
    calculation of its own (a calculator it gives no input to, or an off-topic guess no off-topic word made,
    counts as none)."""
    if not is_follow_on(question):
        return False
    if any(q.kind == "money" for q in question_quantities(question)):  # amounts of its own start afresh
        return False
    if intent in CALCULATORS:
        return not stated_inputs(intent, question)
    return intent == "framework" or (intent == "out_of_scope" and not route.matched.get(intent))


def _reads_better(intent: str, tool: str, question: str) -> bool:
    """True when the question's own calculator places more of its figures than the earlier calculator would."""
    from pm_assistant.agent.offline.binding import bind

    if not slots_of(intent) or not slots_of(tool):
        return bool(slots_of(tool)) is False
    return len(bind(intent, question).fits) > max(0, len(bind(tool, question).fits))


def _edited(question: str, route: Route, intent: str, earlier: Plan, available: Collection[str] | None) -> Plan | None:
    """The earlier calculation edited or completed by this message, or None when it is a question of its own."""
    tool = earlier.intent
    if tool not in CALCULATORS or not (earlier.tool or earlier.missing_inputs):
        return None
    if len(question.split()) > _FOLLOW_UP_MAX_WORDS or route.intent in ("help", "review", "rag_diagnosis"):
        return None
    what_if = followup.is_what_if(question)
    if intent in CALCULATORS and intent != tool and (not what_if or _reads_better(intent, tool, question)):
        if not what_if and extract(intent, question).complete or what_if:
            return None  # a calculation of another kind is a new question
    merged = f"{earlier.question.rstrip()}\n{question.strip()}"
    if not slots_of(tool):  # a calculator read from its question's wording: the reply completes or revises it
        if earlier.missing_inputs and (read_quantities(question) or re.search(r"[\"“'‘`].+[\"”'’`]", question)):
            return _plan_intent(tool, merged, classify(merged), available, follow_up=True)
        if earlier.tool and what_if and read_quantities(question):
            revised = followup.revise(earlier.question, question)
            return _plan_intent(tool, revised, classify(revised), available, follow_up=True)
        return None
    if earlier.tool and not what_if:
        return None  # figures after a finished answer, with no what-if, start a new question
    lang = answer_lang(question)
    change = edits.edit(tool, question, earlier.args, lang=lang, asked=earlier.missing_fields,
                        base=earlier.base_args or earlier.args)
    if change is None:
        return None
    extra: list[str] = []
    if earlier.tool:
        extra.append(edits.changed_inputs(tool, change.changed, lang))
        compared = edits.comparison(tool, earlier.args, change.extraction.args, lang) \
            if not change.extraction.missing else None
        if compared:
            extra.append(compared)
    extra += [replies.unused_note(q.text, tool, lang) for q in change.unused]
    edited = _calculator_plan(tool, merged, classify(merged), available, True, change.extraction, extra)
    return replace(edited, base_args=change.base)
