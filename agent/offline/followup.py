"""What-if follow-ups: re-run the previous calculation with an input changed or added.

After a calculator answer, a short message such as "what if the savings are only ¥600k?", "and if running
costs are $5k a month?", "with a 2 s latency limit?" or "what about 0.5%?" changes one input. `revise()`
rewrites the earlier question with it: a new figure takes the place of the earlier figure that has the same
words around it (or the only earlier figure of its kind), keeping the earlier figure's period ("¥1.5M a year"
→ "¥600k a year"; "savings", "save" and "benefit" count as the same words); a figure that replaces nothing is
an added input, so the message is appended. A new usage factor ("what if it's 5x instead?") takes the place of
the earlier one; a factor on an input ("and if the investment doubles?") is not applied here: the planner asks
for the new figure (`scaled_input`). The calculator's own reader then reads the revised question, so no
argument is computed here either.
"""

from __future__ import annotations

import re

from pm_assistant.agent.offline.numbers import Quantity, factor_in, find_quantities
from pm_assistant.agent.offline.passages import terms

MAX_WORDS = 25
_WHAT_IF = re.compile(r"^\s*(?:(?:and|but|ok|okay|so)[\s,]+)?(?:what|how)\s+(?:if|about)\b|^\s*(?:and|but)\b|"
                      r"^\s*(?:if|with|without|at|assuming|suppose|say)\b|\binstead\b|\brather\b|\bonly\b",
                      re.IGNORECASE)
_AGAIN = re.compile(r"\b(?:again|remind me|earlier|previous|before|last time|recompute|re-?run|what was)\b",
                    re.IGNORECASE)
# Words that ask the question rather than name the input ("what if the savings are only …").
_FILLER = terms("what if about and but only instead rather are were is was be say suppose assuming with at the "
                "would will how much many then ok okay so just drop fall rise goes go went up down change "
                "changes changed new our my it they higher lower more less bigger larger smaller times")
_NUMBER_CORE = re.compile(r"^(?:[¥￥$€£]|RMB|CNY|USD|EUR|GBP)?\s?[\d,.]+\s?(?:k|K|mn|m|M|bn|b|B|thousand|million|"
                          r"billion|千|万|亿)?(?![A-Za-z])\s?(?:%|percent|s\b|ms\b|sec\w*|seconds?)?")


def is_what_if(question: str) -> bool:
    """A short message that changes an input of the previous calculation rather than asking something new."""
    return len(question.split()) <= MAX_WORDS and bool(_WHAT_IF.search(question))


def asks_again(question: str) -> bool:
    """A short message asking for an earlier result again ("what was my payback again?")."""
    return len(question.split()) <= MAX_WORDS and bool(_AGAIN.search(question)) and not find_quantities(question)


def _context(text: str, q: Quantity, chars: int = 30) -> set[str]:
    """Content words of the clause around a figure (not crossing into another figure's clause)."""
    head = re.split(r"[,;.!?\n]|\d", text[max(0, q.span[0] - chars):q.span[0]])[-1]
    tail = re.split(r"[,;.!?\n]|[¥$€£]?\d", text[q.span[1]:q.span[1] + chars])[0]
    return terms(f"{head} {tail}") - _FILLER


# Words that name the same input in different forms ("savings" / "save" / "benefit"): a word starting with a
# stem also counts as its concept.
_CONCEPTS = {"benefit": ("sav", "benefit", "gain", "revenue", "profit", "earn"),
             "cost": ("cost", "spend", "spent", "bill", "expens"),
             "investment": ("invest", "upfront", "up-front", "capex")}


def _concepts(words: set[str]) -> set[str]:
    """The words with the concepts they name added ("savings" → also "benefit")."""
    return words | {name for word in words for name, stems in _CONCEPTS.items() if word.startswith(stems)}


def _named(message: str, factor: re.Match[str]) -> str:
    """The words of a what-if that name the input it scales ("and if the investment doubles?" → "investment")."""
    rest = message[:factor.start()] + " " + message[factor.end():]
    return " ".join(w for w in re.findall(r"[A-Za-z][\w-]*", rest) if terms(w) - _FILLER - _USAGE)


_USAGE = terms("usage use traffic volume load requests calls demand")


def scaled_input(earlier: str, message: str) -> str | None:
    """The earlier input a what-if scales by a factor ("and if the investment doubles?" → "investment"): the
    calculators take no factor on their inputs (only on usage), so the new figure must be asked for."""
    factor = factor_in(message)
    if factor is None or any(q.kind in ("money", "percent") for q in find_quantities(message)):
        return None
    name = _named(message, factor)
    words = _concepts(terms(name))
    if words and any(words & _concepts(_context(earlier, old)) for old in find_quantities(earlier)):
        return name
    return None


def _core(q: Quantity) -> str:
    """The figure as written without its period ("¥1.5M a year" → "¥1.5M")."""
    match = _NUMBER_CORE.match(q.raw)
    return match.group(0).rstrip() if match else q.raw


def _target(earlier: str, olds: list[Quantity], new: Quantity, message: str) -> Quantity | None:
    """The earlier figure a new one replaces: the one sharing words with it, else the only one of its kind."""
    words = _concepts(_context(message, new))
    if words:
        scored = [(len(words & _concepts(_context(earlier, old))), i) for i, old in enumerate(olds) if old.kind == new.kind
                  or {old.kind, new.kind} <= {"money", "number"}]
        best = max(scored, default=(0, -1))
        return olds[best[1]] if best[0] > 0 else None
    same = [old for old in olds if old.kind == new.kind]
    return same[0] if len(same) == 1 else None


def revise(earlier: str, message: str) -> str:
    """The earlier question with the message's figures put in place of the ones they change (or appended)."""
    factor, before = factor_in(message), factor_in(earlier)
    if factor and before and not _named(message, factor):  # "what if it's 5x instead?" after "usage triples"
        return earlier[:before.start()] + factor.group(0) + earlier[before.end():]
    olds = find_quantities(earlier)
    revised = earlier
    added = False
    replaced: list[tuple[Quantity, str]] = []
    for new in find_quantities(message):
        old = _target(earlier, olds, new, message)
        if old is None or any(old is r for r, _ in replaced):
            added = True
            continue
        replaced.append((old, _core(new)))
    for old, text in sorted(replaced, key=lambda r: -r[0].span[0]):  # right to left keeps the spans valid
        start = old.span[0]
        revised = revised[:start] + text + revised[start + len(_core(old)):]
    if added or not replaced:
        revised = f"{revised.rstrip()}\n{message.strip()}"
    return revised
