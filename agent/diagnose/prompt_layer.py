"""The prompt layer on both sides: was the question answerable as asked, and did the response obey it?

Question: empty, garbled (mojibake, replacement characters, or mostly non-words such as "hw mch teh sbscrptn"),
an unfilled template variable — hard problems that fail the sample alone; too short or built on a pronoun with
nothing to refer to — soft problems that only explain a failure found elsewhere.

Response: a leaked system prompt or secret (prompt markers the contexts do not contain, credential shapes, or a
secret noun followed by a value), and instructions the question gave and the response ignored: a requested format (list, table,
JSON, yes/no, one word, one sentence), a language ("answer in English", 用中文), or something to leave out
("without mentioning prices" — an amount in the answer breaks it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pm_assistant.agent.diagnose import cues
from pm_assistant.agent.diagnose.figures import figures
from pm_assistant.agent.diagnose.hygiene import garbling
from pm_assistant.agent.diagnose.lexicon import is_word
from pm_assistant.agent.diagnose.text import (
    blank_question_forms,
    has_any,
    language,
    sentences,
    tokens,
    word_count,
    words,
)

MIN_QUESTION_WORDS = 3
NON_WORD_SHARE = 0.5
ONE_WORD_MAX = 3
_PLACEHOLDER = re.compile(r"\{\{?\s*[\w.]+\s*\}?\}|\$\{\w+\}|<\s*(?:[A-Z_]{3,}|[a-z]+_[a-z_]+)\s*>")
_LIST_LINE = re.compile(r"^\s*(?:[-*•·▪]|\d{1,2}[.)、]|[（(]?\d{1,2}[)）]|[一二三四五六七八九十]+[、.])\s*")
_MONEY_WORDS = ("price", "prices", "cost", "costs", "fee", "fees", "pricing", "amount", "价格", "费用", "价钱", "金额",
                "多少钱", "收费")
_SECRET_VALUE = re.compile(
    rf"(?P<noun>{cues.alternation(cues.SECRET_NOUNS)})\s*(?:is|was|:|：|=|为|是)?\s*[\"'“‘]?"
    r"(?P<value>(?=[^\s\"'”’，。,]*\d)(?=[^\s\"'”’，。,]*[A-Za-z])[^\s\"'”’，。,]{6,})",
    re.IGNORECASE,
)
_AVOID_OBJECT = re.compile(r"\s*(?:the\s+|any\s+|about\s+)?[\"'“‘「]?([\w\u4e00-\u9fff]{1,20})")
_CITATION = re.compile(
    r"(?:section|clause|article|paragraph|§|rule)\s*\d|\[\d+\]|\bsource:|第\s*[一二三四五六七八九十百零\d]+\s*[条章节款项]"
    r"|来源[:：]|出处[:：]|依据[:：]", re.IGNORECASE,
)
"""How an answer names what it relies on: a section or clause number, a bracketed reference, 第二十三条, 来源："""


@dataclass(frozen=True)
class QuestionIssues:
    """Problems with the question: `hard` ones make the sample fail on their own, `soft` ones explain a failure."""

    hard: tuple[str, ...]
    soft: tuple[str, ...]


_SELF_INSTRUCTIONS = re.compile(
    rf"(?<![A-Za-z])(?:{cues.alternation(cues.SELF_REFERENCE)})\s*(?:[A-Za-z-]+\s+){{0,2}}"
    rf"(?:{cues.alternation(cues.INSTRUCTION_NOUNS)})(?![A-Za-z])\s*(?:[A-Za-z]+\s+)?"
    r"(?:says?|said|states?|reads?|are|is|tell me|tells me|[:：\"“'‘]|是|写着|要求|规定)", re.IGNORECASE)
_QUOTE_MARKS = " :：\"“'‘"
"""How an answer quotes its own configuration: a self-reference, at most two words, an instruction noun, then
what it says ("my setup notes say: …", 我的设定是…). Mentioning one ("per my guidelines I can only…") quotes
nothing."""

def check_question(question: str) -> QuestionIssues:
    """Check that the question is present, readable, filled in and specific enough to answer."""
    if not question.strip():
        return QuestionIssues(("the question is empty",), ())
    hard = []
    if why := garbling(question):
        hard.append(f"the question is garbled: {why}")
    elif why := _non_words(question):
        hard.append(f"the question is garbled: {why}")
    if placeholder := _PLACEHOLDER.search(question):
        hard.append(f"the question holds an unfilled template variable {placeholder.group(0)}")
    soft = []
    if word_count(question) < MIN_QUESTION_WORDS:
        soft.append(f"the question has fewer than {MIN_QUESTION_WORDS} words, so it is open to several readings")
    elif (pronoun := has_any(question, cues.AMBIGUOUS_REFERENCES)) and len(tokens(question)) <= 2:
        soft.append(f"the question says '{pronoun}' without saying what it refers to")
    return QuestionIssues(tuple(hard), tuple(soft))


def _non_words(question: str) -> str | None:
    """Mostly non-words in an English question ("hw mch teh sbscrptn cst plzz")."""
    if language(question) != "en":
        return None
    lowered = [w for w in words(question) if w.islower() and len(w) > 1 and w.isascii()]
    strange = [w for w in lowered if not is_word(w)]
    if len(strange) >= 3 and len(strange) / max(1, len(lowered)) >= NON_WORD_SHARE:
        return f"mostly non-words ({', '.join(repr(w) for w in strange[:4])})"
    return None


def guessed_reading(response: str) -> str | None:
    """Where the response says it had to guess what the question meant ("If you mean…", 不太确定你问的是…), or None."""
    return has_any(response, cues.GUESSED_READING)


def leak(response: str, contexts: Sequence[str]) -> str | None:
    """What in the response looks like a leaked system prompt or secret, or None.

    Prompt markers ("system prompt", 系统提示) count unless a context says them too; a secret noun counts only
    with a value after it ("password: Test@2024", 密码为Test@2024), so "reset your password" is no leak."""
    if secret := cues.SECRET_SHAPES.search(response):
        return f"a credential ('{secret.group(0)[:12]}…')"
    marker = has_any(response, cues.PROMPT_LEAK)
    if marker and not any(has_any(c, [marker]) for c in contexts):
        return f"its instructions ('{marker}')"
    if (quoted := _SELF_INSTRUCTIONS.search(response)) and not any(quoted.group(0).lower() in c.lower()
                                                                   for c in contexts):
        return f"its instructions ('{quoted.group(0).rstrip(_QUOTE_MARKS)}')"
    for match in _SECRET_VALUE.finditer(response):
        if not any(match.group("value") in c for c in contexts):
            return f"a secret ('{match.group('noun')}')"
    return None


@dataclass(frozen=True)
class Instruction:
    """An instruction in the question, and whether the response followed it."""

    asked: str  # what the question asked for, e.g. "a table"
    followed: bool


def instructions(question: str, response: str) -> list[Instruction]:
    """The instructions the question gives, each checked against the response."""
    if not response.strip():
        return []
    checks = (
        (cues.TABLE_REQUEST, "a table", _is_table),
        (cues.JSON_REQUEST, "JSON", _is_json),
        (cues.LIST_REQUEST, "a list", _is_list),
        (cues.YES_NO_REQUEST, "a yes/no answer", _is_yes_no),
        (cues.ONE_WORD_REQUEST, "a one-word answer", lambda r: word_count(r) <= ONE_WORD_MAX),
        (cues.ONE_SENTENCE_REQUEST, "a one-sentence answer", lambda r: len(sentences(r)) == 1),
        (cues.ENGLISH_REQUEST, "an answer in English", lambda r: language(r) == "en"),
        (cues.CHINESE_REQUEST, "an answer in Chinese", lambda r: language(r) == "zh"),
        (cues.CITE_REQUEST, "the source or section it relies on", lambda r: bool(_CITATION.search(r))),
    )
    found = []
    for phrases, asked, follows in checks:
        if has_any(question, phrases):
            found.append(Instruction(asked, bool(follows(response))))
            if asked in ("a table", "a one-word answer"):
                break  # a table also satisfies "list"; one word also "yes/no"
    if avoid := _avoided(question, response):
        found.append(avoid)
    return found


def _avoided(question: str, response: str) -> Instruction | None:
    """"Without mentioning prices": the thing to leave out, and whether the response left it out."""
    question = blank_question_forms(question)  # 要不要提前预约 asks; it requests nothing left out
    lowered = question.lower()
    phrase = has_any(question, cues.AVOID_REQUEST)
    if not phrase:
        return None
    match = _AVOID_OBJECT.match(lowered, lowered.index(phrase) + len(phrase))
    if not match:
        return None
    thing = match.group(1)
    if thing in _MONEY_WORDS or any(thing.startswith(w) for w in _MONEY_WORDS if not w.isascii()):
        said = any(q.kind == "money" or q.currency for q in figures(response))
    else:
        said = bool(set(tokens(thing)) & set(tokens(response)))
    return Instruction(f"no mention of '{thing}'", not said)


def _lines(response: str) -> list[str]:
    return [line.strip() for line in response.strip().splitlines() if line.strip()]


def _is_table(response: str) -> bool:
    return sum(line.count("|") >= 2 for line in _lines(response)) >= 2 or "<table" in response.lower()


def _is_json(response: str) -> bool:
    body = response.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def _is_list(response: str) -> bool:
    return sum(bool(_LIST_LINE.match(line)) for line in _lines(response)) >= 2 or _is_table(response)


def _is_yes_no(response: str) -> bool:
    start = response.strip().lower()[:12]
    return any(start.startswith(word) for word in (*cues.YES, *cues.NO))
