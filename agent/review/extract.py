"""What a proposal says: its title, the eight fields of a proposal, and the figures the calculators need.

Every extracted field keeps the sentence it came from, so the review can quote it. A field comes from the
section whose heading names it ("## Budget"), else from the first sentence with the field's cue words; it
is None when the text never states it. Figures are read with `agent.offline.numbers.find_quantities` and
never guessed: an amount without a period is not taken as annual, per-day volumes are not scaled to months.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pm_assistant.agent.offline.numbers import Quantity, find_quantities
from pm_assistant.agent.review.stated_risks import StatedRisk, stated_risks
from pm_assistant.agent.review.text import Section, Sentence, split_document

FIELDS = ("problem", "users", "solution", "data", "targets", "timeline", "budget", "benefit")

# Headings that name a field or a section the review reads (checked in this order; first match wins).
_HEADINGS: dict[str, str] = {
    "running_cost": r"running|operating|run cost|opex|inference cost|monthly cost",
    "poc": r"\bpoc\b|proof[- ]of[- ]concept|\bpilot\b|experiment",
    "risks": r"\brisks?\b|concerns|threats",
    "alternatives": r"alternative|options considered|comparison|build vs|make or buy",
    "load": r"\bload\b|\bpeak|scal(e|ing|ability)|traffic|capacity|performance",
    "limits": r"bottleneck|limit(s|ations)|weak|known issues|constraints",
    "ethics": r"ethic|privacy|consent|compliance|liabilit|fairness|bias|safety",
    "problem": r"problem|background|pain|challenge|context|motivation|\bwhy\b|current (state|situation)|opportunit",
    "users": r"\busers?\b|audience|customers|personas?|stakeholders|\bwho\b",
    "data": r"\bdata\b|dataset",
    "targets": r"target|goals?\b|\bkpis?\b|metrics|success|objectives?|quality|evaluation",
    "timeline": r"timeline|schedule|milestones?|roadmap|phases|plan\b|timing|\blaunch|roll-?out|delivery",
    "budget": r"budget|investment|\bcosts?\b|funding|resources|financ",
    "benefit": r"benefit|\broi\b|return|value|impact|savings?|business case",
    "solution": r"solution|approach|proposal|what we (will )?build|design|architecture|how it works|overview|idea",
}
KNOWN_HEADING = re.compile("|".join(f"(?:{p})" for p in _HEADINGS.values()), re.IGNORECASE)

# Cue words for a field's sentence when no heading names it.
_CUES: dict[str, str] = {
    "problem": r"\bproblem\b|pain point|struggl|\btoo (long|slow|many|much)\b|by hand|manual(ly)?\b|backlog"
    r"|\bwait(s|ing)? (up to|for)\b|complain|so that nobody|takes? (too|hours|days)",
    "users": r"\b(target|primary|secondary|end)[- ]users?\b|\busers (are|will)\b|\bused by\b|\bfor (our|the) \w+ "
    r"(team|agents|staff|customers|nurses|doctors)\b",
    "solution": r"\bwe (propose|will build|plan to (build|use)|want to (use|build))\b|\bthe (solution|assistant|system"
    r"|tool) (will|is)\b|\bbuilt (on|with)\b|\bbased on\b",
    "data": r"\b(data ?set|training data|data|transcripts|labell?ed|annotat\w*|corpus|records)\b",
    "targets": r"\b(target|kpi|goal)s?\b.*\d|\bat least \d|≥|>=|\b(under|below|at or below) \d",
    "timeline": r"\btimeline\b|\bmilestones?\b|\b(launch|ship|deliver|roll ?out)\w* (in|by|within)\b|\bphase \d"
    r"|\b(for|over|within|across) (the (next|first) )?\d+ (weeks?|months?|quarters?|years?)\b"
    r"|\b(by|before|until) (the end of )?(Q[1-4]|H[12]|(january|february|march|april|may|june|july|august"
    r"|september|october|november|december)\b|(19|20)\d\d\b)"
    r"|\b\d+[- ](week|month|quarter|year)s?[- ](long )?(pilot|poc|project|rollout|roll-out|programme|program|build"
    r"|phase|trial|plan|effort)",
    "budget": r"\bbudget\b|\binvest(ment)?\b|\bup-?front\b|\bone-?off\b|\btotal cost\b|\bfunding\b|\bneeds? [¥$€£]",
    "benefit": r"\bsav(e|es|ing|ings)\b|\bbenefit\b|\brevenue\b|\bprofit\b|\breturn\b|\bcut costs?\b",
}
_SPECIFIC = {"budget": "money", "benefit": "money", "targets": "figure", "timeline": "date"}


@dataclass(frozen=True)
class Field:
    """One proposal field: the text that states it and the sentence it came from (None when missing)."""

    name: str
    value: str | None
    source: str | None
    section: str | None


@dataclass(frozen=True)
class Figure:
    """A number read from the proposal, with the sentence it came from."""

    value: float
    unit: str | None
    source: str


@dataclass
class PocOptionText:
    """One POC option as written, with any accuracy and latency it states."""

    name: str
    text: str
    accuracy: float | None
    latency_s: float | None


@dataclass
class Extraction:
    """Everything the review reads from a proposal's text."""

    title: str
    sections: list[Section]
    sentences: list[Sentence]
    fields: dict[str, Field]
    figures: dict[str, Figure] = field(default_factory=dict)
    poc_goal: Sentence | None = None
    poc_options: list[PocOptionText] = field(default_factory=list)
    risks: list[StatedRisk] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def currency(self) -> str | None:
        """The proposal's currency, as written with its first amount."""
        return next((f.unit for f in self.figures.values() if f.unit), None)


