"""Cues that a short message follows up the previous calculation rather than asking something new.

"what if the savings are only ¥600k?", "and if running costs are $5k a month?", "with 2 GPUs", 如果每月费用涨到6万呢
change an input (`is_what_if`); "what was my payback again?" asks for the result again (`asks_again`). What the
message changes is read by `edits` against the calculator's slots; these cues only say that it is a follow-up.
"""

from __future__ import annotations

import re

from pm_assistant.core.text.quantities import Quantity, read_quantities
from pm_assistant.core.text.tokens import tokenize

MAX_WORDS = 25
_WHAT_IF = re.compile(r"^\s*(?:(?:and|but|ok|okay|so)[\s,]+)?(?:what|how)\s+(?:if|about)\b|^\s*(?:and|but|add|plus)\b|"
                      r"^\s*(?:if|with|without|at|assuming|suppose|say|now)\b|\binstead\b|\brather\b|\bonly\b"
                      r"|如果|要是|假如|假设|那么?|改成|换成|变成|涨到|降到|提高到|降低到|增加到|减少到|只有|加上|再加|呢[？?]?\s*$",
                      re.IGNORECASE)
_AGAIN = re.compile(r"\b(?:again|remind me|earlier|previous|before|last time|recompute|re-?run|what was)\b"
                    r"|再说一(?:遍|次)|刚才|之前",
                    re.IGNORECASE)


def words(text: str) -> int:
    """Length of a message in words (a Chinese character counts as half a word)."""
    return len(text.split()) + sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") // 2


def is_what_if(question: str) -> bool:
    """A short message that changes an input of the previous calculation rather than asking something new."""
    return words(question) <= MAX_WORDS and bool(_WHAT_IF.search(question))


def asks_again(question: str) -> bool:
    """A short message asking for an earlier result again ("what was my payback again?")."""
    return words(question) <= MAX_WORDS and bool(_AGAIN.search(question)) and not read_quantities(question)


_FILLER = frozenset(tokenize("what if about and but only instead rather are were is was be say suppose assuming with "
                             "at the would will how much many then ok okay so just new our my it they"))


def _words_near(text: str, q: Quantity, chars: int = 30) -> set[str]:
    """Content words of the clause around a figure."""
    head = re.split(r"[,;.!?\n]", text[max(0, q.span[0] - chars):q.span[0]])[-1]
    tail = re.split(r"[,;.!?\n]", text[q.span[1]:q.span[1] + chars])[0]
    return set(tokenize(f"{head} {tail}")) - _FILLER


# A figure introduced as the new value of something ("get it down to 0.8%", 降到0.5%): it replaces the only earlier
# figure of its kind even when no other word ties them.
_CHANGED_TO = re.compile(r"\b(?:down|up|drops?|falls?|rises?|goes|gets?|cut|reduced?|raised?|increased?|decreased?|"
                         r"lowered?|brought|change[sd]?)\s+to\s*$|(?:降到|涨到|提高到|降低到|增加到|减少到|改成|换成|变成|降至|升至|"
                         r"提到)\s*$", re.IGNORECASE)


def revise(earlier: str, message: str) -> str:
    """For a calculator read from its question's wording (lists, labelled rates): the earlier question with each
    of the message's figures in place of the earlier figure of its kind that shares its words (or the only one of
    its kind, when nothing else is said of it or it is introduced as a new value: "down to 0.8%"); a figure that replaces nothing is added, so the message is appended."""
    olds = read_quantities(earlier)
    added, pairs = False, list[tuple[Quantity, Quantity]]()
    for new in read_quantities(message):
        words = _words_near(message, new)
        same = [o for o in olds if o.kind == new.kind and all(o is not p for p, _ in pairs)]
        shared = [o for o in same if words and words & _words_near(earlier, o)]
        sole = len(same) == 1 and (not words or _CHANGED_TO.search(message[:new.span[0]]))
        old = shared[0] if shared else same[0] if sole else None
        if old is None:
            added = True
        else:
            pairs.append((old, new))
    revised = earlier
    for old, new in sorted(pairs, key=lambda pair: -pair[0].span[0]):  # right to left keeps the spans valid
        revised = revised[:old.span[0]] + new.text + revised[old.span[1]:]
    return f"{revised.rstrip()}\n{message.strip()}" if added or not pairs else revised
