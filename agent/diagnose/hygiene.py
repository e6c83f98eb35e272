"""Damage to retrieved chunks, found without a reference: duplicates, truncation, garbling and OCR artefacts.

- duplicates: two contexts that are the same text up to spacing, case and punctuation (rapidfuzz ratio ≥
  `DUPLICATE_RATIO`, the same content tokens and the same figures). Chunks cut from one template for different
  entities ("Family plan: $24.99…" / "Duo plan: $16.99…") differ in tokens or figures, so they are not duplicates.
- truncated: a chunk that starts mid-sentence (a lower-case first word in text that has capitals) or ends
  mid-sentence: a dangling comma, hyphen, function word or ellipsis, prose whose last sentence has no end mark
  although earlier ones do (。；！？ count as end marks, so Chinese chunks are judged the same way), or a table row
  cut short (fewer cells than the header, or no closing bar where the other rows have one).
- garbled (destroyed): replacement characters, block glyphs (■), mojibake (ftfy), control characters, mostly
  symbols, or letters spaced out one by one.
- OCR artefacts (recoverable): letters in figures and digits in words ("l4 days", "O.5%", "$5O", "c1ient"),
  words split by spaces ("acc ount", "an nual": two fragments that join into a word), and CJK characters spaced
  out one by one. `repair` undoes the letter/digit swaps so the figures can be read again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pm_assistant.agent.diagnose.figures import figures
from pm_assistant.agent.diagnose.lexicon import is_word
from pm_assistant.agent.diagnose.text import TEXT_CACHE, sentences, token_set, words

DUPLICATE_RATIO = 95.0
MAX_PAIRWISE = 20  # duplicate search looks at the first contexts only, to bound the work per sample
SPLIT_WORDS_MIN = 2
SPACED_CJK_SHARE = 0.5

_END_MARKS = tuple(".!?:;\"'”’)]}»*`>。！？；」』）")
_DANGLING = frozenset(
    "a an the of to in on for and or with within by from at as than that which who whose your our their its is are "
    "be if".split()
)
_DANGLING_CJK = tuple("，、：的和与及或在为按由对向从把被")
_LIST_GOES_ON = tuple(":;：；")
"""A chunk that stops on a colon or semicolon stops inside a list (（一）…；（二）…；)."""
_EMPTY_ITEM = re.compile(r"(?:^|[.!?:;]\s+|[。！？：；]\s*)(?:\d{1,2}[.)]|\(\d{1,2}\)|[（(][一二三四五六七八九十]{1,3}[)）])$")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
PROSE_WORDS = 8
PROSE_FIGURES_MAX = 2
_LETTERS = re.compile(r"[^\W\d_]")
_SYMBOLS = re.compile(r"[^\w\s|.,]|_")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BLOCKS = re.compile(r"[\u2580-\u259f\u25a0-\u25a3\ufffd]{2,}")
_CONFUSED_FIGURE = re.compile(
    r"(?<![A-Za-z0-9_.\-])[$¥€£]?(?=[\dlIOo.,]*\d)(?=[\dlIOo.,]*[lIOo])[\dlIOo][\dlIOo.,]*[\dlIOo]%?(?![A-Za-z0-9_])"
)
"""A figure with letters for digits ("2O days", 6O日, l5个): ASCII neighbours only, so Chinese around it still
counts as a boundary; a hyphen before it makes a name ("gpt-4o")."""
_SPACED_DIGITS = re.compile(r"(?<![\d.,])\d(?: \d){2,}(?![\d.,])")
"""A figure spaced out digit by digit ("1 5 0 %"), as PDF extraction leaves it."""
_DIGIT_IN_WORD = re.compile(r"(?<![\w])[a-z]*[a-z][01][a-z]+|(?<![\w])[01][a-z]{3,}(?![\w])")
_CJK = r"[\u4e00-\u9fff]"
_SPACED_CJK = re.compile(rf"{_CJK}[ \u3000]+(?={_CJK}|[，。：；])")
_TO_DIGIT = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})


@dataclass(frozen=True)
class ContextIssues:
    """What is wrong with a sample's retrieved contexts (positions are 0-based)."""

    empty: bool
    duplicates: tuple[tuple[int, int], ...]
    truncated: tuple[tuple[int, str], ...]
    garbled: tuple[tuple[int, str], ...]
    ocr: tuple[tuple[int, str], ...]


