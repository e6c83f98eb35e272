"""Extractive framework answers: the units (steps, criteria, pitfalls, sentences) of the retrieved passages that
answer *this* question, led by a direct answer and cited to the card each comes from.

1. Every retrieved passage is cut into units (`knowledge.units`): list items whole, prose by sentence.
2. Each unit is scored against the question: its cosine similarity under the retrieval model, standardised
   over the candidates (so the narrow band of e5 similarities spreads out), plus the share of the question's
   topic terms it holds (shared tokenizer, weighted by rarity), plus what the card's structure says: steps for
   a how-question, the definition for a what-is question, units written for the question's audience (and a
   unit addressed to another reader, "For users, …" in an answer for the CFO, yields: `facets.yaml`
   `addressed`), and for a decision question ("X or Y", "X还是Y") the units that name an option or state a
   condition. A worked example
   is used only when asked for, a pitfall when asked for or when it answers the question directly.
3. The lead card is chosen by meaning (`choice.choose_card`): retrieval rank, how well its best units answer
   the question, and whether its audience and intent match the question's.
4. Some units are owed by the card's structure: every named part of a definition (FP1-FP7), the parts a lead
   sentence announces ("four core types"), the criteria of a decision (the card's parallel conditions,
   "Choose subscription when …" / "Choose usage-based billing when …", else the unit leaning most towards each
   option), or the best steps of a how-question. The rest are picked by maximal marginal relevance (Carbonell & Goldstein,
   1998) so near-duplicates are not both shown, most from the lead card and a strong few from others.
5. The answer: the best unit as the direct answer, the lead card's other units in the card's order (steps as
   a list), pitfalls under their own label, then the other cards' units, then `Sources:`; in the question's
   language (Chinese questions retrieve the Chinese cards, and the labels follow).
Nothing is written that a passage does not say: every line is a unit carried over whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pm_assistant.agent.offline.asking import Asking, read_question, topic_terms
from pm_assistant.agent.offline.choice import choose_card, facets, facets_of, holds
from pm_assistant.agent.offline.passages import DEPENDENT, Passage, by_id, merge_parts
from pm_assistant.core.text.lang import Lang
from pm_assistant.core.text.tokens import tokenize
from pm_assistant.knowledge.cards import HEADINGS, REQUIRED_SECTIONS
from pm_assistant.knowledge.relevance import ON_TOPIC
from pm_assistant.knowledge.units import Unit, get_unit_scorer, passage_units

Similarities = Callable[[str, Sequence[str]], "np.ndarray | None"]
MAX_UNITS = 6  # units in one answer
LEAD_CARD_UNITS = 5  # at most this many from the lead card
STEPS = 3  # a how-question gets at least this many of the lead card's steps
MIN_LEAD_UNITS = 3  # the lead card gives at least this many units, more only while they answer the question
OTHER_CARD_UNITS = 1  # and this many from each other card
OTHER_CARDS = 2
OTHER_CARD_FLOOR = 2.0  # score (standard deviations above the mean unit) another card's unit needs
STRONG_FIT = 1.5  # standardised similarity from which a pitfall answers a question that did not ask for pitfalls
MMR_LAMBDA = 0.75  # relevance against novelty when picking the next unit
_STRUCTURE = 0.8  # the bonus (in standard deviations) of a unit whose section is what the question wants
_LEXICAL = 2.0  # weight of the share of question terms a unit holds
_REASON = ("because", "since", "so that", "reason", "otherwise", "因为", "所以", "由于", "因此",
           "否则", "原因")
_CONDITION = ("when", "if", "only", "unless", "prefer", "choose", "instead", "rather", "first", "before",
              "当", "如果", "只有", "优先", "才", "选", "先")
# A line that records a decision, as decision records and meeting notes write it.
_DECISION_LINE = re.compile(r"^(?:decision|decided|outcome|conclusion|verdict|recommendation|choice)\s*[:：]|"
                            r"\bwe (?:picked|chose|selected|decided|went with|are going with|will go with|settled on|"
                            r"opted for)\b|^(?:决定|结论|结果|最终决定)\s*[:：]|我们(?:最终|最后)?(?:选了|选定|决定|选择了)",
                            re.IGNORECASE)
_ORDER = {section: i for i, section in enumerate(REQUIRED_SECTIONS)}  # the card's own order of sections
_CANONICAL = {heading.lower(): key for headings in HEADINGS.values()
              for heading, key in zip(headings, REQUIRED_SECTIONS, strict=True)}

LABELS: dict[Lang, dict[str, str]] = {
    "en": {"short": "In short", "pitfalls": "Pitfalls to avoid", "also": "Also relevant", "decide": "What decides between {a} and {b}",
           "sources": "Sources", "none": "I found nothing in the knowledge base for this. Try rephrasing with the "
           "framework's name, run `pm-assistant search \"...\"` to see what is indexed, or add your own documents "
           "with `pm-assistant ingest PATH`."},
    "zh": {"short": "简短回答", "pitfalls": "常见误区", "also": "相关内容",
           "decide": "在「{a}」和「{b}」之间怎么选", "sources": "来源",
           "none": "知识库里没有找到与此相关的内容。可以换个说法（带上框架名称），用 `pm-assistant search \"...\"` "
           "看看索引里有什么，或用 `pm-assistant ingest PATH` 加入你自己的文档。"},
}


@dataclass
class Candidate:
    """One unit of one retrieved passage, with where it comes from and its score for the question."""

    unit: Unit
    card: str
    title: str
    section: str  # canonical section ("What it is", "How to apply it", …) or the document's own label
    rank: int  # the passage's retrieval rank (0 best)
    score: float = 0.0
    fit: float = 0.0  # similarity part of the score alone (standardised), for the card choice
    options: tuple[float, ...] = ()  # for a decision question: how closely it speaks to each option (standardised)


def section_of(passage: Passage) -> str:
    """The canonical section name of a card passage (either language), else its label as written."""
    label = str(passage.get("section", ""))
    return _CANONICAL.get(label.lower(), label)


def candidates(passages: Sequence[Passage]) -> list[Candidate]:
    """Every unit of the passages (parts of one section joined first), in retrieval order, except a line that
    only repeats the title."""
    found: list[Candidate] = []
    for rank, passage in enumerate(merge_parts(passages)):
        title = " ".join(str(passage.get("title", "")).split())
        for unit in passage_units(str(passage.get("text", ""))):
            if unit.text == title:  # a document's title line repeated as its first line
                continue
            found.append(Candidate(unit, str(passage.get("id", "")), str(passage.get("title") or passage.get("id")),
                                   section_of(passage), rank))
    return found


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 1e-9 else np.zeros_like(values)


def _structure(candidate: Candidate, asking: Asking) -> float:
    """How well the unit's place in its card fits what the question wants (in standard deviations)."""
    section, unit = candidate.section, candidate.unit
    bonus = 0.0
    if section == "Pitfalls":
        bonus += 2 * _STRUCTURE if "pitfalls" in asking.wants else -_STRUCTURE
    elif section == "Worked example":
        bonus += 2 * _STRUCTURE if "example" in asking.wants else -2 * _STRUCTURE
    elif section == "How to apply it" and unit.kind == "item" and ("steps" in asking.wants or not asking.wants):
        bonus += _STRUCTURE
    elif section == "What it is" and unit.position == 0 and "definition" in asking.wants:
        bonus += 2 * _STRUCTURE
    if "why" in asking.wants and unit.kind == "sentence" and any(cue in unit.text.lower() for cue in _REASON):
        bonus += 2 * _STRUCTURE  # a sentence that gives a reason answers a why-question
    if "decided" in asking.wants and _DECISION_LINE.search(unit.text):  # the line that says what was chosen
        bonus += 5 * _STRUCTURE
    if asking.decision:
        terms = topic_terms(unit.text)
        named = sum(bool(option & terms) for option in asking.options)
        bonus += _STRUCTURE * (named + (_conditional(unit.text) and named > 0))
    return bonus


