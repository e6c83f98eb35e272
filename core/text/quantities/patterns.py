"""The reader's compiled regexes, built once from `vocab` and `numerals`.

Named groups carry the meaning: a group called `cur_USD`, `dur_hour` or `thing_gpu` tells the reader the kind
and the canonical unit of what matched (`split_group`). Patterns used after a figure are anchored with
`.match(text, pos)`; patterns that look before a figure run on a bounded window with `.search(text, lo, hi)`
and end in `\\Z`, which matches at `hi`.
"""

from __future__ import annotations

import re

from pm_assistant.core.text.quantities.numerals import CJK_NUMERAL, DIGITS, EN_NUMERAL, MIXED_TAIL
from pm_assistant.core.text.quantities.vocab import (
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
    PERIOD_ADVERBS,
    PERIOD_BEFORE,
    PERIOD_NAMES,
    THINGS_EN,
    THINGS_ZH,
)

_END = r"(?![A-Za-z])"


def named(prefix: str, table: dict[str, str]) -> str:
    """An alternation with one named group per canonical value: `(?P<prefix_key>pattern)|…`."""
    return "|".join(f"(?P<{prefix}_{key}>{pattern})" for key, pattern in table.items())


def split_group(name: str) -> tuple[str, str]:
    """The category and canonical value of a group made by `named` ("cur_USD" → ("cur", "USD"))."""
    category, _, value = name.partition("_")
    return category, value


def _things(prefix: str) -> str:
    """Things in either language, one group per canonical unit (a thing is written in English inside Chinese
    text, as in "100万个token", as often as in Chinese)."""
    merged = {key: THINGS_EN[key] + (f"|{THINGS_ZH[key]}" if key in THINGS_ZH else "") for key in THINGS_EN}
    return named(prefix, merged)


HAS_NUMBER = re.compile(
    r"[0-9０-９零〇一二两三四五六七八九十]|翻倍|翻番|减半|砍半|(?i:\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
    r"|sixty|seventy|eighty|ninety|an?\s+(?:hundred|thousand|million|billion|dozen)|doubl|tripl|quadrupl|halv))"
)
"""A cheap first test: text without any of these holds no quantity, and the reader stops there."""

_FACTOR_WORD = "|".join(sorted(FACTOR_WORDS, key=len, reverse=True))
START = re.compile(
    rf"(?<![A-Za-z])FY\s?'?(?P<fy>[0-9]{{4}}|[0-9]{{2}})(?![0-9A-Za-z])"
    r"|(?P<always>24/7|7\s?[x×*]\s?24(?:\s?小时)?)(?![0-9])"
    rf"|(?P<fword>(?i:\b(?:{_FACTOR_WORD})\b)|{_FACTOR_WORD})"
    r"|(?<![A-Za-z0-9])[xX](?P<xfactor>(?!86|64)[0-9]+(?:\.[0-9]+)?)(?![0-9A-Za-z.])"
    rf"|(?<![A-Za-z0-9_.])(?<![A-Za-z0-9]-)(?P<digits>{DIGITS}{MIXED_TAIL})"
    rf"|(?P<cjk>{CJK_NUMERAL})"
    rf"|(?P<words>{EN_NUMERAL})"
)
"""Where a quantity may start: a fiscal year, "24/7", a factor word, "x3", digits, a Chinese numeral or English
number words. Digits glued to a name ("GPT-4", "A100", "P0", "Qwen2.5") are not a start."""

CORE = re.compile(rf"(?P<digits>{DIGITS}{MIXED_TAIL})|(?P<cjk>{CJK_NUMERAL})|(?P<words>{EN_NUMERAL})")
"""A numeral at a known position (the second end of a range or ratio)."""

CURRENCY_PREFIX = re.compile(rf"(?:{named('cur', CURRENCY_BEFORE)})\s?")
"""A currency marker at a known position, before a numeral ("$", "US$", "USD ", "人民币")."""

