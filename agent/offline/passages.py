"""Reading retrieved passages for the offline composer: dedupe them, split them, pick the key sentences.

Everything the composer says about a framework is condensed from these passages (never invented), so the
helpers here only select, trim and reorder text that was retrieved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

# A sentence ends at . ! or ? before a capital, but not after an abbreviation ("e.g. Compute").
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bcf\.)\s+(?=[A-Z(\"“*])")
# A sentence that leans on the one before it ("Second, many …", "This means …") is not quoted on its own.
DEPENDENT = re.compile(r"^(?:(?:First|Second|Third|Fourth|Fifth|Finally|Also|However|But|And|Or|So|Thus|Then|"
                       r"Therefore|Moreover|Furthermore|Instead|Otherwise|In addition|This|These|That|Those|It|They|"
                       r"Its|Their|Here|Such)\b|第[一二三四五六七]|其次|此外|另外|因此|所以|这[个些样种]?|它|他们|同时|但|而且)")
HEADING_CHARS = 45  # a list item's first "sentence" this short is its heading ("Map the path to first value.")
LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+", re.MULTILINE)
_MIN_OVERLAP = 20  # characters a part must repeat from the end of the part before it to be joined to it
_WORD = re.compile(r"[a-z][a-z0-9-]+")
_STOP = frozenset(
    "a an and are as at be but by can do does for from how i if in into is it its me my of on or our should "
    "so that the their them then there these this to us was we what when where which who why will with you "
    "your about would could tell explain give".split()
)

Passage = dict[str, Any]


def unique_passages(passages: Iterable[Passage]) -> list[Passage]:
    """Each distinct passage once (two searches may return the same one), best score first."""
    best: dict[tuple[str, str, str], Passage] = {}
    for passage in passages:
        key = (str(passage.get("id", "")), str(passage.get("section", "")), str(passage.get("text", ""))[:200])
        if key not in best or float(passage.get("score", 0)) > float(best[key].get("score", 0)):
            best[key] = passage
    return sorted(best.values(), key=lambda p: -float(p.get("score", 0)))


def _joined(first: str, second: str) -> str | None:
    """`first` then `second` as one text when `second` opens by repeating the end of `first` (the overlap a long
    section's next part starts with); None when it does not."""
    first, second = first.rstrip(), second.strip()
    probe = second[:_MIN_OVERLAP]
    at = first.find(probe) if len(probe) == _MIN_OVERLAP else -1
    while at != -1:
        if second.startswith(first[at:]):
            return first[:at] + second
        at = first.find(probe, at + 1)
    return None


def merge_parts(passages: Iterable[Passage]) -> list[Passage]:
    """Parts of one card section (stored in parts that overlap, each retrieved by its own search) joined back
    into one passage in reading order, at the place and score of its best part; parts that do not overlap stay
    apart."""
    merged: list[Passage] = []
    for passage in passages:
        for i, kept in enumerate(merged):
            if (kept.get("id"), kept.get("section")) != (passage.get("id"), passage.get("section")):
                continue
            a, b = str(kept.get("text", "")), str(passage.get("text", ""))
            text = _joined(a, b) or _joined(b, a)
            if text is not None:
                merged[i] = {**kept, "text": text}
                break
        else:
            merged.append(dict(passage))
    return merged


def terms(text: str) -> set[str]:
    """Content words of a text, lower-cased with a crude plural strip, for overlap scoring."""
    return {w.rstrip("s") if len(w) > 3 else w for w in _WORD.findall(text.lower()) if w not in _STOP}


def clean(text: str) -> str:
    """Plain one-line text: markdown emphasis and list markers removed, whitespace collapsed."""
    text = re.sub(r"\*\*|__|`", "", LIST_ITEM.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def list_items(text: str) -> list[str]:
    """The numbered or bulleted items of a passage, each as one cleaned line (empty if none)."""
    starts = [m.start() for m in LIST_ITEM.finditer(text)]
    items = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end].split("\n\n")[0]
        items.append(clean(chunk))
    return [item for item in items if item]


def sentences(text: str) -> list[str]:
    """The passage's prose split into sentences (list items count as one sentence each)."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:\d+[.)]|[-*•])\s)", text):
        block = clean(block)
        if block:
            out.extend(s.strip() for s in _SENTENCE_END.split(block) if s.strip())
    return out


def first_sentences(text: str, limit: int = 2, max_chars: int = 320) -> str:
    """The first `limit` sentences of a text, cut at a sentence boundary within `max_chars` where possible."""
    picked: list[str] = []
    for sentence in sentences(text):
        if picked and (len(picked) >= limit or sum(map(len, picked)) + len(sentence) > max_chars):
            break
        picked.append(sentence)
    return " ".join(picked)


def lead_sentence(item: str, max_chars: int = 220) -> str:
    """A list item's first sentence, or its heading and the sentence after it when the item opens with a short
    heading ("Map the path to first value. List every download …")."""
    parts = sentences(item)
    if len(parts) >= 2 and len(parts[0]) <= HEADING_CHARS:
        return first_sentences(item, limit=2, max_chars=max_chars + len(parts[0]))
    return first_sentences(item, limit=1, max_chars=max_chars)


def key_sentences(text: str, query: str, limit: int = 2) -> list[str]:
    """The `limit` sentences sharing most content words with `query`, in their original order.

    The passage's first sentence is kept when nothing overlaps, since cards open with a definition.
    """
    every = [s for s in sentences(text) if len(s) > 20]
    candidates = [s for i, s in enumerate(every) if i == 0 or not DEPENDENT.match(s)] or every
    if not candidates:
        return []
    wanted = terms(query)
    scored = sorted(range(len(candidates)), key=lambda i: (-len(terms(candidates[i]) & wanted), i))
    chosen = sorted(scored[:limit]) if wanted & terms(text) else list(range(min(limit, len(candidates))))
    return [candidates[i] for i in chosen]


def cited(passages: Sequence[Passage]) -> str:
    """A "Sources:" line citing each passage id once, in order: `Sources: [a] [b]`."""
    ids = list(dict.fromkeys(str(p["id"]) for p in passages if p.get("id")))
    return "Sources: " + " ".join(f"[{i}]" for i in ids) if ids else ""


def by_id(passages: Iterable[Passage], card_id: str) -> list[Passage]:
    """The passages of one card, best first."""
    return [p for p in passages if p.get("id") == card_id]