def _term_shares(wanted: frozenset[str], units: list[frozenset[str]]) -> np.ndarray:
    """The share of the question's terms each unit holds, each term weighted by its rarity among the units
    (inverse document frequency): "pick" in the one line that says what was picked counts for more than the
    document's topic words that every sentence repeats."""
    df = {t: sum(t in u for u in units) for t in wanted}
    idf = {t: float(np.log((len(units) + 1) / (n + 0.5))) for t, n in df.items() if n}
    total = sum(idf.values())
    if not total:
        return np.zeros(len(units))
    return np.array([sum(w for t, w in idf.items() if t in u) / total for u in units])


def score(question: str, asking: Asking, found: list[Candidate], similarities: Similarities | None = None) -> None:
    """Set each candidate's `fit` (meaning, standardised) and `score` (fit + term share + structure)."""
    if not found:
        return
    texts = [c.unit.text for c in found]
    sims = (similarities or get_unit_scorer().similarities)(question, texts)
    lexical = _term_shares(asking.terms, [topic_terms(t) for t in texts])
    fit = _standardised(np.asarray(sims, dtype=np.float64)) if sims is not None else _standardised(lexical)
    present = facets_of(question)
    audience = [cue for facet in present for cue in (*facet.cues, *facet.addressed)]
    others = [cue for facet in facets() if facet not in present for cue in facet.addressed] if present else []
    for candidate, f, share in zip(found, fit, lexical, strict=True):
        candidate.fit = float(f)
        terms = _terms_in_order(candidate.unit.text)
        speaks_to = any(holds(terms, cue) for cue in audience)
        elsewhere = not speaks_to and any(holds(terms, cue) for cue in others)  # addressed to another reader
        candidate.score = (float(f) + _LEXICAL * float(share) + _structure(candidate, asking)
                           + _STRUCTURE * (speaks_to - 2 * elsewhere))
    if asking.decision:
        per_option = [(similarities or get_unit_scorer().similarities)(label, texts) for label in asking.labels]
        if all(v is not None for v in per_option):
            columns = [_standardised(np.asarray(v, dtype=np.float64)) for v in per_option]
            for i, candidate in enumerate(found):
                candidate.options = tuple(float(column[i]) for column in columns)