def heading_kind(heading: str | None) -> str | None:
    """The field or review section a heading names, by the first matching heading pattern."""
    if not heading:
        return None
    return next((kind for kind, pattern in _HEADINGS.items() if re.search(pattern, heading, re.IGNORECASE)), None)


def _title(sections: list[Section], text: str) -> str:
    """The first heading, else the first non-empty line (clipped)."""
    first = next((s.heading for s in sections if s.heading), None)
    first_line = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), "")
    title = first if first and text.lstrip().startswith("#") else first_line
    title = re.sub(r"^(project )?proposal\s*[:\-–]\s*", "", title, flags=re.IGNORECASE)
    return title if len(title) <= 120 else title[:117] + "..."


def _has(kind: str, sentence: str) -> bool:
    quantities = find_quantities(sentence)
    if kind == "money":
        return any(q.kind == "money" for q in quantities)
    return bool(quantities) or (kind == "date" and bool(re.search(r"\b(Q[1-4]|H[12])\b", sentence)))


def _pick(sentences: list[Sentence], name: str) -> Sentence | None:
    """The sentence that best states a field: the first with the figure the field needs, else the first."""
    need = _SPECIFIC.get(name)
    if need:
        specific = [s for s in sentences if _has(need, s.text)]
        if specific:
            return specific[0]
    return sentences[0] if sentences else None


def _extract_field(name: str, sections: list[Section], title: str) -> Field:
    in_section = [s for sec in sections if heading_kind(sec.heading) == name for s in sec.sentences]
    source = _pick(in_section, name)
    if source is None:
        cue = re.compile(_CUES[name], re.IGNORECASE)
        candidates = [
            s
            for sec in sections
            if heading_kind(sec.heading) not in {"risks", "poc"}
            for s in sec.sentences
            if cue.search(s.text) and s.text != title
        ]
        if name in _SPECIFIC:
            candidates = [s for s in candidates if _has(_SPECIFIC[name], s.text)]
        source = _pick(candidates, name)
    if source is None:
        return Field(name, None, None, None)
    value = re.sub(r"^[A-Z][\w ]{0,30}:\s+", "", source.text)
    return Field(name, value, source.text, source.section)


def _money_in(sentence: Sentence) -> list[Quantity]:
    return [q for q in find_quantities(sentence.text) if q.kind == "money"]


def _investment(fields: dict[str, Field], sections: list[Section]) -> Figure | None:
    """The one-off investment: an amount marked "total" in a budget sentence, else its largest one-off."""
    budget_sentences = [s for sec in sections if heading_kind(sec.heading) == "budget" for s in sec.sentences]
    if fields["budget"].source and not budget_sentences:
        budget_sentences = [s for sec in sections for s in sec.sentences if s.text == fields["budget"].source]
    for sentence in budget_sentences:
        one_off = [q for q in _money_in(sentence) if q.period is None]
        if not one_off or not re.search(_CUES["budget"] + r"|\btotal\b|\bneeds?\b", sentence.text, re.IGNORECASE):
            continue
        totals = [
            q
            for q in one_off
            if re.search(r"\btotal\b", sentence.text[max(0, q.span[0] - 30) : q.span[0]], re.IGNORECASE)
        ]
        chosen = totals[0] if totals else max(one_off, key=lambda q: q.value)
        return Figure(chosen.value, chosen.currency, sentence.text)
    return None


