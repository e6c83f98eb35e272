"""What kind of reply an answer is: one that asks the user for something, one that reports a failed tool, or
one that states substance (a claim or a figure) rather than a greeting or a refusal."""

from __future__ import annotations

import re

from pm_assistant.core.text.quantities import Quantity
from pm_assistant.core.text.sentences import split_sentences
from pm_assistant.core.text.tokens import tokenize

CITATION = re.compile(r"\[([a-z0-9][a-z0-9-]*|user:[A-Za-z0-9_.-]+)\]")
_ASKS = re.compile(r"\?|？|\b(?:could you|can you|please (?:give|provide|share|tell|confirm|send)|what is your|"
                   r"what's your|tell me|let me know|I need|need (?:the|your|to know))\b|请(?:提供|告诉|确认|给出|补充)|需要.{0,12}(?:信息|数据|数字)",
                   re.IGNORECASE)
_FAILED = re.compile(r"\b(?:error|failed|fails|rejected|invalid|could not|couldn't|cannot|can't|unable|"
                     r"did not accept|didn't accept|not accepted)\b|无法|失败|错误|报错|不合法|无效|拒绝",
                     re.IGNORECASE)
_REFUSAL = re.compile(r"\b(?:out of (?:my )?scope|outside (?:my|the) scope|I can help with|I can't help|"
                      r"not something I|only help with)\b|超出.{0,4}范围|我可以帮|无法回答", re.IGNORECASE)
_SUBSTANTIVE_TERMS = 16  # terms of the shared tokenizer (English stems, Chinese bigrams)


def asks_user(answer: str) -> bool:
    """True when the answer asks the user for something (an input, a confirmation)."""
    return bool(_ASKS.search(answer))


def acknowledges_failure(answer: str) -> bool:
    """True when the answer says a tool failed or asks for what it needs instead of giving a verdict."""
    return bool(_FAILED.search(answer)) or asks_user(answer)


def substantive(answer: str) -> bool:
    """True for an answer with content: several sentences or a long one, and not a refusal of scope."""
    text = answer.strip()
    if _REFUSAL.search(text):
        return False
    return len(tokenize(text)) >= _SUBSTANTIVE_TERMS or len(split_sentences(text)) >= 3


def cited_ids(answer: str) -> list[str]:
    """Source ids cited in an answer as `[card-id]` or `[user:doc]`, in order of first mention."""
    return list(dict.fromkeys(CITATION.findall(answer)))


def questions_asked(answer: str) -> list[str]:
    """The sentences of an answer that ask the user something."""
    return [s.text for s in split_sentences(answer) if "?" in s.text or "？" in s.text]


def given_anyway(unused: list[Quantity], asked: list[str]) -> list[Quantity]:
    """Figures of the question, used nowhere, that name what the answer asks for ("how many hours a month the
    GPUs run" when the user wrote "10 hours a day"): the input was given, and misread."""
    wanted = {t for text in asked for t in tokenize(text) if not t.isdigit()}
    return [q for q in unused if {t for t in tokenize(q.text) if not t[:1].isdigit()} & wanted]
