"""Contradictions without an LLM: align each answer claim with its best context clause, then compare polarity
and figures.

Alignment: the context clause holding the largest share of the claim's content tokens (ties: the clause with
fewer other tokens). A claim contradicts its clause when they are about the same thing (at least
`ALIGN_MIN` of the claim's tokens and `SHARED_MIN` tokens in common) and

- polarity: one states it and the other denies it — their counts of negation and antonym cues differ in parity
  ("not permitted" / "you can bring"; 不享受 / 享受; "prohibited" / "allowed"), or
- quantity: a figure of the claim is found nowhere in the sources, while the clause states the same measure with
  another value ("30 days" / "60 days"; 198元 / 两百九十八元), or
- superseded figure: the claim's figure is one the clause marks as the old value ("$14, up from $12";
  由每月3500元调整为每月5000元) while the clause states the current one.

Embedding similarity cannot see these (it scores "within 30 days" against "within 14 days" at 0.97); this does.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pm_assistant.agent.diagnose.cues import EXCLUSIONS, OLD_MARKERS, OPPOSITE_QUALIFIERS, PERMISSION, alternation
from pm_assistant.agent.diagnose.figures import (
    comparable,
    figures,
    found_in,
    same_value,
    text_values,
    words_beside_figures,
)
from pm_assistant.agent.diagnose.text import (
    TEXT_CACHE,
    cue_family,
    has_any,
    language,
    negation_scopes,
    sentences,
    strip_answer_particle,
    talks_of_cost,
    token_set,
)
from pm_assistant.core.text.quantities import Quantity
from pm_assistant.core.text.sentences import split_clauses

ALIGN_MIN = 0.5
UNIT_WORDS_MIN = 2  # a one-word heading is no statement to contradict
ALIGN_MIN_CJK = 0.4  # a Chinese claim's tokens are characters and bigrams: paraphrase keeps fewer of the bigrams
_PIECE_BREAK = re.compile(r"\s*(?:[,，;；]|\s[-–—]\s|——)\s*")
_QUALIFIER = re.compile(r"(?:without|with|for|if|unless|except|when|in|on|at|by|under|over)\b", re.IGNORECASE)
"""A piece that starts like this qualifies the statement around it ("Without Lumen Plus, …"): not a claim alone."""
_CONDITION = re.compile(r"\b(?:until|unless|before|after|as long as|provided|once|if)\b|直到|之前|以前|之后|除非|只要|如果|一旦",
                        re.IGNORECASE)
_EXCEPTION = re.compile(rf"(?<![A-Za-z])(?:{alternation(EXCLUSIONS)})(?![A-Za-z])", re.IGNORECASE)
"""An exception a clause carves out ("not permitted, except by prior arrangement"): a claim about it is the
clause's other side."""
_EXCEPTED_BEFORE = re.compile(r"(?:^|[（(，,、：:；;。])(?P<what>[^（(，,、：:；;。）)]{1,16}?)除外|除了?(?P<what2>[^，,。；;]{1,16}?)以?外")
"""A Chinese exception written before its cue: "（导盲犬等服务犬除外）", "除导盲犬外"."""
CONDITION_CHARS = 40  # what a condition covers after its cue; an exception runs to the end of its clause
SHARED_MIN = 2
SHARED_MIN_CJK = 4  # CJK tokens are characters and bigrams: one word gives about three
QUANTITY_ALIGN_MIN = 0.25
MISPLACED_WORDS_MIN = 3  # words a claim must share with a clause before its figure is judged misplaced
MISPLACED_MARGIN = 2  # the claim's clause must share at least twice the words of the clause holding its figure
NEAR_CHARS = 24
_ENUMERATION = re.compile("、")
_LISTED_STATE = re.compile(r"[不没未无][\u4e00-\u9fff]{1,3}")
"""A short negated item of an enumeration (没精神, 不吃东西, 无发热): a state, up to four characters with its cue."""
_OLD_BEFORE = re.compile(rf"(?:{alternation(OLD_MARKERS)})\s*(?:is|was|of|at|per \w+|为|是|每.)?\s*$", re.I)


