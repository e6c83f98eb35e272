"""What a framework question asks for, read from its wording: the answer language, the part of a card it wants
(steps, pitfalls, an example, a definition), and for a decision question the options it weighs.

The options of "should we build a RAG bot or fine-tune a model?" or "该用订阅制还是按量计费？" are the phrases on
either side of the "or" / "还是" (or "vs", "versus", "或者"), trimmed at the clause; their terms (shared
tokenizer) let the composer find the units that speak about each option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pm_assistant.agent.offline.cues import DEFINITION
from pm_assistant.core.text.lang import Lang, answer_lang, detect_lang
from pm_assistant.core.text.quantities import read_quantities
from pm_assistant.core.text.sentences import split_sentences
from pm_assistant.core.text.tokens import tokenize

# Words of the question itself, not of its topic: they say nothing about which sentence answers it.
_ASKING_WORDS = frozenset(tokenize(
    "how what which why when who where do does did should would could can may might must we i you our my me us "
    "your tell explain give get make go want need use using best way ways good right really actually about "
    "怎么 怎样 如何 什么 哪些 哪个 为什么 应该 我们 你们 是否 需要 可以 一个 一般 会问 该用 还是 或者 要不要"
))
_OR = re.compile(r"\s+(?:or|vs\.?|versus)\s+|还是|或者|或是", re.IGNORECASE)
_CLAUSE_EDGE = re.compile(r"[,;:!?，；：！？。]|\.(?!\d)|\band\b|\bshould\b|\bwhether\b|\bbetween\b|应该|该用|该选|选|用|做|是", re.IGNORECASE)
_PITFALLS = re.compile(r"\b(?:pitfalls?|mistakes?|avoid|go(?:es)? wrong|traps?|anti-?patterns?|failures? modes?)\b|误区|坑|避免|"
                       r"注意什么|出错", re.IGNORECASE)
_EXAMPLE = re.compile(r"\b(?:example|case stud(?:y|ies)|instance|illustrat\w*)\b|案例|例子|举例", re.IGNORECASE)
_DECIDED = re.compile(r"\b(?:pick(?:ed)?|cho(?:o)?se|chosen|select(?:ed)?|decided?|go(?:ne)? with|went with|settled? on|"
                      r"land(?:ed)? on|opt(?:ed)? for)\b|选了|选定|选的|决定|定了|最后用|最终", re.IGNORECASE)
# A request for what to do, however it is worded ("where do I even start?", "what do I check?", "ideas?", 怎么办,
# 从哪儿下手, 先查哪): the card's method answers it, as it answers a how-question.
_WHAT_TO_DO = re.compile(r"\b(?:what|where|which)\s+(?:do|should|can|could|would|must)\s+(?:i|we)\b|"
                         r"\b(?:ideas?|tips|advice|suggestions?|next steps?|what now|next\?)|怎么办|咋办|怎么做|从哪|先查|"
                         r"先做|下手|注意(?:什么|啥|哪些)|要补|该做|怎么弄|怎么管|怎么定", re.IGNORECASE)
# A request for the reason ("why not just switch models?", 为什么要按这个顺序): the sentences that give one answer it.
_WHY = re.compile(r"\bwhy\b|\bwhat for\b|\bhow come\b|为什么|为何|为啥|凭什么|什么原因", re.IGNORECASE)
_HOW = re.compile(r"\b(?:how (?:do|should|can|could|would|to|does)|steps?|process|set up|run|write|build|"
                  r"prepare|decide|choose|pick)\b|怎么|如何|怎样|步骤|流程|该怎么", re.IGNORECASE)


@dataclass(frozen=True)
class Asking:
    """What a question wants: `lang`, `terms` (its topic terms), `wants` ("steps", "pitfalls", "example",
    "definition", "why": a reason, "decided": what was chosen), and `options` (the terms of each option of a decision question; empty otherwise)."""

    lang: Lang
    terms: frozenset[str]
    wants: frozenset[str] = frozenset()
    options: tuple[frozenset[str], ...] = ()
    labels: tuple[str, ...] = field(default=())

    @property
    def decision(self) -> bool:
        """True for a question that weighs two options."""
        return len(self.options) == 2


@lru_cache(maxsize=8192)
def topic_terms(text: str) -> frozenset[str]:
    """The shared tokenizer's terms of a text, without the words every question has (cached: the extractive
    composer compares every candidate unit with every chosen one, and the cards' units recur across answers)."""
    return frozenset(t for t in tokenize(text) if t not in _ASKING_WORDS)


