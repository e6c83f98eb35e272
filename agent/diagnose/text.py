"""Text primitives of the diagnosis: content tokens, claims, cue matching and missing-content statements.

Sentences and clauses come from the project's splitter (`core.text.sentences`). Tokens for lexical matching go
through `tokens()` alone, so the shared tokenizer can replace it in one place: English words lower-cased,
stopwords dropped and Snowball-stemmed; a CJK run yields its characters (minus function characters) and its
character bigrams. A claim is a clause with at least `MIN_CLAIM_TOKENS` content tokens or a figure; a shorter
clause joins the claim before it (or after it), and a text too short for any claim is one claim when it says
anything at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pm_assistant.agent.diagnose.cues import (
    ADVICE,
    EXCLUSIONS,
    FREE_OF_CHARGE,
    MISSING_CONTENT,
    NEGATION_EN,
    NEGATION_ZH,
    NEGATIVE_TERMS,
    NO,
    NOT_NEGATION,
    SOURCE_NOUNS,
    TELLING_WORDS,
    YES,
    YES_NO_QUESTION,
    alternation,
)
from pm_assistant.core.text.lang import detect_lang
from pm_assistant.core.text.sentences import split_clauses, split_sentences
from pm_assistant.core.text.tokens import tokenize

MIN_CLAIM_TOKENS = 3
TEXT_CACHE = 16_384  # per-text results are cached: retrieved chunks repeat across samples

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself
    nor of off on once only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with would you your yours yourself yourselves still
    yes please thanks thank hope helps get got let us may might shall per sure ok okay certainly absolutely
    hi hello one two three four five six seven eight nine ten except unless until upon whether either i'm i've
    i'll i'd you're you've you'll you'd we're we've we'll it's that's there's they're they've they'll let's""".split()
)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_CJK_FUNCTION_CHARS = frozenset("的了在是和与或也就都而及着之吗呢吧啊么把被给对从向这那个我你他她它们请")
_LETTER = f"[^\\W\\d_{_CJK}]"
_WORD = re.compile(f"{_LETTER}(?:{_LETTER}|['’](?={_LETTER}))*")  # hyphens split: "non-refundable" → non, refundable
_DIGITS = re.compile(r"\d")
_LATIN_WORD = re.compile(r"[a-z0-9_]+(?:['’][a-z]+)?")
_NOT_NEGATION = re.compile(alternation(NOT_NEGATION), re.IGNORECASE)
_A_NOT_A = re.compile(r"((?!还)[\u4e00-\u9fff])[不没]\1")
"""A Chinese A-not-A question (要不要, 能不能, 有没有, 需不需要): it asks, it denies nothing. 还没还 is not one:
the adverb 还 ("still") before a denied 还 ("repay")."""
_YES_NO_WORDS = ("是否", "能否", "可否")
_CUES = [*NEGATION_EN, *NEGATION_ZH, *NEGATIVE_TERMS, *FREE_OF_CHARGE, *EXCLUSIONS]
_LATIN_NEGATIONS = alternation([t for t in _CUES if t.isascii()])
_CJK_NEGATIONS = alternation([t for t in _CUES if not t.isascii()])
_FREE = frozenset(FREE_OF_CHARGE)
_PRICE = re.compile(r"[$€£¥￥]\s?\d|\d\s?(?:元|块|usd|eur|gbp)|\bprice|价格|价钱")
_ABOUT_COST = re.compile(r"\b(?:cost|costs|charge|charges|charged|fee|fees|pay|payment)\b|收费|收取|收|费")
_EXCLUDE = frozenset(EXCLUSIONS)
_NEGATION_WORDS = frozenset(w for w in NEGATION_EN if " " not in w)
_NOT_CONTENT = frozenset(t for w in STOPWORDS | _NEGATION_WORDS for t in tokenize(w)) | _CJK_FUNCTION_CHARS
_NEGATION = re.compile(rf"(?<![^\W\d_])(?:{_LATIN_NEGATIONS})(?![^\W\d_])|[a-z]n't\b|{_CJK_NEGATIONS}", re.IGNORECASE)
_ANSWER_PARTICLE = re.compile(rf"^\s*(?:{alternation([*YES, *NO])})\s*[,，.。!！:：;；—–-]\s*", re.IGNORECASE)
_MISSING = re.compile(alternation(MISSING_CONTENT), re.IGNORECASE)
_SCOPE_LATIN = 20  # what a negation denies: about three English words after it
_SCOPE_CJK = 4  # or four Chinese characters
_SCOPE_END = re.compile(r"[,;，；、。.]|\s(?:and|or|but)\s")  # a negation does not reach past its list item


