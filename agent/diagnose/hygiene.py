"""Hygiene checks that need no reference: damaged or duplicate chunks, bad questions, ignored formats.

- duplicates: two contexts whose normalised text is ≥ `DUPLICATE_RATIO` similar (rapidfuzz `fuzz.ratio`);
- truncated: a chunk that starts mid-sentence (a lower-case first word in text that has capitals) or ends
  mid-sentence (a trailing comma, hyphen, function word or ellipsis, or a last line of prose with no end
  punctuation);
- garbled: replacement characters (�), mojibake (ftfy's badness test), control characters, mostly symbols,
  or letters spaced out one by one (a PDF extraction artefact);
- questions: empty, garbled or with an unfilled template variable (hard problems); fewer than
  `MIN_QUESTION_WORDS` words (a CJK run counts one word per two characters) or a pronoun with nothing to refer to (soft: they only matter when the answer
  also went wrong);
- format: the question asks for a table, a list, JSON, yes/no or one sentence and the response is not that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pm_assistant.agent.diagnose.text import TEXT_CACHE, content_stems, split_sentences, word_count, words

DUPLICATE_RATIO = 95.0
MIN_QUESTION_WORDS = 3
MAX_PAIRWISE = 20  # duplicate search looks at the first contexts only, to bound the work per sample

_END_PUNCTUATION = tuple(".!?:;\"'”’)]}»*`>。！？」』）")
_DANGLING = frozenset(
    "a an the of to in on for and or with within by from at as than that which who whose your our their its is are "
    "be if".split()
)
_PLACEHOLDER = re.compile(r"\{\{?\s*[\w.]+\s*\}?\}|\$\{\w+\}|<\s*(?:[A-Z_]{3,}|[a-z]+_[a-z_]+)\s*>")
_DEICTIC = frozenset("it this that they them those these one".split())
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ContextIssues:
    """What is wrong with a sample's retrieved contexts (positions are 0-based)."""

    empty: bool
    duplicates: tuple[tuple[int, int], ...]
    truncated: tuple[tuple[int, str], ...]
    garbled: tuple[tuple[int, str], ...]


def check_contexts(contexts: Sequence[str]) -> ContextIssues:
    """Run every context check on one sample's retrieved contexts."""
    return ContextIssues(
        empty=not any(text.strip() for text in contexts),
        duplicates=tuple(find_duplicates(contexts)),
        truncated=tuple((i, why) for i, text in enumerate(contexts) if (why := truncation(text))),
        garbled=tuple((i, why) for i, text in enumerate(contexts) if (why := garbling(text))),
    )


