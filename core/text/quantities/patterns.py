"""The reader's compiled regexes, built once from `vocab` and `numerals`.

Named groups carry the meaning: a group called `cur_USD`, `dur_hour` or `thing_gpu` tells the reader the kind
and the canonical unit of what matched (`split_group`). Patterns used after a figure are anchored with
`.match(text, pos)`; patterns that look before a figure run on a bounded window with `.search(text, lo, hi)`
and end in `\\Z`, which matches at `hi`.
"""

from __future__ import annotations

import re

from pm_assistant.core.text.quantities.numerals import CJK_NUMERAL, DIGITS, EN_NUMERAL, EN_WORDS, MIXED_TAIL
from pm_assistant.core.text.quantities.vocab import (
    CLASSIFIER_THINGS,
    CLASSIFIERS_ZH,
    CURRENCY_AFTER,
    CURRENCY_BEFORE,
    DURATION_MODIFIERS,
    DURATION_UNITS,
    FACTOR_WORDS,
    GPU_MODELS,
    MODEL_NAMES,
    MODIFIER_EN,
    MULTIPLIER_AFTER,
    PERIOD_ADJECTIVES,
    PERIOD_ADVERBS,
    PERIOD_BEFORE,
    PERIOD_NAMES,
    SHARE_WORDS,
    SUBUNITS_AFTER,
    THING_BEFORE_GAP_ZH,
    THINGS_EN,
    THINGS_ZH,
    VOLUME_THINGS,
)

_END = r"(?![A-Za-z])"


def named(prefix: str, table: dict[str, str]) -> str:
    """An alternation with one named group per canonical value: `(?P<prefix_key>pattern)|…`."""
    return "|".join(f"(?P<{prefix}_{key}>{pattern})" for key, pattern in table.items())


def currency_of(match: re.Match[str] | None) -> str | None:
    """The ISO code a currency group (`cur_USD`, …) matched, when the match's last group is one."""
    name = match.lastgroup if match else None
    return name[4:] if name and name.startswith("cur_") else None


def split_group(name: str) -> tuple[str, str]:
    """The category and canonical value of a group made by `named` ("cur_USD" → ("cur", "USD"))."""
    category, _, value = name.partition("_")
    return category, value


def _things(prefix: str) -> str:
    """Things in either language, one group per canonical unit (a thing is written in English inside Chinese
    text, as in "100万个token", as often as in Chinese)."""
    merged = {key: THINGS_EN[key] + (f"|{THINGS_ZH[key]}" if key in THINGS_ZH else "") for key in THINGS_EN}
    return named(prefix, merged)


def literal(spellings: tuple[str, ...]) -> str:
    """An alternation of literal spellings; an ASCII word may not run on into more letters ("USD", not "USDC")."""
    return "|".join(re.escape(s) + (_END if s[-1].isascii() and s[-1].isalpha() else "") for s in spellings)


HAS_FIGURE = re.compile(r"[0-9０-９零〇一二两三四五六七八九十翻减砍]")
"""A cheap first test: a text with none of these characters and no English number word holds no quantity."""

_ENGLISH_FACTORS = [word for word in FACTOR_WORDS if word.isascii()]
_ENGLISH_SHARES = sorted((w for w in SHARE_WORDS if w.isascii()), key=len, reverse=True)
NUMBER_WORDS = frozenset(EN_WORDS.split("|") + _ENGLISH_FACTORS + [w.split()[-1] for w in _ENGLISH_SHARES])
"""English words that may begin or make up a figure ("twenty", "dozen", "doubles"), for `has_number_words`."""
_ASCII_WORD = re.compile(r"[a-z]+")


def has_number_words(text: str) -> bool:
    """Whether the text holds an English number or factor word: only then do the word patterns run (they are
    several times slower than the digit patterns, and most sentences have no such word)."""
    return not NUMBER_WORDS.isdisjoint(_ASCII_WORD.findall(text.lower()))