@lru_cache(maxsize=8192)
def _terms_in_order(text: str) -> tuple[str, ...]:
    """A unit's tokenizer terms in order (cached: each is matched against every audience cue, and the cards'
    units recur across answers)."""
    return tuple(tokenize(text))


def _overlap(a: Unit, b: Unit) -> float:
    """Redundancy of two units: the Jaccard overlap of their terms."""
    x, y = topic_terms(a.text), topic_terms(b.text)
    return len(x & y) / len(x | y) if x | y else 0.0


def eligible(candidate: Candidate, asking: Asking) -> bool:
    """Whether the unit's section may answer the question: a card's worked example only when the question asks
    for one (an illustration's invented figures must not read as facts), its pitfalls when asked for or when one
    answers the question directly (they are always shown under their own label)."""
    if candidate.section == "Pitfalls":  # or a pitfall that speaks to the question directly (shown as one)
        return "pitfalls" in asking.wants or candidate.fit >= STRONG_FIT
    if candidate.section == "Worked example":
        return "example" in asking.wants
    return candidate.unit.kind == "item" or candidate.unit.position == 0 or not DEPENDENT.match(candidate.unit.text)


_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, **{str(n): n for n in range(2, 8)}}
_ENUMERATION = re.compile(r"\b(?P<en>two|three|four|five|six|seven|[2-7])\b[\w\s-]{0,24}?\b(?:types|kinds|parts|steps|"
                          r"layers|questions|characteristics|skills|ways|levers|checks|practices|pairings)\b"
                          r"|(?P<zh>[两三四五六七2-7])\s?(?:种|个|步|层|项|类|部分|大)", re.IGNORECASE)


def named_parts(found: list[Candidate], lead: str, asking: Asking) -> list[Candidate]:
    """The parts a lead card defines itself by, since an answer that drops some is wrong: for a what-is
    question every item of its "What it is" (the seven failure points, the four layers); and whenever the
    card's best prose sentence announces a number of parts ("four core types", "分四种核心题型"), the sentences
    that follow it in its passage, up to that number."""
    own = [c for c in found if c.card == lead]
    items = list({c.unit.text: c for c in own if c.section == "What it is" and c.unit.kind == "item"}.values())
    if "definition" in asking.wants and len(items) >= 3:
        return items
    prose = [c for c in own if c.unit.kind == "sentence" and eligible(c, asking)]
    top = max(prose, key=lambda c: c.score, default=None)
    match = _ENUMERATION.search(top.unit.text) if top else None
    if top is None or match is None or re.search(r"[:;：；]", top.unit.text[match.end():]):
        return []  # no announcement, or the sentence lists the parts itself
    count = _COUNT[(match.group("en") or match.group("zh")).lower()]
    following = [c for c in own if c.rank == top.rank and c.unit.position > top.unit.position]
    return [top, *following[:count]]