def find_duplicates(contexts: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of near-identical contexts; each later copy is reported once."""
    from rapidfuzz import fuzz, process, utils

    texts = list(contexts[:MAX_PAIRWISE])
    if len(texts) < 2:
        return []
    scores = process.cdist(
        texts, texts, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=DUPLICATE_RATIO
    )
    pairs: list[tuple[int, int]] = []
    seen: set[int] = set()
    for j in range(1, len(texts)):
        for i in range(j):
            if i not in seen and texts[j].strip() and scores[i][j] >= DUPLICATE_RATIO:
                pairs.append((i, j))
                seen.add(j)
                break
    return pairs


@lru_cache(maxsize=TEXT_CACHE)
def truncation(text: str) -> str | None:
    """Why a chunk looks cut off mid-sentence, or None."""
    stripped = text.strip()
    if not stripped:
        return None
    if stripped[0].islower() and any(c.isupper() for c in stripped):
        return f"starts mid-sentence ('{_head(stripped)}')"
    if stripped.endswith(("...", "…")):
        return f"ends with an ellipsis ('{_tail(stripped)}')"
    if stripped.endswith(_END_PUNCTUATION) or stripped[-1].isdigit():
        return None
    last_words = words(stripped[-60:])
    if stripped[-1] in ",-–(/" or (last_words and last_words[-1] in _DANGLING):
        return f"ends mid-sentence ('{_tail(stripped)}')"
    last_line = stripped.splitlines()[-1]
    if len(last_line.split()) >= 8 and last_line[0].isalpha() and len(split_sentences(stripped)) > 1:
        return f"ends mid-sentence ('{_tail(stripped)}')"
    return None


@lru_cache(maxsize=TEXT_CACHE)
def garbling(text: str) -> str | None:
    """Why a text looks garbled (broken encoding or extraction), or None."""
    if not text.strip():
        return None
    if "\ufffd" in text:
        return "contains replacement characters (�): the text was decoded with the wrong encoding"
    from ftfy.badness import is_bad

    if is_bad(text):
        return "mojibake (e.g. 'â€™' for an apostrophe): the text was decoded with the wrong encoding"
    if _CONTROL.search(text):
        return "contains control characters: binary or badly extracted text"
    letters = sum(c.isalpha() for c in text)
    symbols = sum(not (c.isalnum() or c.isspace() or c in "|.,") for c in text)
    if letters + symbols >= 20 and symbols > letters:
        return f"mostly symbols ({letters} letters, {symbols} symbols): extraction produced junk"
    tokens = text.split()
    if len(tokens) >= 10 and sum(len(t) == 1 and t.isalpha() for t in tokens) / len(tokens) > 0.6:
        return "letters spaced out one by one: a PDF extraction artefact"
    return None


@dataclass(frozen=True)
class QuestionIssues:
    """Problems with the question: `hard` ones make the sample fail on their own, `soft` ones explain a failure."""

    hard: tuple[str, ...]
    soft: tuple[str, ...]


def check_question(question: str) -> QuestionIssues:
    """Check that the question is present, readable, filled in and specific enough to answer."""
    if not question.strip():
        return QuestionIssues(("the question is empty",), ())
    hard = []
    if why := garbling(question):
        hard.append(f"the question is garbled: {why}")
    if placeholder := _PLACEHOLDER.search(question):
        hard.append(f"the question holds an unfilled template variable {placeholder.group(0)}")
    soft = []
    tokens = words(question)
    if word_count(question) < MIN_QUESTION_WORDS:
        soft.append(f"the question has fewer than {MIN_QUESTION_WORDS} words, so it is open to several readings")
    elif (pronouns := [t for t in tokens if t in _DEICTIC]) and len(content_stems(question)) <= 2:
        soft.append(f"the question says '{pronouns[0]}' without saying what it refers to")
    return QuestionIssues(tuple(hard), tuple(soft))


_FORMATS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:(?:as|in|into) a table|(?:comparison|summary) table|tabular)\b", re.I), "a table"),
    (re.compile(r"\bjson\b", re.I), "JSON"),
    (
        re.compile(r"\b(?:bullet(?:s| points?)?|list (?:all|the|every|each)|step[- ]by[- ]step|numbered)\b", re.I),
        "a list",
    ),
    (re.compile(r"\b(?:yes or no|yes/no)\b", re.I), "a yes/no answer"),
    (re.compile(r"\b(?:in one sentence|one-sentence|in a single sentence)\b", re.I), "a one-sentence answer"),
)


def format_problem(question: str, response: str) -> str | None:
    """The format the question asked for when the response ignores it (e.g. "a table"), or None."""
    for pattern, wanted in _FORMATS:
        if pattern.search(question) and response.strip() and not _has_format(wanted, response):
            return wanted
    return None


def _has_format(wanted: str, response: str) -> bool:
    lines = [line.strip() for line in response.strip().splitlines() if line.strip()]
    if wanted == "a table":
        return sum(line.count("|") >= 2 for line in lines) >= 2 or "<table" in response.lower()
    if wanted == "JSON":
        body = response.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
        try:
            json.loads(body)
        except ValueError:
            return False
        return True
    if wanted == "a list":
        return sum(bool(re.match(r"(?:[-*•]|\d{1,2}[.)])\s", line)) for line in lines) >= 2
    if wanted == "a yes/no answer":
        first = words(response[:20])
        return bool(first) and first[0] in ("yes", "no")
    return len(split_sentences(response)) == 1


def _head(text: str) -> str:
    return " ".join(text.split()[:5]) + "…"


def _tail(text: str) -> str:
    return "…" + " ".join(text.split()[-5:])