def words(text: str) -> list[str]:
    """Lower-cased letter words (CJK and digits excluded)."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text or "")]


@lru_cache(maxsize=TEXT_CACHE)
def tokens(text: str) -> tuple[str, ...]:
    """The content terms of a text for lexical matching: the shared tokenizer's terms (`core.text.tokens`: stemmed
    English words, CJK characters and bigrams) minus numbers (figures are compared by value, `figures.py`),
    one-letter words, stopwords, Chinese function characters (and the bigrams across them, "是保", "本的") and
    negation words (polarity is compared separately,
    `consistency.py`)."""
    terms = tokenize((text or "").replace("’", "'"), cjk_characters=True)
    return tuple(t for t in terms if t not in _NOT_CONTENT and not _DIGITS.match(t)
                 and (len(t) > 1 or not t.isascii()) and not t.endswith("n't")
                 and (t.isascii() or len(t) == 1 or not _CJK_FUNCTION_CHARS.intersection(t)))


@lru_cache(maxsize=TEXT_CACHE)
def token_set(text: str) -> frozenset[str]:
    """`tokens` as a set."""
    return frozenset(tokens(text))


def word_count(text: str) -> int:
    """Words in a text, counting a CJK run as one word per two characters (rounded up)."""
    runs = _CJK_RUN.findall(text or "")
    rest = _CJK_RUN.sub(" ", text or "")
    return sum(any(c.isalnum() for c in token) for token in rest.split()) + sum(-(-len(run) // 2) for run in runs)


def language(text: str) -> str:
    """"en" or "zh" (the project's language detector)."""
    return detect_lang(text or "")


@lru_cache(maxsize=TEXT_CACHE)
def sentences(text: str) -> tuple[str, ...]:
    """The sentences of a text (markdown list items and table rows are sentences of their own)."""
    return tuple(s.text for s in split_sentences(text or "", hard_breaks=True))


@dataclass(frozen=True)
class Claim:
    """One checkable statement and the claim before it in its sentence (a clause may lean on it), or None."""

    text: str
    lead: str | None = None


@lru_cache(maxsize=TEXT_CACHE)
def claims(text: str) -> tuple[Claim, ...]:
    """The claims of a text (see the module docstring), in order."""
    found: list[Claim] = []
    for sentence in sentences(text):
        pieces: list[str] = []
        pending = ""
        for clause in (c.text for c in split_clauses(sentence)):
            piece = f"{pending}, {clause}" if pending else clause
            if _claim_sized(piece):
                pieces.append(piece)
                pending = ""
            elif pieces:
                pieces[-1] = f"{pieces[-1]}, {clause}"
            else:
                pending = piece
        if pending and pieces:
            pieces[-1] = f"{pieces[-1]}, {pending}"
        found += [Claim(piece, pieces[i - 1] if i else None) for i, piece in enumerate(pieces)]
    whole = " ".join(sentences(text)).strip(" .。")
    if not found and (tokens(whole) or _DIGITS.search(whole)):
        found.append(Claim(whole))
    return tuple(found)


def _claim_sized(text: str) -> bool:
    """Enough content for a claim: English content words plus one per two CJK characters, or a figure."""
    size = sum(len(w) > 1 and w not in STOPWORDS for w in words(text))
    size += sum(len(run) // 2 for run in _CJK_RUN.findall(text))
    return size >= MIN_CLAIM_TOKENS or bool(_DIGITS.search(text))


def negations(text: str) -> int:
    """How many negation and antonym cues a statement holds ("not", 不, "prohibited", 禁止), leaving out bounds
    such as "no more than" or 不超过 and a leading "Yes," / "No," / 可以， that answers the question."""
    return len(negation_scopes(text))


@lru_cache(maxsize=TEXT_CACHE)
def negation_scopes(text: str) -> tuple[str, ...]:
    """Each negation or antonym cue of a statement with what it denies: the cue and the few words after it
    ("not permitted inside the", "不享受带薪"), with the exceptions of `negations`."""
    statement = _NOT_NEGATION.sub(_blank, blank_question_forms(strip_answer_particle(text or "")))
    scopes = []
    for match in _NEGATION.finditer(statement):
        reach = _SCOPE_CJK if _CJK_RUN.match(match.group(0)) else _SCOPE_LATIN
        after = _SCOPE_END.split(statement[match.end(): match.end() + reach], maxsplit=1)[0]
        if not tokens(after):  # the cue ends the clause ("fee: none"): it denies what came before
            after = statement[max(0, match.start() - reach): match.start()]
        scopes.append(match.group(0) + " " + after)
    return tuple(scopes)


def asks_yes_no(question: str) -> bool:
    """Whether a question asks yes or no ("Does …?", "Is …?", 吗, 是否, 能否, or an A-not-A form such as 要不要)."""
    first = question.strip().split(maxsplit=1)[0].lower() if question.strip() else ""
    return first in YES_NO_QUESTION or question.rstrip("？?。 ").endswith("吗") or bool(
        has_any(question, _YES_NO_WORDS)) or bool(_A_NOT_A.search(question))


def blank_question_forms(text: str) -> str:
    """The text with its A-not-A questions blanked out (same length, so spans still line up)."""
    return _A_NOT_A.sub(_blank, text)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def cue_family(scope: str) -> str:
    """The family of a negation scope's cue: "free" (the ways of saying no charge: "free", "won't cost you
    anything", "no fee", 不收手续费), "except" (an exclusion) or "deny" (every other negation or antonym)."""
    lowered = scope.lower()
    if any(lowered.startswith(f) for f in _FREE) or _ABOUT_COST.search(lowered):
        return "free"
    return "except" if any(lowered.startswith(e) for e in _EXCLUDE) else "deny"


def talks_of_cost(text: str) -> bool:
    """Whether a statement is about what something costs (a price, a fee, a figure of money, or being free)."""
    lowered = text.lower()
    return bool(_ABOUT_COST.search(lowered) or _PRICE.search(lowered) or any(f in lowered for f in _FREE))


def strip_answer_particle(text: str) -> str:
    """The statement without a leading "Yes," / "No," / 可以， (it answers the question, it is not the claim)."""
    return _ANSWER_PARTICLE.sub("", text, count=1)


def is_advice(text: str) -> bool:
    """True when a statement advises the user rather than says something about the documents."""
    return bool(has_any(text, ADVICE))


@lru_cache(maxsize=TEXT_CACHE)
def says_missing(text: str) -> bool:
    """True when the text says the answer is not available: a stock phrase ("I don't know", 知识库中没有相关信息),
    or a negated clause that names a source and a telling word ("the leaflet gives no dose", 文档中没有…的信息)."""
    if _MISSING.search(text or ""):
        return True
    if not _NEGATION.search(text or ""):
        return False
    return any(
        negations(clause) and has_any(clause, SOURCE_NOUNS) and has_any(clause, TELLING_WORDS)
        for sentence in sentences(text)
        for clause in (c.text for c in split_clauses(sentence))
    )


def has_any(text: str, phrases: Sequence[str]) -> str | None:
    """A phrase of `phrases` found in the text (case-insensitive; Latin phrases as whole words), or None.

    Set lookups and substring tests rather than one regex per phrase: tables are checked on every sample."""
    table = _TABLES.get(id(phrases))
    if table is None or table[0] is not phrases:  # tables are module constants: keyed by identity, kept alive here
        table = _TABLES[id(phrases)] = (phrases, _phrase_table(tuple(phrases)))
    words, multi, other = table[1]
    lowered = (text or "").lower()
    for phrase in other:
        if phrase in lowered:
            return phrase
    if words and (found := words & _latin_words(lowered)):
        return min(found)
    for phrase in multi:
        if phrase in lowered and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            return phrase
    return None


_TABLES: dict[int, tuple[Sequence[str], tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]]] = {}


@lru_cache(maxsize=256)
def _phrase_table(phrases: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """A phrase table split into single Latin words, multi-word Latin phrases and the rest (CJK, symbols)."""
    latin = [p.lower() for p in phrases if p.isascii() and p[:1].isalnum()]
    words = frozenset(p for p in latin if _LATIN_WORD.fullmatch(p))
    multi = tuple(sorted((p for p in latin if p not in words), key=len, reverse=True))
    other = tuple(sorted((p.lower() for p in phrases if not (p.isascii() and p[:1].isalnum())), key=len, reverse=True))
    return words, multi, other


@lru_cache(maxsize=TEXT_CACHE)
def _latin_words(lowered: str) -> frozenset[str]:
    return frozenset(_LATIN_WORD.findall(lowered))