PREFIX = re.compile(
    rf"(?:(?P<sign>(?<![0-9A-Za-z.,])[-+])?(?:{named('cur', CURRENCY_BEFORE)})\s?"
    r"|(?P<times>[×])\s?|(?P<ord>第)\s?|(?P<pct>百分之)|(?P<permille>千分之)"
    r"|(?P<bare_sign>(?<![0-9A-Za-z.,])[-+]))\Z"
)
"""What may be written just before a numeral: a currency (with a sign), ×, 第, 百分之, 千分之, or a sign."""

NAME_BEFORE = re.compile(rf"(?i)(?<![A-Za-z]){MODEL_NAMES}[\s-]?\Z")
"""A name or label word just before a spaced numeral: the numeral is part of the name ("Llama 3", "step 4")."""

PER_SIGN_BEFORE = re.compile(r"(?:每个?|(?i:\bper))\s*\Z")
"""每 or "per" just before a numeral: the numeral is a denominator ("每1000次调用"), read by `PER_BEFORE`."""

BLOCKED = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+"
    r"|(?<![0-9])[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])"
    r"|(?<![0-9])[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}(?![0-9])"
    r"|(?<![0-9])[0-9]{1,2}月(?:份|[0-9]{1,2}[日号])?|(?<![0-9])[0-9]{1,2}号"
    r"|(?<![0-9.])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s?[ap]\.?m\.?)?"
    r"|(?<![0-9.])[0-9]{1,2}\s?(?:am|pm|a\.m\.|p\.m\.)(?![A-Za-z])"
    r"|\+[0-9][0-9 ()-]{6,}[0-9]"
    r"|(?<![0-9])\(?[0-9]{3}\)?[ .-][0-9]{3}[-.][0-9]{4}(?![0-9])"
    r"|(?<![0-9])1[3-9][0-9]{9}(?![0-9])|(?<![0-9])[0-9]{3}-[0-9]{4}-[0-9]{4}(?![0-9])"
    r"|(?<![0-9])0[0-9]{2,3}-[0-9]{7,8}(?![0-9])"
    r"|(?<![0-9.])(?!7\s?[x×]\s?24)[0-9]+(?:\.[0-9]+)?\s?[x×]\s?[0-9]+(?![0-9])"
    r"|(?m:^[ \t]*(?:[-*+][ \t]+)?[0-9]{1,3}[.)、](?=[ \t]))|(?m:^[ \t]*[(（][0-9]{1,2}[)）])"
    r"|(?m:^[ \t]*#{1,6}[ \t]*[0-9]{1,2}(?:\.[0-9]+)*\.?(?=\s))"
    r"|#[0-9]+|\[[0-9]{1,3}\]|(?i:\bID\s*[:#]?\s*[0-9]+)"
)
"""Numbers that are not quantities: inside URLs and e-mail addresses, dates, clock times, phone numbers,
dimensions ("1920x1080"), list markers and heading numbers at a line start, ids ("#1234", "ID 42") and
citation marks ("[3]")."""

MULTIPLIER = re.compile(MULTIPLIER_AFTER)
PLUS = re.compile(r"\+(?![0-9])")

_THING_EN = rf"(?:\s?[x×]\s?(?={GPU_MODELS})|{MODIFIER_EN}{{0,2}}?[\s-]*)(?:{_things('thing')})"
_THING_ZH = rf"\s?(?:{CLASSIFIERS_ZH})?(?:(?!的)[\u4e00-\u9fff]{{1,2}}?|[A-Z]{{2,5}}\s?)??(?:{named('zhthing', THINGS_ZH)})"
UNIT = re.compile(
    rf"(?P<pct>\s?(?:%|(?:percent(?:age\s+points?)?|per\s?cent|pct|pp){_END}))"
    rf"|\s?(?:{named('cur', CURRENCY_AFTER)})"
    rf"|(?P<factor>\s?(?:[xX×](?![A-Za-z0-9])(?!\s?{GPU_MODELS})|times{_END}|倍))"
    rf"|[\s-]?{DURATION_MODIFIERS}(?:{named('dur', DURATION_UNITS)})"
    rf"|(?P<score>\s?(?:分(?![钟之])|(?:points?|pts){_END}))"
    rf"|(?P<ordsuffix>(?:st|nd|rd|th){_END})"
    rf"|{_THING_EN}|{_THING_ZH}"
)
"""What a numeral measures, written after it: percent, currency, factor, duration, score, ordinal suffix or a
counted thing (with up to two modifier words: "200 labelled samples", "2000条标注样本")."""

