"""Shared pieces for reading calculator inputs out of a question: the result type and context helpers.

A figure's role ("investment", "price per 1,000 tokens", "true positives") is decided by the words right
next to it, so every reader looks at the clause before and after each `Quantity`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pm_assistant.core.text.quantities import Quantity

Args = dict[str, Any]
BARE = frozenset({"number", "count", "score"})
"""Kinds of a figure written without a currency, percent sign or time unit."""


@dataclass(frozen=True)
class Extraction:
    """The arguments read for one calculator and, in plain words, the inputs still missing."""

    tool: str
    args: Args
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)  # the argument names behind `missing`, when known

    @property
    def complete(self) -> bool:
        """True when the arguments are ready to call the tool."""
        return not self.missing


def before(text: str, q: Quantity, chars: int = 40) -> str:
    """The lower-cased text just before a figure (up to `chars`, not crossing a sentence end)."""
    return re.split(r"[.;!?]\s", text[max(0, q.span[0] - chars):q.span[0]].lower())[-1]


def after(text: str, q: Quantity, chars: int = 40, *, to_next_figure: bool = True) -> str:
    """The lower-cased text just after a figure (up to `chars`, stopping at `;` and, by default, the next figure)."""
    tail = text[q.span[1]:q.span[1] + chars].lower()
    return re.split(r"[;?!]|\s[¥$€£]|\d" if to_next_figure else r"[;?!]", tail)[0]


def near(text: str, q: Quantity, pattern: str, chars: int = 40) -> bool:
    """True when `pattern` occurs in the clause just before or just after the figure."""
    return bool(re.search(pattern, before(text, q, chars)) or re.search(pattern, after(text, q, chars)))


# A figure's written form just before a label: "50 TP", "¥500k investment", "2 million (FP)".
_FIGURE_END = r"\d\s*(?:k|m|mn|b|bn|thousand|million|billion|万|亿)?\s*\(?$"


def labels_lead(text: str, labels: str) -> bool:
    """True when the text names each input before its figure ("TP 50, FP 10", "Investment 300000, annual
    benefit 100000"): its first label has no figure just before it. Such a figure belongs to the label before
    it, not to the next figure's label just after it."""
    first = re.search(labels, text, re.I)
    return first is not None and not re.search(_FIGURE_END, text[:first.start()], re.I)


def own_label(text: str, q: Quantity, chars: int = 40) -> str:
    """The lower-cased words between a figure and the previous figure or comma ("…, annual benefit 100000" →
    " annual benefit ")."""
    return re.split(r"[,;]|\d", before(text, q, chars))[-1]


_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "INR": "₹", "JPY": "¥"}


_CURRENCY_WORDS = {"yuan": "yuan", "rmb": "RMB", "cny": "CNY", "元": "元", "usd": "USD", "dollars": "$", "dollar": "$",
                   "eur": "EUR", "euro": "EUR", "euros": "EUR", "gbp": "GBP", "pounds": "£", "inr": "INR",
                   "rupees": "₹", "美元": "$", "欧元": "€", "英镑": "£"}
_CURRENCY_WORD = re.compile(r"(?i:\b(yuan|rmb|cny|usd|dollars?|eur|euros?|gbp|pounds|inr|rupees)\b)|(美元|欧元|英镑|元)")


def currency_symbol(q: Quantity) -> str | None:
    """The currency of an amount as the user wrote it: the symbol, or the word ("yuan", "RMB"); 元 stays 元."""
    if q.currency is None:
        return None
    written = next((ch for ch in q.text if ch in "¥￥$€£₹"), None)
    if written:
        return "¥" if written == "￥" else written
    word = _CURRENCY_WORD.search(q.text)
    if word:
        return _CURRENCY_WORDS[(word.group(1) or word.group(2)).lower()]
    return _SYMBOLS.get(q.currency, q.currency)


def currency_of(quantities: list[Quantity]) -> str | None:
    """The currency of the first amount of money, as a symbol where it has one."""
    return next((c for q in quantities if (c := currency_symbol(q))), None)


_CURRENCY_NAMED = re.compile(r"\b(?:currency|in|all in|amounts? in|figures? in)\s*(?:is|=|:)?\s*"
                             r"(RMB|CNY|USD|EUR|GBP|JPY|yuan|dollars|euros|pounds)\b", re.I)


def currency_in(text: str, quantities: list[Quantity]) -> str | None:
    """The currency of the first amount of money, else one named on its own ("currency RMB", "all in USD")."""
    named = _CURRENCY_NAMED.search(text)
    return currency_of(quantities) or (named.group(1) if named else None)
