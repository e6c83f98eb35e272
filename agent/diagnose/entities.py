""""Right figure, wrong entity": the question names an entity that no context mentions, while a context says the
same thing about another one from the same template ("Premium plan" asked, "Basic plan" retrieved; 金卡会员 asked,
银卡会员 retrieved).

A substitution is found by anchors, in any word order: a question term missing from every context, next to an
anchor the question and a context share (the word "plan", the characters 卡会), where the context has another
term in the same place that the question does not have. In English both terms must look like names (capitalised
or alphanumeric); in Chinese the other name must open a short label of the context (金卡会员：…, 上海分公司：…), as
template chunks do, so ordinary paraphrase (买房 / 购房提取所需材料) does not match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pm_assistant.agent.diagnose.text import STOPWORDS, sentences

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d+[A-Za-z][A-Za-z0-9-]*")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NOT_NAMES_ZH = frozenset(
    "的了在是和与或也就都而及着之吗呢吧啊么把被给对从向这那个我你他她它们请多少几什么怎哪谁该此其每"
    "以内后前中上下可能会要需应将已再还又才只仅更最很太为于至到过按由经让使得地所有无不没未非"
    "一二两三四五六七八九十百千万零半种类个件次位条项份对比款台部张本辆套只支家所间"
)
"""Grammatical characters, numerals and classifiers: never part of the name in a substitution."""
MAX_NAME_ZH = 3
LABEL_TAIL = 2  # characters a template label may run on after its anchor before the colon (上海分公司：)
HEADING_WORDS = 3
_CLAUSE_MARKS = "。；：:;，,、\n（(）) "
_QUESTION_WORDS = frozenset("what which who whom whose when where why how does do is are can could should would".split())


@dataclass(frozen=True)
class Substitution:
    """The question's term, the term a context has in its place, and that context's position."""

    asked: str
    found: str
    context: int


def substitutions(question: str, contexts: Sequence[str]) -> list[Substitution]:
    """Entities the question names that the contexts replace with another one (see the module docstring)."""
    found = _english(question, contexts) + _chinese(question, contexts)
    longest = [s for s in found if not any(s.asked in t.asked and s.asked != t.asked for t in found)]
    return list({(s.asked, s.context): s for s in longest}.values())


def _content_words(text: str) -> list[str]:
    """The content words of a text in order; the first word of a sentence is lower-cased (its capital says nothing)
    unless the sentence is a heading of a few words ("Flex fare.", "Hillcrest branch."), as template chunks start."""
    found = []
    for sentence in sentences(text):
        words = _WORD.findall(sentence)
        for position, word in enumerate(words):
            if word.lower() not in STOPWORDS and word.lower() not in _QUESTION_WORDS:
                common = position == 0 and len(words) > HEADING_WORDS and word[1:].islower()
                found.append(word.lower() if common else word)
    return found


def _name_like(word: str) -> bool:
    return word[:1].isupper() or any(c.isdigit() for c in word)


def _english(question: str, contexts: Sequence[str]) -> list[Substitution]:
    asked = _content_words(question)
    asked_lower = {w.lower() for w in asked}
    in_contexts = [_content_words(text) for text in contexts]
    everywhere = {w.lower() for words in in_contexts for w in words}
    found = []
    for i, term in enumerate(asked):
        if term.lower() in everywhere or not _name_like(term) or question.lstrip().startswith(term):
            continue  # a capital at the start of the question says nothing
        for side in (-1, 1):
            if not 0 <= i + side < len(asked):
                continue
            anchor = asked[i + side].lower()
            for position, words in enumerate(in_contexts):
                for j, word in enumerate(words):
                    k = j - side
                    if word.lower() == anchor and 0 <= k < len(words):
                        other = words[k]
                        if other.lower() not in asked_lower and _name_like(other):
                            found.append(Substitution(term, other, position))
    return found


def _chinese(question: str, contexts: Sequence[str]) -> list[Substitution]:
    """A Chinese modifier comes before its head: a name of one to three characters that no context has (钻石), then a
    two-character anchor (会员), or a one-character one that heads the chunk (卡：); a context heads a clause with
    another short name before that anchor (金卡会员：, 普卡：)."""
    everywhere = set("".join(contexts))
    found = []
    for run in _CJK_RUN.findall(question):
        for i in range(len(run)):
            for k in range(1, MAX_NAME_ZH + 1):
                name = run[i : i + k]
                if i + k >= len(run) or any(c in everywhere or c in _NOT_NAMES_ZH for c in name):
                    continue
                anchors = [(run[i + k: i + k + 2], False)] if i + k + 2 <= len(run) else []
                for anchor, heading in [*anchors, (run[i + k], True)]:
                    found += [Substitution(name, other, position) for position, text in enumerate(contexts)
                              for other in _heads(text, anchor, question, heading) if _parallel(name, other)]
    return found


def _parallel(asked: str, found: str) -> bool:
    """Names from one template have the same shape: a one-character name stands for one character (金卡 / 银卡),
    a longer one for one of about its length (钻石会员 / 黄金会员); "买" against "其中每辆" is no substitution."""
    return len(found) == 1 if len(asked) == 1 else abs(len(found) - len(asked)) <= 1


def _heads(text: str, anchor: str, question: str, heading: bool = False) -> list[str]:
    """The short names that head a template label right before `anchor` in a context ("银卡会员：", "上海分公司：": the
    name, the anchor and at most `LABEL_TAIL` more characters before a colon), when the question has none of them;
    a one-character anchor (卡 of 白金卡) only right before the colon ("普卡：…"). A name in running text (部门团建费用
    标准为…, 购房提取所需材料：) is ordinary wording, not another entity's label."""
    heads = []
    pattern = re.escape(anchor) + ("(?=[：:])" if heading else f"(?=[\u4e00-\u9fff]{{0,{LABEL_TAIL}}}[：:])")
    for match in re.finditer(pattern, text):
        start = max((text.rfind(mark, 0, match.start()) for mark in _CLAUSE_MARKS), default=-1) + 1
        name = text[start: match.start()].strip()
        if 1 <= len(name) <= MAX_NAME_ZH + 1 and _CJK_RUN.fullmatch(name) and not set(name) & set(question):
            heads.append(name)
    return heads
