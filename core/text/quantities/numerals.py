"""Reading one numeral: Arabic digits (English or European separators), Chinese numerals, English number words.

The libraries do the language work: `cn2an` reads Chinese numerals (八十万, 一万二, 两亿三千万) and `text2num` reads
English number words (twenty-five, one hundred and five). The glue here covers what they leave out: thousands
separators and decimal commas, a decimal before a Chinese multiplier (十二点五万, 1,200万, 2.5万), Latin
multipliers (1.2M, 3 lakh) and "a dozen". Both libraries are called only on text that holds a numeral of their
kind, and their answers are cached, since the same few spellings recur across millions of sentences.
"""

from __future__ import annotations

import math
import re
from functools import cache, lru_cache
from typing import Any

from text_to_num import text2num

from pm_assistant.core.text.quantities.vocab import MULTIPLIER_AFTER, MULTIPLIERS

FULLWIDTH = str.maketrans(
    {**{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code) not in "，；：！？（）"},
     "\u3000": " ", "\u2212": "-"}
)
"""Full-width digits, letters and signs to ASCII, one character for one so that spans stay exact. The
Chinese comma, semicolon, colon, brackets and end marks stay: "10，20" lists two numbers."""

_WIDE = re.compile("[\uff01-\uff5e\u3000\u2212]")


def to_halfwidth(text: str) -> str:
    """The text with full-width digits, letters and signs made ASCII (`FULLWIDTH`); the same string when it has
    none, which is most text and costs one scan."""
    return text.translate(FULLWIDTH) if _WIDE.search(text) else text