def _opening(text: str) -> str:
    """How a unit opens: its first word, or its first two characters in Chinese (parallel criteria share it)."""
    word = re.match(r"[A-Za-z]+", text)
    return word.group(0).lower() if word else text[:2]


def parallel_criteria(found: list[Candidate], lead: str, asking: Asking) -> list[Candidate]:
    """For a decision question, the lead card's own criteria when it writes them in parallel: two or more of its
    conditions that open alike ("Choose subscription when …", "Choose usage-based billing when …", "如果…"),
    the group the question fits best, in the card's order. The card's whole comparison decides between the
    options better than the one sentence that happens to share an option's words."""
    conditions = list({c.unit.text: c for c in found if c.card == lead and eligible(c, asking)
                       and c.section == "How to apply it" and _conditional(c.unit.text)}.values())
    groups: dict[str, list[Candidate]] = {}
    for candidate in conditions:
        groups.setdefault(_opening(candidate.unit.text), []).append(candidate)
    parallel = [group for group in groups.values() if len(group) >= 2]
    if not parallel:
        return []
    best = max(parallel, key=lambda group: sum(c.score for c in group) / len(group))
    return sorted(best, key=lambda c: (c.rank, c.unit.position))[:STEPS]


def criteria(found: list[Candidate], lead: str, asking: Asking) -> list[Candidate]:
    """For a decision question, the lead card's unit that leans most towards each option (more than towards the
    other), preferring one that states a condition ("choose X when …"): what decides between them; the card's
    parallel criteria when it writes them so (`parallel_criteria`)."""
    if not asking.decision:
        return []
    parallel = parallel_criteria(found, lead, asking)
    if parallel:
        return parallel
    chosen: list[Candidate] = []
    for i in range(len(asking.options)):
        pool = [c for c in found if c.card == lead and c.options and eligible(c, asking) and c not in chosen]
        if not pool:
            return chosen
        def leaning(c: Candidate, i: int = i) -> float:
            """How much more the unit speaks to option i than to the other one."""
            return c.options[i] - max(v for j, v in enumerate(c.options) if j != i)

        best = max(pool, key=lambda c: leaning(c) + _STRUCTURE * _conditional(c.unit.text))
        if best.options[i] > 1.0 and leaning(best) > 0:
            chosen.append(best)
    return chosen


def _conditional(text: str) -> bool:
    lowered = text.lower()
    return any(cue in lowered for cue in _CONDITION)


def method_steps(found: list[Candidate], lead: str, asking: Asking) -> list[Candidate]:
    """For a how-question, the lead card's method is the answer: its `STEPS` best-scoring steps."""
    if "steps" not in asking.wants:
        return []
    steps = list({c.unit.text: c for c in found
                  if c.card == lead and c.section == "How to apply it" and c.unit.kind == "item"}.values())
    return sorted(steps, key=lambda c: -c.score)[:STEPS] if len(steps) >= 2 else []


def pick(found: list[Candidate], lead: str, asking: Asking) -> list[Candidate]:
    """Units by maximal marginal relevance: up to `LEAD_CARD_UNITS` from the lead card and `OTHER_CARD_UNITS`
    from each of `OTHER_CARDS` others, `MAX_UNITS` in all (a definition's named parts come on top)."""
    parts = named_parts(found, lead, asking) or criteria(found, lead, asking) or method_steps(found, lead, asking)
    chosen: list[Candidate] = []
    per_card: dict[str, int] = {}
    pool = [c for c in found if eligible(c, asking) and c not in parts]
    while pool and len(chosen) < MAX_UNITS - (LEAD_CARD_UNITS - 2 if parts else 0):
        def value(c: Candidate) -> float:
            redundancy = max((_overlap(c.unit, s.unit) for s in chosen), default=0.0)
            return MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * 3 * redundancy

        best = max(pool, key=value)
        pool.remove(best)
        cap = LEAD_CARD_UNITS if best.card == lead else OTHER_CARD_UNITS
        others = {card for card in per_card if card != lead}
        if per_card.get(best.card, 0) >= cap or (best.card != lead and best.card not in others
                                                 and len(others) >= OTHER_CARDS):
            continue
        if best.card != lead and best.score < OTHER_CARD_FLOOR:  # another card's unit must answer it well
            continue
        if best.card == lead and best.score < 0.0 and per_card.get(lead, 0) >= MIN_LEAD_UNITS:
            continue
        chosen.append(best)
        per_card[best.card] = per_card.get(best.card, 0) + 1
    return [*parts, *chosen]