THING_AFTER = re.compile(rf"{_THING_EN}|{_THING_ZH}")
"""A counted thing after a numeral (the denominator of a ratio: "of 400 outputs")."""

CONNECTOR = re.compile(
    r"\s*(?:(?P<arrow>→|->|=>|⇒|⟶|➝)|(?P<dash>[-–—~])|(?P<to>(?i:to|through)\b)|(?P<and>and\b)"
    r"|(?P<zhto>(?:提升|提高|增长|增加|上升|下降|降低|减少|缩短|压缩|扩大|降|升|涨|跌|变|减|增)?(?:到|至)))\s*"
)
"""What joins two figures: a range ("3-5", "0.2 to 0.5", "10万到20万") or a change ("45→65%", "from 45% to 65%")."""

FROM_BEFORE = re.compile(r"(?:(?i:\bfrom)|从|由)\s*\Z")
BETWEEN_BEFORE = re.compile(r"(?:(?i:\bbetween)|介于)\s*\Z")

RATIO_EN = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|all\s+)?(?=[0-9A-Za-z])")
RATIO_ZH = re.compile(
    rf"(?:{CLASSIFIERS_ZH})?(?:当中|之中|里面|中间|中|里)[^0-9，,。；;！？!?\n零〇一二两三四五六七八九十]{{0,5}}?(?=[0-9零〇一二两三四五六七八九十])"
)
""""10 of 400 outputs", "3 out of 50"; "400个中有10个", "400条里错了10条" (the total comes first in Chinese)."""

CLASSIFIER = re.compile(rf"(?:{CLASSIFIERS_ZH})")

PERIOD_TAIL = re.compile(
    rf"\s*(?:/\s*|\s(?:per|a|an|each|every)\s+|每个?|/每)(?:{named('p', PERIOD_NAMES)}){_END}"
    rf"|\s*,?\s*(?:{named('adv', PERIOD_ADVERBS)})"
)
"""A period after a figure: "/mo", " a month", " per year", "每月", "/月", " monthly", " p.a."."""

_PER_MULT = rf"(?:百万|千万|十万|百|千|万|亿|(?:[kKMB]|thousand|million|billion){_END})"
_PER_AMOUNT = rf"(?:(?P<n>{DIGITS})\s*(?P<nm>{_PER_MULT})?|(?:an?\s+|one\s+)?(?P<m>{_PER_MULT}))"
PER_TAIL = re.compile(
    rf"\s*(?:/|\s+per\s+|\s*每)\s*(?:{_PER_AMOUNT})?\s*(?:个|次|条|张|台|名|位)?\s*-?\s*"
    rf"(?:(?:{_things('per')})(?:[\s-](?P<hyphen>hour|day|week|month|year){_END})?"
    r"|(?<=per )(?!(?:the|a|an|cent|se|annum|hours?|days?|weeks?|months?|years?)\b)(?P<generic>[A-Za-z]+))?"
)
"""A denominator after a figure: " per million tokens", "/1k tokens", "/GPU-hour", " per engineer", "/百万token".
The reader accepts it only when it names an amount, a thing or (after "per") another noun."""

PER_BEFORE = re.compile(
    rf"(?:每(?:个|名|位|张|台|条|次)?|(?i:\bper\s+))\s*(?:{_PER_AMOUNT})?\s*(?:个|次|条|张|台|名|位)?\s*"
    rf"(?:{_things('per')})"
)
"""A denominator written before the figure in its clause ("每百万token 0.5美元", "每个用户每月¥20")."""

PERIOD_BEFORE_RE = re.compile(named("pre", PERIOD_BEFORE))
CLAUSE_END = re.compile(r"[。！？!?；;\n]|\.(?=\s)")
"""Where a clause ends, for the look-back of periods and denominators written before a figure."""