_ZH_FACTOR = "|".join(sorted((w for w in FACTOR_WORDS if not w.isascii()), key=len, reverse=True))
START = re.compile(
    r"F(?<![A-Za-z]F)Y\s?'?(?P<fy>[0-9]{4}|[0-9]{2})(?![0-9A-Za-z])"
    r"|(?P<always>2(?<![A-Za-z0-9]2)4/7|7(?<![A-Za-z0-9]7)\s?[x×*]\s?24(?:\s?小时)?)(?![0-9])"
    rf"|(?P<fword>{_ZH_FACTOR})"
    r"|(?P<tenths>(?:[一二两三四五六七八九]|(?<![0-9.])[1-9])成(?:[一二三四五六七八九](?![十百千万亿]))?)(?![本功为员立熟果交长型品就绩效不])"
    r"|(?P<sword>一半)"
    r"|[xX](?<![A-Za-z0-9][xX])(?P<xfactor>(?!86|64)[0-9]+(?:\.[0-9]+)?)(?![0-9A-Za-z.])"
    rf"|(?P<digits>[0-9](?<![A-Za-z0-9_.][0-9])(?<![A-Za-z0-9]-[0-9])[0-9]*(?:[.,][0-9]+)*{MIXED_TAIL})"
    rf"|(?P<cjk>{CJK_NUMERAL})"
)
"""Where a quantity may start: a fiscal year, "24/7", a Chinese factor word, "x3", digits or a Chinese numeral.
Digits glued to a name ("GPT-4", "A100", "P0", "Qwen2.5") are not a start. Every branch opens with a literal
or a character class (lookbehinds come after the first character), which lets the regex engine skip ahead."""

START_WORDS = re.compile(
    rf"(?P<fword>(?i:\b(?:{'|'.join(_ENGLISH_FACTORS)})(?![\w-])))"
    rf"|(?P<sword>(?i:\b(?:{'|'.join(re.escape(w) for w in _ENGLISH_SHARES)})(?=\s+of\b)))"
    rf"|(?P<words>{EN_NUMERAL})"
)
"""Where a quantity written in English words may start: a factor word ("doubles") or number words."""

CORE = re.compile(rf"(?P<digits>{DIGITS}{MIXED_TAIL})|(?P<cjk>{CJK_NUMERAL})|(?P<words>{EN_NUMERAL})")
"""A numeral at a known position (the second end of a range or ratio)."""

_CURRENCY_BEFORE = named("cur", {code: literal(spellings) for code, spellings in CURRENCY_BEFORE.items()})
CURRENCY_PREFIX = re.compile(rf"(?:{_CURRENCY_BEFORE})\s?")
"""A currency marker at a known position, before a numeral ("$", "US$", "USD ", "人民币")."""

PREFIX = re.compile(
    rf"(?:(?P<sign>(?<![0-9A-Za-z.,])[-+])?(?:{_CURRENCY_BEFORE})\s?"
    r"|(?P<times>[×])\s?|(?P<ord>第)\s?|(?P<pct>百分之)|(?P<permille>千分之)"
    r"|(?P<bare_sign>(?<![0-9A-Za-z.,])[-+]))\Z"
)
"""What may be written just before a numeral: a currency (with a sign), ×, 第, 百分之, 千分之, or a sign."""

PREFIX_ENDS = frozenset(s[-1] for spellings in CURRENCY_BEFORE.values() for s in spellings) | set("×第之-+")
"""The characters a `PREFIX` can end with: the reader searches for a prefix only after one of them."""

NAME_BEFORE = re.compile(rf"(?i)(?<![A-Za-z]){MODEL_NAMES}[\s-]?\Z")
"""A name or label word just before a spaced numeral: the numeral is part of the name ("Llama 3", "step 4")."""

PER_SIGN_BEFORE = re.compile(r"(?:每个?|(?i:\bper))\s*\Z")
"""每 or "per" just before a numeral: the numeral is a denominator ("每1000次调用"), read by `PER_BEFORE`."""