@dataclass(frozen=True)
class Conflict:
    """A claim that contradicts the context clause it aligns with."""

    kind: str  # "polarity", "quantity" or "superseded"
    claim: str
    context: str
    said: str  # the claim's figure or statement, as written
    context_says: str  # the clause's figure or statement, as written
    key: str  # normalised, so the same wrong fact can be matched across samples

    def describe(self) -> str:
        """One sentence for a finding."""
        if self.kind == "polarity":
            return f"'{_clip(self.claim)}' contradicts the context: '{_clip(self.context)}'"
        if self.kind == "superseded":
            return (f"the response gives '{self.said}', which the context marks as the old value; it now says "
                    f"'{self.context_says}'")
        return f"the response says '{self.said}' where the context says '{self.context_says}' ('{_clip(self.context)}')"


@lru_cache(maxsize=TEXT_CACHE)
def clauses(text: str) -> tuple[str, ...]:
    """The clauses of a text's sentences (the units polarity is compared on)."""
    return tuple(dict.fromkeys(c.text for sentence in sentences(text) for c in split_clauses(sentence)))


@lru_cache(maxsize=TEXT_CACHE)
def units(text: str) -> tuple[str, ...]:
    """Clauses, then the sentences that hold several (a figure's subject may sit in another clause)."""
    whole = [s for s in sentences(text) if len(split_clauses(s)) > 1]
    return tuple(dict.fromkeys([*clauses(text), *whole]))


def align(claim: str, units: Sequence[str]) -> tuple[str, float, int] | None:
    """The unit that best covers the claim's tokens: (unit, share of claim tokens in it, tokens shared). A figure
    the two share counts as two shared tokens: "费用是100元" belongs with "补卡收费100元", not with another fee."""
    mine = token_set(claim)
    values = text_values(claim)
    if not mine or not units:
        return None
    best: tuple[float, float, str, int] | None = None
    for unit in units:
        theirs = token_set(unit)
        shared = len(mine & theirs) + (2 * len(values & text_values(unit)) if values else 0)
        if not shared:
            continue
        score = (min(1.0, shared / len(mine)), shared / (len(theirs) + 1))
        if best is None or score > best[:2]:
            best = (*score, unit, shared)
    return None if best is None else (best[2], best[0], best[3])


def find_conflicts(claim: str, contexts: Sequence[str], sources: frozenset[float],
                   literals: frozenset[str] = frozenset()) -> list[Conflict]:
    """Contradictions between one claim and the contexts; `sources` are the values of every source text's figures
    (`figures.value_set`), `literals` the digit strings the reader took for no figure ("25kg" in the question)."""
    found: list[Conflict] = []
    if negation_scopes(claim) or any(negation_scopes(text) for text in contexts):  # else polarity cannot differ
        parts = [unit for text in contexts for unit in units(text)]
        for piece in _pieces(claim):
            if conflict := _polarity_conflict(claim, piece, parts):
                found.append(conflict)
                break
    said_figures = figures(claim)
    if not said_figures:
        return found
    dated = any(_has_old_marker(text) for text in contexts)
    stated = [q for q in said_figures if found_in(q, sources) or f"{q.value:g}" in literals]
    checked = [q for q in said_figures if dated or q not in stated]  # a found figure can only be stale or misplaced
    wider = [unit for text in contexts for unit in units(text)]
    found += [c for said in checked if (c := _figure_conflict(claim, said, wider, sources))]
    if not found:
        found += [c for said in stated if (c := _misplaced(claim, said, wider))][:1]
    return found


@lru_cache(maxsize=TEXT_CACHE)
def _has_old_marker(text: str) -> bool:
    return bool(has_any(text, OLD_MARKERS))


def _pieces(claim: str) -> list[str]:
    """What to compare: the pieces of the claim between commas and dashes that say something, or the whole claim
    when it has fewer than two (a compound claim is judged piece by piece: its pieces may draw on different
    context clauses, "Light has no checked bag - you get a cabin bag")."""
    statement = strip_answer_particle(claim)
    pieces = [p for p in _PIECE_BREAK.split(statement) if len(token_set(p)) >= 2 and not _QUALIFIER.match(p)]
    return list(dict.fromkeys(pieces)) if len(pieces) >= 2 else [statement]