def _benefit(sections: list[Section], notes: list[str]) -> tuple[Figure | None, str | None]:
    """The expected benefit with its period ("year" or "month"); an amount with no period is not used."""
    cue = re.compile(_CUES["benefit"], re.IGNORECASE)
    for sec in sections:
        if heading_kind(sec.heading) in {"risks", "poc", "alternatives", "running_cost"}:
            continue
        for sentence in sec.sentences:
            if not (heading_kind(sec.heading) == "benefit" or cue.search(sentence.text)):
                continue
            money = _money_in(sentence)
            periodic = [q for q in money if q.period in {"year", "month"}]
            if periodic:
                return Figure(periodic[0].value, periodic[0].currency, sentence.text), periodic[0].period
            if money and heading_kind(sec.heading) == "benefit":
                notes.append(
                    f'the benefit amount in "{sentence.text}" has no period (a year? a month?), so it '
                    "was not used for payback"
                )
    return None, None


_USAGE_PATTERNS: dict[str, str] = {
    "requests_per_month": r"(?P<n>[\d.,]+\s?[kKmM]?)\s+(?:requests|queries|calls|conversations|messages|chats)"
    r"\s+(?:a|per|each|every)\s+month",
    "tokens_per_request": r"(?P<n>[\d.,]+\s?[kK]?)\s+tokens\s+(?:each|per (?:request|query|call|conversation))",
    "price_per_1k_tokens": r"(?P<n>[¥$€£][\d.,]+)\s+(?:per|/|a)\s?(?:1,000|1k|thousand)\s+tokens",
    "gpu_hours_per_month": r"(?P<n>[\d.,]+)\s+GPU[- ]hours\s+(?:a|per|each)\s+month",
    "gpu_hourly_rate": r"(?P<n>[¥$€£][\d.,]+)\s+(?:per|/|an|a)\s?(?:GPU[- ])?(?:hour|hr|h)\b",
}


def _usage(sentences: list[Sentence]) -> dict[str, Figure]:
    """Running-cost inputs stated in the text (monthly requests, tokens, prices, GPU hours and rate)."""
    found: dict[str, Figure] = {}
    for sentence in sentences:
        for name, pattern in _USAGE_PATTERNS.items():
            if name.startswith("gpu") and not re.search(r"\bgpu", sentence.text, re.IGNORECASE):
                continue  # "$250 per hour" for people is not a GPU rate
            match = None if name in found else re.search(pattern, sentence.text, re.IGNORECASE)
            quantity = find_quantities(match.group("n"))[0] if match and find_quantities(match.group("n")) else None
            if quantity is not None:
                found[name] = Figure(quantity.value, quantity.currency, sentence.text)
    return found


# A rate of wrong or made-up outputs: "hallucination rate ... 2%", "invented a clause reference in 4% of reports",
# "6% of answers were wrong", "error rate of 3%". A rate is read only next to its error word, never an accuracy.
_ERROR_WORD = (
    r"(?:hallucinat\w*|invent\w*|fabricat\w*|made[- ]up|makes? up|wrong|incorrect\w*|erroneous|inaccura\w*"
    r"|false|unsupported|ungrounded|errors?)"
)
_OUTPUTS = (
    r"(?:answers?|responses?|outputs?|reports?|summar(?:y|ies)|repl(?:y|ies)|drafts?|explanations?|generations?"
    r"|completions?|citations?|references?|cases?|documents?|results?|predictions?|messages?|conversations?"
    r"|contracts?|reviews?|letters?|notes?|queries|questions?)"
)
_PERCENT = r"(?P<rate>\d+(?:\.\d+)?\s?%)"
_RATE_PATTERNS = (
    re.compile(rf"\bhallucinat\w*[^.;%]{{0,80}}?{_PERCENT}", re.IGNORECASE),
    re.compile(
        rf"(?<!label )(?<!labelling )(?<!labeling )(?<!annotation )(?<!data )\b(?:error|fabrication|invention) rate"
        rf"[^.;%]{{0,60}}?{_PERCENT}",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_ERROR_WORD}\b[^.;%]{{0,80}}?\b(?:in|for|on) (?:about |around |roughly )?{_PERCENT} of (?:the )?"
        rf"(?:\w+[- ]){{0,2}}{_OUTPUTS}\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_PERCENT} of (?:the |its |our )?(?:\w+[- ]){{0,2}}{_OUTPUTS}\b[^.;%]{{0,60}}?\b{_ERROR_WORD}\b",
        re.IGNORECASE,
    ),
)