BLOCKED = re.compile(
    r"[0-9](?<![0-9.][0-9])(?:"
    r"[0-9]{3}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])"  # 2026-03-01
    r"|[0-9]?/[0-9]{1,2}/[0-9]{2,4}(?![0-9])"  # 3/1/2026
    r"|[0-9]?月(?:份|[0-9]{1,2}[日号])?|[0-9]?号"  # 3月, 12月31日, 5号
    r"|[0-9]?:[0-9]{2}(?::[0-9]{2})?(?:\s?[ap]\.?m\.?)?|[0-9]?\s?(?:am|pm|a\.m\.|p\.m\.)(?![A-Za-z])"
    r"|[0-9]{2}\)?[ .-][0-9]{3}[-.][0-9]{4}(?![0-9])|[0-9]{2}-[0-9]{4}-[0-9]{4}(?![0-9])"  # 415 555-0100
    r"|(?<=1)[3-9][0-9]{9}(?![0-9])|(?<=0)[0-9]{2,3}-[0-9]{7,8}(?![0-9])"  # 13800138000, 010-12345678
    r"|(?!(?<=7)[x×]24)[0-9]*(?:\.[0-9]+)?[x×][0-9]+(?![0-9])"  # 1920x1080, but not 7x24
    r"|(?<=[12])[0-9]{2}0s\b|(?<=the [0-9])0s\b)"  # 1990s, the 90s
    r"|\+[0-9][0-9 ()-]{6,}[0-9]|\([0-9]{3}\)\s?[0-9]{3}-[0-9]{4}"  # +1 415-555-0100, (415) 555-0100
    r"|#[0-9]+|\[[0-9]{1,3}\]|'[0-9]0s\b"
)
"""Numbers that are not quantities: dates, clock times, phone numbers, dimensions ("1920x1080"), decades
("1990s", "the 90s"), ids ("#1234") and citation marks ("[3]"). Every branch opens with a digit or a sign, so
the engine skips ahead fast; line markers and web addresses have their own patterns."""

LINE_MARKER = re.compile(
    r"[ \t]*(?:(?:[-*+][ \t]+)?[0-9]{1,3}[.)、](?=[ \t])|[(（][0-9]{1,2}[)）]|#{1,6}[ \t]*[0-9]{1,2}(?:\.[0-9]+)*\.?(?=\s))"
)
"""A list marker or heading number at a line start ("1. ", "2) ", "(3)", "## 2.1 "), tried only at line starts."""

_MONTH_NAME = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
               r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
MONTH_DATE = re.compile(rf"\b{_MONTH_NAME}\.?\s+{_DAY}(?![0-9]|\.[0-9]|\s*(?:%|[kKmM]\b))"
                        rf"|\b{_DAY}\s+(?:of\s+)?{_MONTH_NAME}\b")
"""A day written with an English month name ("March 3", "Dec. 31st", "3 March", "the 5th of June"): a date, not
a quantity. Month names are matched capitalised only, so "may" the verb is left alone."""

