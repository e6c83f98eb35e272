"""Shared pieces for reading calculator inputs out of a question: the result type and context helpers.

A figure's role ("investment", "price per 1,000 tokens", "true positives") is decided by the words right
next to it, so every reader looks at the clause before and after each `Quantity`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pm_assistant.agent.offline.numbers import Quantity

Args = dict[str, Any]


@dataclass(frozen=True)
class Extraction:
    """The arguments read for one calculator and, in plain words, the inputs still missing."""

    tool: str
    args: Args
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

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


def currency_of(quantities: list[Quantity]) -> str | None:
    """The currency of the first amount of money, as the user wrote it."""
    return next((q.currency for q in quantities if q.currency), None)


_CURRENCY_NAMED = re.compile(r"\b(?:currency|in|all in|amounts? in|figures? in)\s*(?:is|=|:)?\s*"
                             r"(RMB|CNY|USD|EUR|GBP|JPY|yuan|dollars|euros|pounds)\b", re.I)


def currency_in(text: str, quantities: list[Quantity]) -> str | None:
    """The currency of the first amount of money, else one named on its own ("currency RMB", "all in USD")."""
    named = _CURRENCY_NAMED.search(text)
    return currency_of(quantities) or (named.group(1) if named else None)


def period_of(text: str, q: Quantity) -> str | None:
    """The period of an amount: on the figure itself ("¥1.5M a year") or just after ("¥1.5M in savings a year")."""
    if q.period:
        return q.period
    tail = re.split(r"[,，]", after(text, q, 40))[0]  # "800k, annual savings 1.5M": "annual" is the next clause's
    match = re.search(r"\b(?:a|per|each|every|/)\s?(year|month)\b|\b(annual(?:ly)?|yearly|monthly)\b"
                      r"|^\s*(?:/|每|一)(年|月)", tail)
    if match is None:  # "annual savings of ¥1.5M"; "每年节省150万元" (the period leads in Chinese)
        match = re.search(r"\b(annual|yearly|monthly)\b|(?:每|一|/)(年|月)[^，,。;；\d]{0,6}$", before(text, q, 25))
    word = next((g for g in match.groups() if g), "") if match else ""
    return "month" if word.startswith(("month", "月")) else "year" if word else None
