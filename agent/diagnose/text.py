"""Text primitives for trace diagnosis: sentences and claims, content-word stems, numbers, abstentions.

Claims are sentences split further at `;` and at ", and/but/while …", keeping pieces with at least
`MIN_CLAIM_STEMS` content words or a number; a shorter piece joins the claim before it in its sentence (or the
one after it), and a text too short for any claim ("Yes, we ship to Canada.") is one claim when it has a
content word or a number. Stems come from the Snowball English stemmer (PyStemmer) after dropping stopwords.
Chinese and Japanese are written without spaces, so a run of CJK characters yields its characters (minus
common function characters) and its character bigrams as tokens, and counts as one word per two characters.
Numbers are normalised so that 1,200 = 1200, 12% = 12 percent = 0.12, 5k = 5000 and "thirty" = 30; the word
"one" counts only in sources (as a number it is too often just a pronoun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pm_assistant.core.text.numerals import NUMERAL, multiplier, parse_numeral

MIN_CLAIM_STEMS = 3
TEXT_CACHE = 8192  # per-text results are cached: retrieved chunks repeat across samples

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself
    nor of off on once only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours yourself yourselves still
    yes please thanks thank hope helps get got let us may might shall per sure ok okay certainly absolutely
    hi hello""".split()
)

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"  # kana and Han ideographs
_CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_FUNCTION_CHARS = frozenset("的了在是和与或也就都而及着之吗呢吧啊么把被给对从向这那个我你他她它们")
_LETTER = f"[^\\W\\d_{_CJK}]"
_ABBREVIATIONS = frozenset("e.g i.e etc vs approx no mr mrs ms dr inc ltd st fig eq cf al".split())
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=\S)|(?<=[。！？])[”’」』）]*\s*(?=\S)")
_CLAUSE_BREAK = re.compile(r"\s*[;；]\s*|,\s+(?=(?:and|but|while|whereas|although|so)\s)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)](?=\s)|#+)\s*")
_WORD = re.compile(f"{_LETTER}(?:{_LETTER}|['’-](?={_LETTER}))*")

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}
_NUMBER = re.compile(
    rf"(?<![^\W{_CJK}])(?<!\.)(?P<num>{NUMERAL})"
    r"(?:(?P<time>:\d{2})|\s?(?P<pct>%|percent\b|per\s?cent\b)|\s?(?P<mult>k|mn|m|bn|b|thousand|million|billion)\b)?"
    r"|\b(?P<word>" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
_FOLLOWING = re.compile(r"(?:\s*-\s*|\s+)([^\W\d_]+)(?:\s+([^\W\d_]+))?")
_CURRENCY = "$€£¥"
_ABSTENTION = re.compile(
    r"\b(?:i (?:do not|don't) know|not enough information|there is no (?:mention|information)"
    r"|(?:not|isn't|aren't|wasn't) (?:mentioned|specified|covered|stated|included|available|provided) (?:in|by)"
    r"|no (?:information|details|data|mention) (?:on|about|in|of|is|regarding)"
    r"|(?:cannot|can't|could not|couldn't|unable to) (?:find|answer|determine|tell|confirm)"
    r"|(?:context|documents?|sources?|knowledge base|passages?|polic(?:y|ies)) (?:does|do|did)(?: not|n't) "
    r"(?:say|mention|contain|cover|include|specify|state))",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[str]:
    """Split text into sentences at ., !, ? or line breaks (abbreviations such as "e.g." do not end one)."""
    sentences: list[str] = []
    for line in (text or "").splitlines():
        in_line: list[str] = []
        for piece in (p.strip() for p in _SENTENCE_END.split(_BULLET.sub("", line).strip())):
            last_word = in_line[-1].rsplit(maxsplit=1)[-1].rstrip(".") if in_line else ""
            if in_line and (last_word.lower() in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isupper())):
                in_line[-1] = f"{in_line[-1]} {piece}"
            elif piece:
                in_line.append(piece)
        sentences.extend(in_line)
    return sentences


def claims_with_leads(text: str) -> list[tuple[str, str | None]]:
    """Each claim (see the module docstring) with the claim before it in its sentence, or None.

    The lead gives a clause its meaning when it leans on it ("…; after that, start a return instead").
    """
    claims: list[tuple[str, str | None]] = []
    for sentence in split_sentences(text):
        in_sentence: list[str] = []
        pending = ""
        for clause in (c.strip(" ,.。，") for c in _CLAUSE_BREAK.split(sentence)):
            if not clause:
                continue
            piece = f"{pending}, {clause}" if pending else clause
            if _is_claim_sized(piece):
                in_sentence.append(piece)
                pending = ""
            elif in_sentence:
                in_sentence[-1] = f"{in_sentence[-1]}, {clause}"
            else:
                pending = piece
        claims += [(claim, in_sentence[i - 1] if i else None) for i, claim in enumerate(in_sentence)]
    whole = " ".join(split_sentences(text)).strip(" .。")
    if not claims and (content_stems(whole) or extract_numbers(whole, count_one=False)):
        claims.append((whole, None))
    return claims


def extract_claims(text: str) -> list[str]:
    """The checkable statements in a text: sentences and clauses with ≥ MIN_CLAIM_STEMS content words or a number."""
    return [claim for claim, _ in claims_with_leads(text)]


def _is_claim_sized(text: str) -> bool:
    return len(content_stems(text)) >= MIN_CLAIM_STEMS or bool(extract_numbers(text, count_one=False))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """Lower-cased word tokens (letters only, CJK excluded; numbers are handled by `extract_numbers`)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text or "")]


def cjk_tokens(text: str) -> list[str]:
    """Tokens of the CJK runs in a text: each character but common function characters, and each bigram."""
    tokens: list[str] = []
    for run in _CJK_RUN.findall(text or ""):
        tokens += [char for char in run if char not in _CJK_FUNCTION_CHARS]
        tokens += [run[i : i + 2] for i in range(len(run) - 1)]
    return tokens


def word_count(text: str) -> int:
    """Words in a text, counting a CJK run as one word per two characters (rounded up)."""
    runs = _CJK_RUN.findall(text or "")
    rest = _CJK_RUN.sub(" ", text or "")
    return sum(any(c.isalnum() for c in token) for token in rest.split()) + sum(-(-len(run) // 2) for run in runs)


@lru_cache(maxsize=TEXT_CACHE)
def content_stems(text: str) -> tuple[str, ...]:
    """Snowball stems of the content words of a text (stopwords and one-letter words dropped), then CJK tokens."""
    kept = [w for w in words(text) if len(w) > 1 and w not in STOPWORDS and w not in _NUMBER_WORDS]
    return tuple(_stemmer().stemWords(kept)) + tuple(cjk_tokens(text))


@dataclass(frozen=True)
class NumberMention:
    """A number as written (`text`, with up to two following words), the values it may stand for, and its unit.

    The unit is the last of those words once trailing stopwords are dropped ("10 business days" → "days").
    """

    text: str
    values: frozenset[float]
    unit: str

    @property
    def unit_stem(self) -> str:
        """The unit's stem, so that "day", "days" and "30-day" compare equal."""
        return _stemmer().stemWord(self.unit) if self.unit else ""

    @property
    def key(self) -> str:
        """A normalised "value unit" label, used to spot the same wrong fact recurring across samples."""
        return f"{max(self.values):g} {self.unit_stem}".strip()


def _norm(value: float) -> float:
    return float(f"{value:.9g}")


@lru_cache(maxsize=TEXT_CACHE)
def extract_numbers(text: str, *, count_one: bool = True) -> tuple[NumberMention, ...]:
    """Every number in the text with its normalised candidate values (see the module docstring)."""
    mentions: list[NumberMention] = []
    for match in _NUMBER.finditer(text or ""):
        if match["word"]:
            word = match["word"].lower()
            if word == "one" and not count_one:
                continue
            values = {float(_NUMBER_WORDS[word])}
        else:
            raw = parse_numeral(match["num"])
            if match["time"]:
                values = {raw * 100 + float(match["time"][1:])}
            elif match["pct"]:
                values = {raw, raw / 100}
            elif match["mult"]:
                values = {raw, raw * multiplier(match["mult"])}
            else:
                values = {raw}
        start = match.start() - 1 if match.start() and text[match.start() - 1] in _CURRENCY else match.start()
        end, unit = match.end(), "percent" if match["pct"] else ""
        if not match["pct"] and (follow := _FOLLOWING.match(text, match.end())):
            for group in (1,) if follow.group(0).lstrip().startswith("-") else (2, 1):
                if follow[group] and follow[group].lower() not in STOPWORDS:
                    end, unit = follow.end(group), follow[group].lower()
                    break
        mentions.append(NumberMention(text[start:end].strip(), frozenset(_norm(v) for v in values), unit))
    return tuple(mentions)


def is_abstention(text: str) -> bool:
    """True when the text declines to answer or says the information is not available."""
    return bool(_ABSTENTION.search(text or ""))