BLOCKED_WEB = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+|\b[Ii][Dd]\s*[:#]?\s*[0-9]+")
"""URLs, e-mail addresses and ids: searched only in texts with "://", "www.", "@" or "id"."""

MULTIPLIER = re.compile(MULTIPLIER_AFTER)

_THING_EN = rf"(?:\s?[x×]\s?(?={GPU_MODELS})|{MODIFIER_EN}{{0,2}}[\s-]*)(?:{_things('thing')})"
_ZH_MODIFIER = r"(?:(?!的)[\u4e00-\u9fff]{1,2}?|[A-Z]{2,5}\s?)??"
_THING_ZH = (
    rf"\s?(?:(?:{CLASSIFIERS_ZH})\s?{_ZH_MODIFIER}|(?<=[0-9十百千万亿]){_ZH_MODIFIER})(?:{named('zhthing', THINGS_ZH)})"
)
"""A Chinese noun after a number, with up to two modifier characters after a measure word or a digit
("2000条标注样本", "5万活跃用户"), never right after a lone 一 (一边开发 is "while developing")."""
UNIT = re.compile(
    rf"(?P<pct>\s?(?:%|个?百分点|(?:percent(?:age\s+points?)?|per\s?cent|pct|pp){_END}))"
    rf"|\s?(?:{named('cur', CURRENCY_AFTER)})"
    rf"|\s?(?:{named('sub', SUBUNITS_AFTER)})"
    rf"|(?P<factor>\s?(?:[xX×](?![A-Za-z0-9])(?!\s?{GPU_MODELS})|times{_END}|倍))"
    rf"|[\s-]?{DURATION_MODIFIERS}(?:{named('dur', DURATION_UNITS)})"
    rf"|(?P<score>\s?(?:分(?![钟之])|(?:points?|pts){_END}))"
    rf"|(?P<ordsuffix>(?:st|nd|rd|th){_END})"
    rf"|{_THING_EN}|{_THING_ZH}|\s?(?:{named('cls', CLASSIFIER_THINGS)})"
)
"""What a numeral measures, written after it: percent, currency (or its minor unit), factor, duration, score, ordinal suffix, a
counted thing (the head noun after up to two modifier words: "200M output tokens", "2000条标注样本"), or a
measure word alone ("提问4次")."""

CLASSIFIER_ALONE = re.compile(named("cls", CLASSIFIER_THINGS))
"""A measure word standing for its thing (次 → request, 条 → sample, 名/位 → person)."""

PERIOD_ADJECTIVE = re.compile(rf"(?i:\b(?:{named('adj', PERIOD_ADJECTIVES)})\b)")
"""A period adjective inside a counted noun phrase ("120k monthly active users", "10k daily requests")."""

_VOLUMES_ZH = {key: THINGS_ZH[key] for key in VOLUME_THINGS if key in THINGS_ZH}
_VOLUMES_EN = {key: THINGS_EN[key] for key in VOLUME_THINGS}
THING_BEFORE = re.compile(
    rf"(?<!每)(?<!每个)(?:{named('bzh', _VOLUMES_ZH)}){THING_BEFORE_GAP_ZH}\Z|(?:{named('ben', _VOLUMES_EN)})\s*[:：]\s*\Z"
)
"""The thing a bare number counts, named just before it ("注册用户10万", "每日请求量约12万", "Active users: 120k")."""

THING_AFTER = re.compile(rf"(?:\s+of(?:\s+the|\s+all)?)?{_THING_EN}|{_THING_ZH}")
"""A counted thing after a numeral (the denominator of a ratio: "of 400 outputs")."""

CONNECTOR = re.compile(  # horizontal space only: a range or change never spans a line break (a list's "- ")
    r"[^\S\n]*(?:(?P<arrow>→|->|=>|⇒|⟶|➝)|(?P<dash>[-–—~])|(?P<to>(?i:to|through)\b)|(?P<and>and\b)"
    r"|(?P<zhto>(?:提升|提高|增长|增加|上升|下降|降低|减少|缩短|压缩|扩大|降|升|涨|跌|变|减|增)?(?:到|至)))[^\S\n]*"
)
"""What joins two figures: a range ("3-5", "0.2 to 0.5", "10万到20万") or a change ("45→65%", "from 45% to 65%")."""

FROM_BEFORE = re.compile(r"(?:(?i:\bfrom)|从|由)\s*\Z")
BETWEEN_BEFORE = re.compile(r"(?:(?i:\bbetween)|介于)\s*\Z")

RATIO_EN = re.compile(r"\s+(?:(?:out\s+)?of|in)\s+(?:the\s+|all\s+)?(?=[0-9A-Za-z])")
RATIO_ZH = re.compile(
    rf"(?:{CLASSIFIERS_ZH})?(?:当中|之中|里面|中间|中|里)[^0-9，,。；;！？!?\n零〇一二两三四五六七八九十]{{0,5}}?(?=[0-9零〇一二两三四五六七八九十])"
)
""""10 of 400 outputs", "3 out of 50", "1 in 20"; "400个中有10个", "50条回答里错了3条" (Chinese puts the total first)."""

FRACTION_SLASH = re.compile(r"/(?=[0-9]+(?![0-9.,/]))")
FRACTION_ZH = re.compile(r"分之(?=[零〇一二两三四五六七八九十0-9])")
"""Fractions: "1/3 of users" (part first), 三分之一 (total first)."""

CLASSIFIER = re.compile(rf"(?:{CLASSIFIERS_ZH})")

PERIOD_TAIL = re.compile(
    rf"\s*(?:/\s*|\s(?:per|a|an|each|every)\s+|每个?|/每)(?:{named('p', PERIOD_NAMES)}){_END}"
    rf"|\s*,?\s*(?:{named('adv', PERIOD_ADVERBS)})"
)
"""A period after a figure: "/mo", " a month", " per year", "每月", "/月", " monthly", " p.a."."""

_PER_MULT = rf"(?:百万|千万|十万|百|千|万|亿|(?:[kKMB]|thousand|million|billion){_END})"
_PER_AMOUNT = rf"(?:(?P<n>{DIGITS})\s*(?P<nm>{_PER_MULT})?|(?:an?\s+|one\s+)?(?P<m>{_PER_MULT}))"
PER_TAIL = re.compile(
    rf"(?P<via>\s*/|\s+per\s|\s+an?\s|\s*每)\s*(?:{_PER_AMOUNT})?\s*(?:个|次|条|张|台|名|位)?\s*-?\s*"
    rf"(?:(?:[A-Za-z]+[\s-]+)?(?:{_things('per')})(?:[\s-](?P<hyphen>hour|day|week|month|year){_END})?"
    r"|(?<=per )(?!(?:the|a|an|cent|se|annum|hours?|days?|weeks?|months?|years?)\b)(?P<generic>[A-Za-z]+))?"
)
"""A denominator after a figure: " per million tokens", "/1k tokens", "/GPU-hour", " per engineer", "/百万token".
The reader accepts it only when it names an amount, a thing or (after "per") another noun."""

PER_BEFORE = re.compile(
    rf"(?:每(?:个|名|位|张|台|条|次)?|[单一](?:个|名|位|张|台|条|次|份|篇)|(?i:\b(?:per|each|every)\s+))\s*(?:{_PER_AMOUNT})?"
    r"\s*(?:个|次|条|张|台|名|位)?\s*"
    rf"(?:{_things('per')}|(?<=[千万百])(?=\s*$))"  # "每百万4元": right before the figure, where the look-back ends
    r"|(?P<capita>人均|(?i:\bper\s+(?:capita|head)\b))"
    rf"|每(?P<back>{CLASSIFIERS_ZH})(?!个?(?:月|星期|礼拜|小时|钟头|工作日|季度))"
)
"""A denominator written before the figure in its clause: "每百万token 0.5美元", "每百万4元" (the thing left unsaid), "each user makes 20 queries",
人均 (per person), and a measure word alone (每条, 每次) that points back to the thing counted before."""

EACH_TAIL = re.compile(rf"\s*(?:each|apiece|a\s+piece){_END}")
"""" each" after a figure: per one of the thing counted before ("5,000 samples at ¥2 each")."""

FIGURE_AHEAD = re.compile(r"[^，,。；;！？!?\n]{0,8}?[0-9零〇一二两三四五六七八九十]")
"""Another figure further on in the clause: a Chinese 每天 or 一个月 written between two figures belongs to the
one after it ("两张A100每天跑8小时")."""

COORDINATED = re.compile(r"(?:\s+[A-Za-z]+|[\u4e00-\u9fff]{1,3})?\s*(?:and|&|or|plus|和|与|及|以及|或|、|,|，)\s*")
"""What joins two figures that share what is written once after both: the thing counted and the period
("2M input and 500k output tokens a day", "900M input tokens and 200M output tokens a month")."""

PERIOD_BEFORE_RE = re.compile(named("pre", PERIOD_BEFORE))
BEFORE_CUE = re.compile(r"[每均度化包年月日周活]|[Ll][Yy]\b|[Aa]nnu|[Pp]er\s|[Ee]ach\s|[Ee]very\s")
"""A cheap test for the look-back: any period or denominator written before a figure holds one of these."""
CLAUSE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s)")
"""Where a clause ends, for the look-back of periods and denominators written before a figure."""
