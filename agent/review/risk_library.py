"""The domain risk library (`data/risk_library.yaml`): which domains a proposal is in, its jurisdiction, and
the risks a reviewer must raise for them, each with why it matters and what to ask.

A domain applies when its trigger words appear in at least `MIN_HITS` of the proposal's sentences (the title
counts) and in at least `RELATIVE_HITS` as many as the best-matched domain, so a passing mention of
"engineers" does not make a hiring proposal out of a budget line. A risk the proposal already answers
(one of its `covered` cues appears) keeps the proposal's sentence as its mitigation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from pm_assistant.agent.review.sections import Reading
from pm_assistant.agent.review.vocab import CueSet

MIN_HITS = 2
RELATIVE_HITS = 0.5


@dataclass(frozen=True)
class Domain:
    """A matched domain: its id, display name, risk class and how many sentences named it."""

    id: str
    name: str
    domain_class: str
    hits: int


@dataclass(frozen=True)
class LibraryRisk:
    """A risk from the library, in the report's language, with the proposal's sentence that covers it."""

    id: str
    domain: str
    risk: str
    why: str
    ask: str
    business_risk: int
    mitigation_cost: int
    covered_by: str | None = None


@cache
def library() -> dict[str, Any]:
    """The risk library as loaded from YAML."""
    text = resources.files("pm_assistant.agent.review").joinpath("data/risk_library.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def _cues(key: str, words: tuple[str, ...]) -> CueSet:
    return CueSet.from_lists({key: list(words)})


def _count(words: list[str], texts: list[str]) -> int:
    cues = _cues("x", tuple(words))
    return sum(cues.has("x", t) for t in texts)


_NEGATION = re.compile(r"(?:\bnot|\bnever|\bno|\bwithout|n't|不|未|无|非|禁止)[^.;。；]{0,30}$", re.IGNORECASE)


def _affirmed(words: list[str], texts: list[str]) -> int:
    """How many texts name one of the words without denying it ("It does NOT score candidates" is a denial)."""
    cues = _cues("x", tuple(words))
    return sum(any(not _NEGATION.search(t[: m.start()]) for m in cues.find("x", t)) for t in texts)


def _texts(reading: Reading) -> list[str]:
    return [reading.doc.title, *(s.text for s in reading.sentences)]


def match_domains(reading: Reading) -> list[Domain]:
    """The domains the proposal is in, most-named first."""
    texts = _texts(reading)
    found = []
    for key, spec in library()["domains"].items():
        hits = _count(spec["triggers"], texts)
        if hits < MIN_HITS:
            continue
        high = spec["class"] == "high-risk" or _affirmed(spec.get("high_risk_when", []), texts) > 0
        found.append(Domain(key, spec["name"]["en"], "high-risk" if high else "standard", hits))
    found.sort(key=lambda d: -d.hits)
    return [d for d in found if d.hits >= RELATIVE_HITS * found[0].hits]


def jurisdiction(reading: Reading, lang: str) -> str:
    """'eu', 'uk', 'us' or 'cn' when the proposal's places or laws make it clear, else 'default' ('cn' for a
    Chinese proposal that names no other place)."""
    texts = _texts(reading)
    counts = {
        key: _count(spec["cues"], texts) for key, spec in library()["jurisdictions"].items() if "cues" in spec
    }
    best = max(counts, key=lambda k: counts[k])
    if counts[best] > 0:
        return best
    return "cn" if lang == "zh" else "default"


def _covering(words: list[str], reading: Reading) -> str | None:
    cues = _cues("x", tuple(words))
    return next((s.text for s in reading.sentences if cues.has("x", s.text)), None)


def _risk(spec: dict[str, Any], domain: str, lang: str, law: str, reading: Reading) -> LibraryRisk:
    return LibraryRisk(
        id=spec["id"],
        domain=domain,
        risk=spec["risk"][lang],
        why=spec["why"][lang],
        ask=spec["ask"][lang].replace("{privacy_law}", law),
        business_risk=int(spec["business_risk"]),
        mitigation_cost=int(spec["mitigation_cost"]),
        covered_by=_covering(spec.get("covered", []), reading),
    )


def domain_risks(reading: Reading, domains: list[Domain], lang: str) -> list[LibraryRisk]:
    """The library's risks for the matched domains and the general risks whose triggers appear, in the
    report's language, with the privacy law of the proposal's jurisdiction named in the questions."""
    where = jurisdiction(reading, lang)
    laws = library()["jurisdictions"]
    law = laws.get(where, laws["default"])["privacy_law"][lang]
    out: list[LibraryRisk] = []
    for domain in domains:
        spec = library()["domains"][domain.id]
        for risk in spec["risks"]:
            if "only_in" in risk and where not in risk["only_in"]:
                continue
            out.append(_risk(risk, domain.id, lang, law, reading))
    seen = {r.id for r in out}
    texts = _texts(reading)
    for risk in library()["general"]:
        if "only_in" in risk and where not in risk["only_in"]:
            continue
        if risk["id"] not in seen and _count(risk["triggers"], texts) > 0:
            out.append(_risk(risk, "general", lang, law, reading))
    return out