def check_contexts(contexts: Sequence[str]) -> ContextIssues:
    """Run every chunk check on one sample's retrieved contexts."""
    return ContextIssues(
        empty=not any(text.strip() for text in contexts),
        duplicates=tuple(find_duplicates(contexts)),
        truncated=tuple((i, why) for i, text in enumerate(contexts) if (why := truncation(text))),
        garbled=tuple((i, why) for i, text in enumerate(contexts) if (why := garbling(text))),
        ocr=tuple((i, why) for i, text in enumerate(contexts) if (why := ocr_damage(text))),
    )


def find_duplicates(contexts: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of contexts that are the same text; each later copy is reported once."""
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
            if i not in seen and texts[j].strip() and scores[i][j] >= DUPLICATE_RATIO and _same_content(texts[i], texts[j]):
                pairs.append((i, j))
                seen.add(j)
                break
    return pairs


def _same_content(a: str, b: str) -> bool:
    """Same content tokens and the same figures: a copy, not another entity from the same template."""
    return token_set(a) == token_set(b) and sorted(q.value for q in figures(a)) == sorted(q.value for q in figures(b))


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
    if _cut_table_row(stripped):
        return f"ends inside a table row ('{_tail(stripped)}')"
    if _EMPTY_ITEM.search(stripped):
        return f"ends on a list item with nothing after it ('{_tail(stripped)}')"
    if stripped.endswith(_LIST_GOES_ON) and len(sentences(stripped)) > 1:
        return f"ends where its list goes on ('{_tail(stripped)}')"
    if stripped[-1].isdigit() or stripped[-1] == "%":
        return f"ends mid-sentence on a figure ('{_tail(stripped)}')" if _prose_cut_on_figure(stripped) else None
    if stripped.endswith(_END_MARKS):
        return None
    last_words = words(stripped[-60:])
    if stripped[-1] in ",-–(/" or stripped.endswith(_DANGLING_CJK) or (
        last_words and last_words[-1] in _DANGLING and stripped[-1].isalpha()
    ):
        return f"ends mid-sentence ('{_tail(stripped)}')"
    parts = sentences(stripped)
    ended = sum(p.rstrip().endswith(_END_MARKS) for p in parts[:-1])
    if ended and re.search(f"{_CJK}$", stripped):
        return f"ends mid-sentence ('{_tail(stripped)}')"
    if ended and len(parts[-1].split()) >= 8 and parts[-1][0].isalpha():
        return f"ends mid-sentence ('{_tail(stripped)}')"
    return None


def _cut_table_row(text: str) -> bool:
    """Whether a chunk ends on a markdown table row cut short: fewer cells than the header, or no closing bar where
    the rows before it have one."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rows = [line for line in lines if line.startswith("|")]
    if len(rows) < 2 or not lines[-1].startswith("|"):
        return False
    last, earlier = rows[-1], rows[:-1]
    unclosed = all(row.endswith("|") for row in earlier) and not last.endswith("|")
    return unclosed or _cells(last) < _cells(rows[0])


def _cells(row: str) -> int:
    return row.strip().strip("|").count("|") + 1


def _prose_cut_on_figure(text: str) -> bool:
    """Whether a chunk stops on a figure in the middle of a prose sentence ("…we charge up to $4"): earlier
    sentences end properly and the last runs on for words with a figure or two, unlike a table row of figures."""
    parts = sentences(text)
    last = parts[-1]
    ended = any(p.rstrip().endswith(_END_MARKS) for p in parts[:-1])
    return ended and len(last.split()) >= PROSE_WORDS and len(_FIGURE.findall(last)) <= PROSE_FIGURES_MAX


@lru_cache(maxsize=TEXT_CACHE)
def garbling(text: str) -> str | None:
    """Why a text is garbled beyond repair (broken encoding or extraction), or None."""
    if not text.strip():
        return None
    if _BLOCKS.search(text) or "\ufffd" in text:
        return "contains replacement or block characters (�, ■) where text was lost in extraction"
    from ftfy.badness import is_bad

    if is_bad(text):
        return "mojibake (e.g. 'â€™' for an apostrophe): the text was decoded with the wrong encoding"
    if _CONTROL.search(text):
        return "contains control characters: binary or badly extracted text"
    letters = len(_LETTERS.findall(text))
    symbols = len(_SYMBOLS.findall(text))
    if letters + symbols >= 20 and symbols > letters:
        return f"mostly symbols ({letters} letters, {symbols} symbols): extraction produced junk"
    pieces = text.split()
    if len(pieces) >= 10 and sum(len(t) == 1 and t.isascii() and t.isalpha() for t in pieces) / len(pieces) > 0.6:
        return "letters spaced out one by one: a PDF extraction artefact"
    return None


@lru_cache(maxsize=TEXT_CACHE)
def ocr_damage(text: str) -> str | None:
    """Why a text shows recoverable OCR or extraction artefacts, or None."""
    if confused := [m.group(0) for m in _CONFUSED_FIGURE.finditer(text)]:
        return f"letters read as digits in figures ({', '.join(repr(c) for c in confused[:3])})"
    in_words = [m.group(0) for m in _DIGIT_IN_WORD.finditer(text.lower()) if _looks_like_word(m.group(0))]
    if in_words:
        return f"digits read as letters in words ({', '.join(repr(w) for w in in_words[:3])})"
    if spaced := _SPACED_DIGITS.findall(text):
        return f"figures spaced out digit by digit ({', '.join(repr(s) for s in spaced[:3])})"
    if len(split := split_words(text)) >= SPLIT_WORDS_MIN:
        return f"words split by spaces ({', '.join(repr(s) for s in split[:3])})"
    cjk = len(re.findall(_CJK, text))
    if cjk >= 6 and len(_SPACED_CJK.findall(text)) / cjk >= SPACED_CJK_SHARE:
        return "Chinese characters spaced out one by one (OCR or PDF extraction)"
    return None


def split_words(text: str) -> list[str]:
    """Adjacent fragments that join into a word while one of them is no word ("acc ount", "an nual")."""
    tokens = re.findall(r"[A-Za-z]+|\S", text)
    found = []
    for a, b in zip(tokens, tokens[1:], strict=False):
        if a.isalpha() and b.isalpha() and b.islower():
            joined = (a + b).lower()
            if len(joined) >= 5 and is_word(joined) and not (is_word(a.lower()) and is_word(b)):
                found.append(f"{a} {b}")
    return found


def _looks_like_word(token: str) -> bool:
    """A token with 0/1 inside letters that reads as a word once they are letters again ("c1ient")."""
    return any(is_word(token.replace("0", "o").replace("1", one)) for one in "li")


@lru_cache(maxsize=TEXT_CACHE)
def repair(text: str) -> str:
    """The text with letter/digit swaps in figures undone, figures and split words joined again and CJK spacing
    removed (for reading facts and figures again)."""
    fixed = _CONFUSED_FIGURE.sub(lambda m: m.group(0).translate(_TO_DIGIT), text)
    fixed = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), fixed)
    for pair in split_words(fixed):
        fixed = fixed.replace(pair, pair.replace(" ", ""), 1)
    return re.sub(rf"(?<={_CJK})[ \u3000]+(?={_CJK}|[，。：；\d])|(?<=[，。：；\d])[ \u3000]+(?={_CJK})", "", fixed)


def _head(text: str) -> str:
    return " ".join(text.split()[:5]) + "…"


def _tail(text: str) -> str:
    return "…" + " ".join(text.split()[-5:]) if " " in text.strip() else "…" + text.strip()[-12:]