def render(asking: Asking, lead: str, chosen: list[Candidate]) -> str:
    """The answer's markdown: the direct answer, the lead card's units in card order, others, sources."""
    labels = LABELS[asking.lang]
    own = [c for c in chosen if c.card == lead]
    prose = [c for c in own if not (c.section == "What it is" and c.unit.kind == "item")]
    decided = [c for c in own if "decided" in asking.wants and _DECISION_LINE.search(c.unit.text)]
    top = max(decided or prose or own, key=lambda c: c.score) if own else None  # what was chosen answers first
    title = own[0].title if own else lead
    lines: list[str] = []
    if top is not None:
        lines += [f"**{labels['short']}:** {top.unit.text} [{lead}]", ""]
    rest = sorted((c for c in own if c is not top), key=lambda c: (_ORDER.get(c.section, len(_ORDER)), c.rank,
                                                                    c.unit.position))
    advice = [c for c in rest if c.section != "Pitfalls"]
    pitfalls = [c for c in rest if c.section == "Pitfalls"]
    if advice:
        heading = (labels["decide"].format(a=asking.labels[0], b=asking.labels[1]) if asking.decision
                   else title)
        lines.append(f"**{heading}** [{lead}]")
        lines += [f"- {c.unit.text}" for c in advice]
        lines.append("")
    if pitfalls:
        lines.append(f"**{labels['pitfalls']}:**")
        lines += [f"- {c.unit.text}" for c in pitfalls]
        lines.append("")
    others = [c for c in chosen if c.card != lead]
    if others:
        lines.append(f"**{labels['also']}:**")
        lines += [f"- **{c.title}**: {c.unit.text} [{c.card}]" for c in others]
        lines.append("")
    cards = list(dict.fromkeys([lead, *(c.card for c in others)]))
    lines.append(f"{labels['sources']}: " + " ".join(f"[{card}]" for card in cards))
    return "\n".join(lines).strip()


def on_topic(passages: Sequence[Passage]) -> bool:
    """Whether any passage is clearly relevant to the question (calibrated relevance, `knowledge.relevance`)."""
    return any(float(p.get("relevance") or 0.0) >= ON_TOPIC for p in passages)


@dataclass
class Reading:
    """A framework question read against its passages: what it asks, the scored units, and the card that leads."""

    asking: Asking
    found: list[Candidate]
    lead: str | None


def read_passages(question: str, passages: Sequence[Passage], similarities: Similarities | None = None,
                  prefer: str | None = None, topic: str | None = None) -> Reading:
    """Score the passages' units for the question and choose the lead card (`prefer`: a calculator's card, which
    leads when retrieved; `topic`: the card a follow-up continues)."""
    asking = read_question(question)
    found = candidates(passages)
    if not found:
        return Reading(asking, found, None)
    score(question, asking, found, similarities)
    fits: dict[str, list[float]] = {}
    for candidate in found:
        fits.setdefault(candidate.card, []).append(candidate.fit)
    # a card leads only with a unit it may quote (a card retrieved by its worked example alone has none)
    quotable = {c.card for c in found if eligible(c, asking)}
    choosable = [p for p in passages if p.get("id") in quotable] or passages
    lead = prefer if prefer and by_id(passages, prefer) else choose_card(question, choosable, fits, topic)
    return Reading(asking, found, lead)


def missing_method(reading: Reading) -> bool:
    """Whether the question wants steps and the lead card is a framework card whose method ("How to apply it")
    was not among the passages: then it should be fetched before answering."""
    if reading.lead is None or "steps" not in reading.asking.wants or reading.lead.startswith("user:"):
        return False
    return not any(c.card == reading.lead and c.section == "How to apply it" for c in reading.found)


def extractive_answer(question: str, passages: Sequence[Passage], similarities: Similarities | None = None,
                      prefer: str | None = None, topic: str | None = None) -> str:
    """The extractive answer to a framework question from its retrieved passages (see the module doc); `prefer`
    names a card that leads when it was retrieved (the card of a calculator's method), `topic` the card a
    follow-up continues (it leads unless another answers the message clearly better)."""
    reading = read_passages(question, passages, similarities, prefer, topic)
    if reading.lead is None:
        return LABELS[reading.asking.lang]["none"]
    return render(reading.asking, reading.lead, pick(reading.found, reading.lead, reading.asking))