_LEAD_IN = frozenset("we i you go with use using build adopt choose pick a an the to do should just keep".split())


def _label(words: list[str]) -> str:
    """An option as written, without the lead-in verbs and pronouns ("we go with RAG" → "RAG")."""
    while len(words) > 1 and words[0].lower() in _LEAD_IN:
        words = words[1:]
    return " ".join(words).strip(" ?？")


def _options(question: str) -> tuple[tuple[frozenset[str], ...], tuple[str, ...]]:
    """The two options of an "X or Y" question (terms and their words as written), or nothing."""
    match = _OR.search(question)
    if match is None:
        return (), ()
    before, after = question[: match.start()], question[match.end():]
    left = _CLAUSE_EDGE.split(before)[-1].strip()
    right = _CLAUSE_EDGE.split(after)[0].strip()
    left = re.split(r"\b(?:by|for|with|via|using|on|to|between)\s+", left)[-1]
    right = re.split(r"\s+(?:for|in|at|on|to|now|today)\s+", right)[0]
    if detect_lang(question) == "zh":
        left_words, right_words = left[-8:].strip(), right[:8].strip()
    else:
        left_words, right_words = _label(left.split()[-5:]), _label(right.split()[:5])
    terms = tuple(frozenset(t for t in topic_terms(side) if t.isalpha() and len(t) > 1)
                  for side in (left_words, right_words))
    if not all(terms) or terms[0] == terms[1]:
        return (), ()
    return terms, (left_words, right_words)


_ADVICE = re.compile(r"^\W*(?:how (?:do|should|can|could|would) (?:i|we)\b|should (?:i|we)\b|what should (?:i|we)\b|"
                     r"when should (?:i|we)\b|how to\b|what can (?:i|we) do\b|any (?:tips|advice|ideas)\b|"
                     r"what(?:'s| is| are) (?:the |some )?(?:best|usual|common|right|main|good) (?:ways?|practices?|"
                     r"options|levers|steps)\b)|怎么|如何|怎样|该不该|要不要|是否|什么|哪些|哪个|为什么|该用|该选|应该",
                     re.IGNORECASE)


def asks_advice(question: str) -> bool:
    """A request for a method or a choice rather than a figure: a decision between two options, or, with no
    figure in it, a sentence that asks how to do something or what to do (in English; in Chinese any 怎么/什么/
    哪些… question, since a Chinese request for a figure asks 多少/多久/几), anywhere in the message ("Our team traded accuracy for recall. How do I judge …?")."""
    if read_question(question).decision:
        return True
    return not read_quantities(question) and advice_form(question)


def advice_form(question: str) -> bool:
    """Whether a sentence of the message is worded as a request for what to do or how (figures aside)."""
    return any(_ADVICE.search(s.text) if detect_lang(s.text) == "zh" else _ADVICE.match(s.text)
               for s in split_sentences(question))


def read_question(question: str) -> Asking:
    """What the question asks for (see `Asking`)."""
    wants = {name for name, pattern in (("pitfalls", _PITFALLS), ("example", _EXAMPLE), ("definition", DEFINITION),
                                        ("steps", _HOW), ("decided", _DECIDED), ("why", _WHY)) if pattern.search(question)}
    if not wants & {"why", "definition", "pitfalls", "example"} and _WHAT_TO_DO.search(question):
        wants.add("steps")
    options, labels = _options(question)
    return Asking(answer_lang(question), topic_terms(question), frozenset(wants), options, labels)