CJK_UNITS: dict[str, float] = {"十": 1e1, "百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8}
"""Chinese place and multiplier characters; in a row they multiply (百万 = 1e6, 千万 = 1e7, 万亿 = 1e12)."""

DIGITS = r"[0-9]+(?:[.,][0-9]+)*"
"""Arabic digits with any dot and comma separators; which is the decimal mark is decided later."""

MIXED_TAIL = r"(?:[ \u00a0\u2009]?[十百千万亿]+(?:[0-9]+(?![0-9.,]))?)*"
"""Chinese multipliers after Arabic digits, glued or after one space: 2.5万, 80 万, 1,200万, 3千5, 1万2千."""

CJK_NUMERAL = (
    r"[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+[十百千万亿]*)?"
)
"""A numeral in Chinese characters: 八十万, 两亿三千万, 十二点五万 (a 点 decimal only when digits follow it)."""

_SMALL = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    "|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
_SCALE = "hundred|thousand|million|billion|trillion|dozen"
EN_WORDS = f"{_SMALL}|{_SCALE}"
"""Every English number word the reader knows, as an alternation."""
_AND = "(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))[\\s-]+and"
EN_NUMERAL = (
    rf"(?i:\b(?:(?:half\s+)?an?\s+(?=(?:{_SCALE})\b)|(?:{_SMALL})\b)(?:(?:{_AND})?[\s-]*(?:{_SMALL}|{_SCALE})\b)*)"
)
"""English number words: "twenty-five", "one hundred and five", "a dozen", "three million", "half a million"."""

_STRICT_EN = re.compile(r"(?:[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
"""Digits as written in English: comma thousands ("1,200.5") or Indian lakh grouping ("1,50,000")."""
_THOUSANDS_GROUPS = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{3})+")
_MIXED = re.compile(rf"{DIGITS}{MIXED_TAIL}")
_DIGITS_AND_UNITS = re.compile(r"([0-9.]+)([十百千万亿]+)")
_CJK_DECIMAL_SCALED = re.compile(r"(.+点[零〇一二三四五六七八九]+)([十百千万亿]+)")
_TOKEN = re.compile(
    rf"(?P<mixed>{DIGITS}{MIXED_TAIL})(?P<mult>{MULTIPLIER_AFTER})?|(?P<cjk>{CJK_NUMERAL})|(?P<words>{EN_NUMERAL})"
)


def english_digits_end(raw: str) -> int:
    """How much of a digit string reads as one English-style numeral ("1,200.5" whole, "1,2" only "1");
    the caller treats a remainder starting with "." as a version or date ("3.11.2") rather than a figure."""
    match = _STRICT_EN.match(raw)
    return match.end() if match else 0


@lru_cache(maxsize=8192)
def digits_value(raw: str, *, euro: bool | None = False) -> float | None:
    """The value of Arabic digits with separators, or None when they cannot be one number.

    `euro=False`: comma thousands, dot decimal ("1,200.5"). `euro=True`: dot or comma thousands when followed by
    exactly three digits, otherwise that mark is the decimal ("45.000" → 45000, "1,2" → 1.2, "1.234,56" →
    1234.56). `euro=None` infers the style from the digits alone (for one token out of context).
    """
    if euro is None:
        euro = ("," in raw and "." in raw and raw.rfind(",") > raw.rfind(".")) or (
            raw.count(",") == 1 and "." not in raw and len(raw) - raw.find(",") - 1 != 3
        ) or raw.count(".") > 1
    if not euro:
        return float(raw.replace(",", "")) if english_digits_end(raw) == len(raw) else None
    marks = [ch for ch in raw if ch in ".,"]
    if not marks:
        return float(raw)
    if len(set(marks)) == 2:
        decimal = marks[-1]
        whole, _, fraction = raw.rpartition(decimal)
        if not _THOUSANDS_GROUPS.fullmatch(whole) and not whole.isdigit():
            return None
        return float(f"{whole.replace('.', '').replace(',', '')}.{fraction}")
    if _THOUSANDS_GROUPS.fullmatch(raw):
        return float(raw.replace(".", "").replace(",", ""))
    return float(raw.replace(",", ".")) if len(marks) == 1 else None


def _scale(units: str) -> float:
    return math.prod(CJK_UNITS[ch] for ch in units)


def trailing_scale(numeral: str) -> float:
    """The product of the Chinese multipliers ending a numeral ("20万" → 1e4, "百万" → 1e6, "3千5" → 1)."""
    scale = 1.0
    for ch in reversed(numeral):
        if ch not in CJK_UNITS:
            break
        scale *= CJK_UNITS[ch]
    return scale


@cache
def _cn2an() -> Any:
    """The `cn2an` reader, imported on first use: the package builds its tables at import (~0.15 s)."""
    import cn2an

    return cn2an.cn2an


@lru_cache(maxsize=4096)
def cjk_value(raw: str) -> float | None:
    """The value of a Chinese numeral or of digits with Chinese multipliers ("八十万", "1,200万", "3千5",
    "十二点五万"); None when it is not one number ("一一", "万万")."""
    raw = raw.replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u2009", "")
    simple = _DIGITS_AND_UNITS.fullmatch(raw)
    if simple and simple.group(1).count(".") <= 1:
        return float(simple.group(1)) * _scale(simple.group(2))
    scaled = _CJK_DECIMAL_SCALED.fullmatch(raw)
    head, factor = (scaled.group(1), _scale(scaled.group(2))) if scaled else (raw, 1.0)
    try:
        return float(_cn2an()(head, "smart")) * factor
    except (ValueError, KeyError, IndexError):  # cn2an raises KeyError on some malformed input ("0亿0")
        return None


@lru_cache(maxsize=4096)
def words_value(raw: str) -> float | None:
    """The value of English number words ("twenty-five", "a hundred", "a dozen", "half a million"); None when
    `text2num` cannot read them as one number ("one two")."""
    words = raw.lower().split()
    half = words[:1] == ["half"]
    if half:
        words = words[1:]
    if words and words[0] in ("a", "an"):
        words[0] = "one"
    dozens = words and words[-1] == "dozen"
    if dozens:
        words = words[:-1] or ["one"]
    try:
        value = float(text2num(" ".join(words), "en"))
    except ValueError:
        return None
    return value * (12 if dozens else 1) * (0.5 if half else 1)


def parse_number(token: str) -> float | None:
    """The value of one numeral, or None when the token is not one.

    Reads "1,200", "1.2M", "3 lakh", "八十万", "2.5万", "1,200万", "十二点五万", "twenty-five", "a dozen", full-width
    digits, and European separators when they are unambiguous ("1.234,56", "1,5"; "1,200" stays 1200). Currency
    signs, units and words around the numeral are not accepted: use `read_quantities` for text.
    """
    text = to_halfwidth(token).strip()
    match = _TOKEN.fullmatch(text)
    if not match:
        return None
    if match.group("words"):
        return words_value(match.group("words"))
    if match.group("cjk"):
        return cjk_value(match.group("cjk"))
    mixed = match.group("mixed")
    if _MIXED.fullmatch(mixed) and any(ch in CJK_UNITS for ch in mixed):
        return cjk_value(mixed)
    value = digits_value(mixed, euro=None)
    mult = match.group("mult")
    return None if value is None else value * multiplier(mult)


def multiplier(word: str | None) -> float:
    """The factor of a Latin multiplier as written after a numeral ("k" → 1e3, " Mio." → 1e6); 1 for none."""
    return MULTIPLIERS[word.strip().rstrip(".").lower()] if word else 1.0