def _hallucination_rate(sentences: list[Sentence]) -> Figure | None:
    """The first hallucination or error rate the proposal states (observed or targeted), read next to its error
    word so that an accuracy in the same sentence is never taken for it."""
    for sentence in sentences:
        for pattern in _RATE_PATTERNS:
            match = pattern.search(sentence.text)
            rate = find_quantities(match.group("rate")) if match else []
            if rate and rate[0].kind == "percent":
                return Figure(rate[0].value, "%", sentence.text)
    return None


# Words that make a recurring amount a running cost (hosting, tokens, licences), not a benefit or today's spend.
_RUNNING = (
    r"\brunning|\boperat(ing|ion)|\brun cost|\bopex\b|\bhost(ed|ing)?\b|\bapi\b|\btokens?\b|\binference\b"
    r"|licen[cs]e|subscription|\bcloud\b|\bgpus?\b|\bcompute\b|maintenance|infrastructure|\bserving\b"
)


def _running_cost(sections: list[Section], notes: list[str]) -> tuple[Figure | None, str | None]:
    """A stated running cost and its period ("month" or "year"): from a running-cost section, else the first
    sentence that names one. When a sentence states several (options being compared), the highest is used."""
    found: list[tuple[bool, Sentence, list[Quantity]]] = []
    benefit = re.compile(_CUES["benefit"], re.IGNORECASE)
    for sec in sections:
        kind = heading_kind(sec.heading)
        if kind in {"problem", "benefit", "risks", "poc", "alternatives"}:
            continue
        for sentence in sec.sentences:
            named = kind == "running_cost" or re.search(_RUNNING, sentence.text, re.IGNORECASE)
            if benefit.search(sentence.text) or not named:
                continue
            periodic = [q for q in _money_in(sentence) if q.period in {"month", "year"}]
            if periodic:
                same_period = [q for q in periodic if q.period == periodic[0].period]
                found.append((kind == "running_cost", sentence, same_period))
    if not found:
        return None, None
    _, sentence, amounts = max(found, key=lambda f: (f[0], -f[1].index))
    chosen = max(amounts, key=lambda q: q.value)
    if len(amounts) > 1:
        listed = ", ".join(q.raw for q in amounts)
        notes.append(f"the proposal states several running costs ({listed}); the highest, {chosen.raw}, is used")
    return Figure(chosen.value, chosen.currency, sentence.text), chosen.period


def _poc(sections: list[Section]) -> tuple[Sentence | None, list[PocOptionText]]:
    """The POC goal sentence and the options it lists ("Option A: ... 78% accuracy, 1.2 s latency")."""
    sentences = [s for sec in sections if heading_kind(sec.heading) == "poc" for s in sec.sentences]
    goal = next((s for s in sentences if re.match(r"(validation )?goal\b", s.text, re.IGNORECASE)), None)
    options = []
    for sentence in sentences:
        match = re.match(r"((?:option|approach|candidate)\s+\w+|[A-C])\s*[:)\-–]\s*(.+)", sentence.text, re.IGNORECASE)
        if not match:
            continue
        quantities = find_quantities(match.group(2))
        accuracy = next((q.value for q in quantities if q.kind == "percent"), None)
        latency = next((q.seconds for q in quantities if q.seconds is not None), None)
        options.append(PocOptionText(match.group(1).strip(), match.group(2).strip(), accuracy, latency))
    return goal, options


def extract(text: str) -> Extraction:
    """Read a proposal's title, fields and figures; nothing is filled in that the text does not state."""
    sections = split_document(text, KNOWN_HEADING)
    sentences = [s for sec in sections for s in sec.sentences]
    title = _title(sections, text)
    fields = {name: _extract_field(name, sections, title) for name in FIELDS}
    notes: list[str] = []
    figures: dict[str, Figure] = {}
    investment = _investment(fields, sections)
    if investment:
        figures["investment"] = investment
    benefit, period = _benefit(sections, notes)
    if benefit:
        figures["annual_benefit" if period == "year" else "monthly_benefit"] = benefit
    running, running_period = _running_cost(sections, notes)
    if running:
        figures["annual_running_cost" if running_period == "year" else "monthly_running_cost"] = running
    figures.update(_usage(sentences))
    rate = _hallucination_rate(sentences)
    if rate:
        figures["hallucination_rate"] = rate
    goal, options = _poc(sections)
    risks = stated_risks([s for sec in sections if heading_kind(sec.heading) == "risks" for s in sec.sentences])
    return Extraction(title, sections, sentences, fields, figures, goal, options, risks, notes)
