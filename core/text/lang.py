"""Which language a text is written in, as far as the assistant cares: Chinese or English.

Answers follow the language of the question, retrieval normalises scores per language, and the readers of
figures and cue words pick their tables by it. CJK ideographs are counted against Latin letters: a question
such as "RAG 的召回率怎么算？" is Chinese even though it holds an English acronym.
"""

from __future__ import annotations

import os
import re
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
CJK_SHARE = 0.2  # a text is Chinese once ideographs make up this share of its letters and ideographs


def cjk_count(text: str) -> int:
    """How many CJK ideographs the text holds."""
    return len(_CJK.findall(text))


def detect_lang(text: str, default: Lang = "en") -> Lang:
    """`zh` when CJK ideographs make up a fair share of the text's words, else `en` (`default` when the text has
    neither letters nor ideographs, e.g. "12 * 3")."""
    ideographs = cjk_count(text)
    letters = sum(len(word) for word in _LATIN_WORD.findall(text))
    if not ideographs and not letters:
        return default
    # an ideograph carries about as much as a short word: weigh it as three Latin letters
    return "zh" if 3 * ideographs >= CJK_SHARE * (3 * ideographs + letters) else "en"


def resolve_lang(text: str, override: str | None = None) -> Lang:
    """The answer language: the `--lang` / PM_ASSISTANT_LANG override when set to a known language, else the
    language of the text."""
    if override in LANGS:
        return override
    return detect_lang(text)


def answer_lang(question: str) -> Lang:
    """The language to answer `question` in: `PM_ASSISTANT_LANG` (which `--lang` sets) when it names a known
    language, else the question's own."""
    return resolve_lang(question, os.environ.get("PM_ASSISTANT_LANG", "").strip().lower() or None)