def _polarity_conflict(claim: str, piece: str, parts: Sequence[str]) -> Conflict | None:
    """A polarity conflict between one piece of a claim and its aligned context clause, or None."""
    aligned = align(piece, [p for p in parts if _word_size(p) >= UNIT_WORDS_MIN])
    zh = language(piece) == "zh"
    shared_min = min(SHARED_MIN_CJK if zh else SHARED_MIN, -(-len(token_set(piece)) // 2))
    if not aligned or aligned[1] < (ALIGN_MIN_CJK if zh else ALIGN_MIN) or aligned[2] < shared_min:
        return None
    unit = aligned[0]
    if denials(piece, unit) % 2 == denials(unit, piece) % 2 or _mixed(piece, parts, unit):
        return None
    if _complement(piece, unit):
        return None
    return Conflict("polarity", claim, unit, piece, unit, f"polarity: {piece.lower()}")


def _word_size(text: str) -> int:
    return words_in(token_set(text))


def words_in(found: Collection[str]) -> int:
    """Words among tokens: one per Latin token, one per two CJK characters (bigrams are not counted)."""
    return sum(t.isascii() for t in found) + sum(not t.isascii() and len(t) == 1 for t in found) // 2


def _complement(piece: str, unit: str) -> bool:
    """Whether the piece speaks of the other side of a condition or threshold the clause sets ("can be changed
    until check-in closes" / "after check-in you can't change it"; "applies unless you keep $1,500" / "keep $1,500
    and it is waived"; "required for flights under six hours" / "not required for longer flights"): that is the
    complement of the clause, not a contradiction."""
    for low, high in OPPOSITE_QUALIFIERS:
        if (has_any(unit, low) and has_any(piece, high)) or (has_any(unit, high) and has_any(piece, low)):
            return True
    for match, reach in ((_CONDITION.search(unit), CONDITION_CHARS), (_EXCEPTION.search(unit), len(unit))):
        if match:
            condition = token_set(unit[match.end(): match.end() + reach]) - token_set(unit[: match.start()])
            if condition & token_set(piece):
                return True
    for match in _EXCEPTED_BEFORE.finditer(unit):  # 导盲犬等服务犬除外 / 除导盲犬外: the exception comes first
        if _shares_word(token_set(match.group("what") or match.group("what2")), token_set(piece)):
            return True
    return False


def _shares_word(mine: frozenset[str], theirs: frozenset[str]) -> bool:
    """A shared word: an English word or a Chinese bigram."""
    return any(len(token) > 1 for token in mine & theirs)


def denials(text: str, other: str) -> int:
    """The negations of `text` that deny something `other` talks about: a word of the negation's scope occurs in
    `other`, or both speak of permission ("not permitted" against "you can"). A negation of something the other
    side never mentions ("…7天未送达…" against "超时7天视为丢失") is a condition, not a contradiction."""
    text = without_listed_states(text)
    theirs = token_set(other)
    permits = bool(has_any(other, PERMISSION))
    mine = {cue_family(s) for s in negation_scopes(text)}
    both = mine & {cue_family(s) for s in negation_scopes(other)}
    cues = set()
    for scope in negation_scopes(text):
        family = cue_family(scope)
        if family in both or (family == "except" and "deny" in mine):
            continue  # both sides deny in this family ("free" / "at no cost"), or an exception qualifies a denial
        if family == "free" and not talks_of_cost(other):
            continue  # "replaced free of charge" says nothing against "the card arrives in 3-5 days"
        shared = [t for t in token_set(scope) & theirs if len(t) > 1 or not t.isascii()]
        cjk_chars = [t for t in shared if len(t) == 1]
        if _head_missing(scope, theirs):
            continue  # 无门槛红包 denies a threshold, not the red packet the other side speaks of
        if len(shared) > len(cjk_chars) or len(cjk_chars) >= 2 or (permits and has_any(scope, PERMISSION)):
            cues.add(scope.split(" ", 1)[0].lower())
    return len(cues)  # distinct cues: "free express delivery, free returns" denies once


@lru_cache(maxsize=TEXT_CACHE)
def without_listed_states(text: str) -> str:
    """The text without the short negated items of a Chinese enumeration after its first ("出现抽搐、没精神、不吃东西"):
    such an item names a state in a list (没精神 = 精神萎靡), it denies nothing the list's statement says."""
    items = _ENUMERATION.split(text)
    if len(items) < 2:
        return text
    kept = [items[0], *(item for item in items[1:] if not _LISTED_STATE.fullmatch(item))]
    return "、".join(kept)


def _head_missing(scope: str, theirs: frozenset[str]) -> bool:
    """Whether a 无 ("without") builds a modifier of a word the other side lacks: 无门槛红包 is a red packet with no
    minimum spend, and says nothing against a red packet whose threshold the other side never mentions. (Other
    cues deny a verb, often a modal one, 不需要, 不予支付: their scope is judged as a whole.)"""
    cue, _, rest = scope.partition(" ")
    head = rest.strip()[:2]
    if cue != "无" or len(head) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in head):
        return False
    return head not in theirs


def _mixed(claim: str, units: Sequence[str], unit: str) -> bool:
    """True when another clause covers the claim as well and agrees with it (the contexts say both)."""
    mine = token_set(claim)
    best = len(mine & token_set(unit))
    return any(
        other != unit and len(mine & token_set(other)) >= best
        and denials(claim, other) % 2 == denials(other, claim) % 2
        for other in units
    )


def _figure_conflict(claim: str, said: Quantity, units: Sequence[str], sources: frozenset[float]) -> Conflict | None:
    """A superseded-figure or quantity conflict for one figure of the claim, or None."""
    mine = token_set(claim)
    candidates = []
    several = sum(comparable(claim, q, claim, said) for q in figures(claim)) > 1
    for unit in units:
        same_measure = [q for q in figures(unit) if comparable(unit, q, claim, said)]
        if not same_measure:
            continue
        overlap = len(mine & token_set(unit)) / max(1, len(mine))
        old = [q for q in same_measure if same_value(said, q) and _marked_old(unit, q)]
        current = [q for q in same_measure if not _marked_old(unit, q) and not same_value(said, q)]
        if old and current and overlap >= QUANTITY_ALIGN_MIN:
            return Conflict("superseded", claim, unit, said.text, current[0].text, f"{_norm(said)} vs {_norm(current[0])}")
        if several or len(same_measure) > 1:  # which figure answers which? the words around them tell
            same_measure = [q for q in same_measure if _near(unit, q) & _near(claim, said)]
        if same_measure:
            candidates.append((overlap, unit, same_measure))
    if not candidates or found_in(said, sources):
        return None
    overlap, unit, same_measure = max(candidates, key=lambda c: c[0])
    if overlap < QUANTITY_ALIGN_MIN or any(same_value(said, q) for q in same_measure):
        return None
    other = same_measure[0]
    return Conflict("quantity", claim, unit, said.text, other.text, f"{_norm(said)} vs {_norm(other)}")


def _misplaced(claim: str, said: Quantity, units: Sequence[str]) -> Conflict | None:
    """A figure the contexts state about something else: the claim's words (its figures aside) clearly belong to
    one clause, which states the same measure with another value, while the clause that holds the figure shares
    far fewer of them ("annual billing saves 25%" where annual billing gets 15% and non-profits 25%)."""
    words = frozenset(words_beside_figures(claim))
    if words_in(words) < MISPLACED_WORDS_MIN:
        return None
    scored = sorted(((words_in(words & frozenset(words_beside_figures(u))), u) for u in units),
                    key=lambda pair: -pair[0])
    if not scored or scored[0][0] < MISPLACED_WORDS_MIN:
        return None
    best_shared, best = scored[0]
    if any(same_value(said, q) for q in figures(best)):
        return None
    other = [q for q in figures(best) if comparable(best, q, claim, said) and q.kind == said.kind]
    holders = [shared for shared, u in scored if any(same_value(said, q) for q in figures(u))]
    if len(other) != 1 or not holders or max(holders) * MISPLACED_MARGIN > best_shared:
        return None
    return Conflict("quantity", claim, best, said.text, other[0].text, f"{_norm(said)} vs {_norm(other[0])}")


def _near(text: str, quantity: Quantity) -> frozenset[str]:
    """The content tokens written just before and after a figure (what it is a figure of)."""
    start, end = quantity.span
    return token_set(text[max(0, start - NEAR_CHARS): start] + " " + text[end: end + NEAR_CHARS])


def _marked_old(text: str, quantity: Quantity) -> bool:
    """Whether the words just before a figure mark it as the superseded value ("up from $12", 由每月3500元)."""
    return bool(_OLD_BEFORE.search(text[max(0, quantity.span[0] - 16): quantity.span[0]]))


def _norm(quantity: Quantity) -> str:
    unit = quantity.unit or quantity.currency or quantity.kind
    return f"{quantity.value:g} {unit}"


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
