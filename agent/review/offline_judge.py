"""Deterministic judgements without an LLM: the same `ReviewJudgements` an LLM would draft, filled from what
the proposal states (extracted fields, cue-word and embedding evidence per criterion, published scoring
rules). What the text does not support is marked missing or "cannot judge", never filled in.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pm_assistant.agent.review import rubric
from pm_assistant.agent.review.calculations import Facts
from pm_assistant.agent.review.criteria import DATA_STEPS, ETHICS, ETHICS_APPLIES, FIVE_QUESTIONS, Criterion, has_figure
from pm_assistant.agent.review.extract import Extraction
from pm_assistant.agent.review.matching import Embedder, EvidenceFinder, Finding
from pm_assistant.agent.review.rubric import Judged, level
from pm_assistant.agent.review.schema import (
    DataStepJudgement,
    EthicsJudgement,
    PocJudgement,
    QuestionJudgement,
    ReviewJudgements,
    RiskJudgement,
    ScoreJudgements,
)

MIN_DOMAIN_HITS = 3  # sentences with high-risk terms needed to call the whole proposal high-risk


def classify_domain(ex: Extraction) -> tuple[str, str]:
    """('high-risk' | 'standard', reason) from how many sentences use the hallucination tool's high-risk terms."""
    from pm_assistant.tools.hallucination import high_risk_terms

    terms: Counter[str] = Counter()
    sentences = 0
    for sentence in [ex.title, *(s.text for s in ex.sentences)]:
        found = set(high_risk_terms(sentence))
        sentences += bool(found)
        terms.update(found)
    listed = ", ".join(f"'{t}'" for t, _ in terms.most_common(4))
    if sentences >= MIN_DOMAIN_HITS:
        return "high-risk", f"{sentences} sentences use high-risk domain terms ({listed})"
    if sentences:
        return (
            "standard",
            f"only {sentences} sentence(s) use high-risk terms ({listed}); not enough to call the domain high-risk",
        )
    return "standard", "no medical, legal, financial-advice, hiring or safety terms in the proposal"


def _applies(item: str, ex: Extraction, high_risk: bool) -> bool:
    """Whether an ethics item applies: always in high-risk domains, else when the text gives a reason."""
    return high_risk or any(re.search(ETHICS_APPLIES[item], s.text, re.IGNORECASE) for s in ex.sentences)


_SEVERE = (
    r"money|harm|patient|legal|leak|personal data|safety|wrong|unsafe|injur|lawsuit|fine|confidential|breach|privacy"
    r"|miss(es|ed)?\b"
)
_CHEAP = (
    r"route|go(es)? to (an? )?(agent|person|human)|training|redact|confidence|disclaimer|review|limit|flag|advisory"
    r"|sign(s|ed)? off|sign-off|agreement|retention|encrypt|access control"
)


class OfflineJudge:
    """Fills ReviewJudgements from the proposal's text alone; the embedder is injectable (None: cue words only)."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder
        self.notes: list[str] = []

    def judge(self, ex: Extraction, facts: Facts) -> ReviewJudgements:
        """Judge one proposal; `facts` carries payback and the hallucination budget from the calculators."""
        finder = EvidenceFinder(ex.sentences, self.embedder)
        findings = finder.judge_all([*FIVE_QUESTIONS, *DATA_STEPS, *ETHICS])
        self.notes = list(finder.notes)
        questions, steps, ethics_found = findings[:5], findings[5:10], findings[10:]
        domain_class, reason = classify_domain(ex)
        high_risk = domain_class == "high-risk"
        ethics = [
            EthicsJudgement(item=f.criterion.id, status=f.status, evidence=_quote(f), note=f.gap)
            if _applies(f.criterion.id, ex, high_risk)
            else EthicsJudgement(
                item=f.criterion.id, status="not applicable", note="no reason in the proposal for it to apply"
            )
            for f in ethics_found
        ]
        gaps = self._gaps(ex, facts, questions, steps, ethics)
        return ReviewJudgements(
            domain_class=domain_class,
            domain_reason=reason,
            five_questions=[
                QuestionJudgement(id=f.criterion.id, status=f.status, evidence=_quote(f), gap=f.gap) for f in questions
            ],
            scores=self._scores(ex, facts, {f.criterion.id: f for f in [*questions, *steps]}, ethics),
            data_readiness=[
                DataStepJudgement(step=f.criterion.id, status=f.status, evidence=_quote(f), gap=f.gap) for f in steps
            ],
            ethics=ethics,
            risks=self._risks(ex, facts, questions, ethics, high_risk),
            poc=self._poc(ex),
            missing_information=[m for m, _ in gaps],
            questions_before_approval=[q for _, q in gaps],
            verdict=self._verdict(questions, ethics),
        )

    def _scores(
        self, ex: Extraction, facts: Facts, found: dict[str, Finding], ethics: Sequence[EthicsJudgement]
    ) -> ScoreJudgements:
        """Subscores by the published rules in `rubric` (see RUBRIC_TEXT)."""
        text = {name: ex.fields[name].source for name in ("problem", "users", "targets", "timeline", "benefit")}
        fin, hb = facts.financials, facts.hallucination
        status = {k: f.status for k, f in found.items()}
        benefit = fin.annual_benefit is not None or fin.monthly_benefit is not None
        open_ethics = [e.item for e in ethics if e.status in ("missing", "partial")]
        blocking = hb.domain_class == "high-risk" and any(e.status == "missing" for e in ethics)
        results = any(o.accuracy is not None for o in ex.poc_options) or any(
            re.search(r"\b(pilot|prototype|poc|dry run|in our tests)\b", s.text, re.I) and has_figure(s.text)
            for s in ex.sentences
        )
        planned = bool(ex.poc_goal) or any(
            re.search(r"\b(pilot|prototype|poc|proof of concept)\b", s.text, re.I) for s in ex.sentences
        )
        bounded = (ex.poc_goal is not None and has_figure(ex.poc_goal.text)) or has_figure(text["timeline"] or "")
        payback = fin.payback_months

        def q(cid: str, what: str) -> Judged:
            """Full points when the criterion is addressed, half when partial."""
            grade = level(status[cid] == "addressed", status[cid] == "partial")
            return Judged(grade, f"{what} {status[cid]}", status[cid] != "missing")

        levels = {
            "business_value": {
                "benefit quantified": _grade(
                    "benefit",
                    benefit,
                    text["benefit"] is not None,
                    ("quantified", "stated without a figure", "not stated"),
                    stated=benefit or text["benefit"] is not None,
                ),
                "problem quantified": _grade(
                    "problem",
                    has_figure(text["problem"] or ""),
                    text["problem"] is not None,
                    ("quantified", "stated", "not stated"),
                    stated=text["problem"] is not None,
                ),
                "users named": _grade(
                    "users",
                    text["users"] is not None,
                    False,
                    ("named", "", "not named"),
                    stated=text["users"] is not None,
                ),
                "measurable targets": _grade(
                    "targets",
                    has_figure(text["targets"] or ""),
                    text["targets"] is not None,
                    ("measurable", "vague", "not set"),
                    stated=text["targets"] is not None,
                ),
                "no blocking ethics gap": Judged(
                    level(not open_ethics, not blocking),
                    "ethics gaps: " + (", ".join(open_ethics) or "none"),
                    all(e.status != "missing" for e in ethics),
                ),
            },
            "technical_maturity": {
                "core technology named": q("core_technology", "core technology"),
                "measured results from a prototype, pilot or POC": _grade(
                    "prototype, pilot or POC:",
                    results,
                    planned,
                    ("measured results", "planned", "none"),
                    stated=results or planned,
                ),
                "stated quality within the hallucination budget": _grade(
                    "hallucination rate",
                    hb.within_budget is True,
                    hb.within_budget is None,
                    ("within budget", "not stated", "over budget"),
                    stated=hb.within_budget is not None,
                ),
                "peak load handled": q("peak_load", "peak load"),
                "fresh data after launch": q("data_sustainability", "future data"),
            },
            "resource_demand": {
                "payback within 12 months (half: within 24)": _grade(
                    "payback",
                    payback is not None and payback <= 12,
                    payback is not None and payback <= 24,
                    ("within a year", "within two years", "beyond two years or never"),
                    stated=payback is not None,
                ),
                "data already on hand": q("sources", "data sources"),
                "bounded scope (POC limits or a phased timeline with figures)": _grade(
                    "scope",
                    bounded,
                    bool(text["timeline"]) or planned,
                    ("bounded", "loosely bounded", "unbounded"),
                    stated=bounded or bool(text["timeline"]) or planned,
                ),
            },
        }
        judged = {
            "business_value": text["problem"] is not None or benefit,
            "technical_maturity": status["core_technology"] != "missing",
            "resource_demand": payback is not None or fin.roi_ratio is not None,  # roi without payback: never pays back
        }
        why_not = {
            "business_value": "no problem or benefit stated",
            "technical_maturity": "no technology named",
            "resource_demand": "no investment and benefit figures, so no payback",
        }
        return rubric.scores(levels, judged, why_not)

    def _risks(
        self, ex: Extraction, facts: Facts, questions: list[Finding], ethics: list[EthicsJudgement], high_risk: bool
    ) -> list[RiskJudgement]:
        stated = []
        for r in ex.risks[:5]:
            stated.append(
                RiskJudgement(
                    risk=r.risk[:200],
                    business_risk=4 if re.search(_SEVERE, r.risk, re.I) else 3,
                    mitigation_cost=2 if re.search(_CHEAP, r.mitigation, re.I) else 3,
                    mitigation=r.mitigation or "none stated: define one",
                    evidence=r.evidence,
                )
            )
        status = {f.criterion.id: f.status for f in questions}
        ethic = {e.item: e.status for e in ethics}
        derived = [
            (
                high_risk,
                "Harmful wrong outputs in a high-risk domain",
                5,
                2,
                "a person confirms every output before anyone acts on it; release only within the hallucination budget",
            ),
            (
                facts.hallucination.within_budget is False,
                "Hallucination rate above the domain's budget",
                5,
                3,
                "diagnose with the hallucination checklist and gate the release until the rate is within budget",
            ),
            (
                ethic["consent"] in ("missing", "partial"),
                "Personal data used without clear consent",
                5 if high_risk else 4,
                2,
                "confirm consent for this use, or anonymise the data before use",
            ),
            (
                ethic["bias"] in ("missing", "partial"),
                "Unfair outcomes for some groups of people",
                4,
                3,
                "audit results across groups (age, gender, language) before launch",
            ),
            (
                status["peak_load"] != "addressed",
                "Slow answers or outage at peak load",
                4 if high_risk else 3,
                2,
                "queue requests, autoscale, and hand off to people above a set load",
            ),
            (
                status["data_sustainability"] != "addressed",
                "Model quality decays without fresh labelled data",
                3,
                3,
                "feedback capture, a labelling queue and a retraining schedule with an owner",
            ),
            (
                facts.financials.payback_months is None,
                "Cost overrun or no return: the financial case is not quantified",
                3,
                1,
                "state the investment and the benefit per year, and compute payback before approval",
            ),
        ]
        extra = [
            RiskJudgement(risk=r, business_risk=b, mitigation_cost=c, mitigation=m)
            for cond, r, b, c, m in derived
            if cond
        ]
        return (stated + extra)[:10]

    def _poc(self, ex: Extraction) -> PocJudgement:
        goal = re.sub(r"^(validation )?goal\s*:\s*", "", ex.poc_goal.text, flags=re.I) if ex.poc_goal else None
        if goal is None and ex.fields["targets"].source and has_figure(ex.fields["targets"].source):
            goal = "validate the first target in a small trial: " + ex.fields["targets"].value
        return PocJudgement(goal=goal, options=[o.name + ": " + o.text for o in ex.poc_options][:3])

    def _gaps(
        self,
        ex: Extraction,
        facts: Facts,
        questions: list[Finding],
        steps: list[Finding],
        ethics: list[EthicsJudgement],
    ) -> list[tuple[str, str]]:
        """(missing information, question before approval) pairs, most important first."""
        fin = facts.financials
        gaps: list[tuple[str, str]] = []
        if facts.hallucination.within_budget is False:  # a release blocker comes before everything else
            gaps.append(
                (
                    "a plan to bring the hallucination rate within budget",
                    "How will the hallucination rate be brought within the domain's budget before release?",
                )
            )
        if fin.investment is None:
            gaps.append(
                ("investment / budget", "What is the total investment (compute, data, people) and over what period?")
            )
        if fin.annual_benefit is None and fin.monthly_benefit is None:
            gaps.append(
                ("expected benefit with a period", "What benefit per year do you expect, and how will it be measured?")
            )
        for e in ethics:
            if e.status in ("missing", "partial"):
                gaps.append((f"ethics: {e.item} ({e.note})", _ETHICS_QUESTIONS[e.item]))
        ranked = sorted(questions, key=lambda f: f.status != "missing")
        gaps += [(f"{f.criterion.question} {f.gap}", _ask(f.criterion, f)) for f in ranked if f.status != "addressed"]
        for name, ask in (
            ("users", "Who exactly will use it, and how many of them?"),
            ("targets", "Which measurable targets decide success (e.g. accuracy, time saved)?"),
            ("timeline", "What is the timeline, with milestones?"),
            ("problem", "What problem does it solve, and how big is it today?"),
        ):
            if ex.fields[name].source is None:
                gaps.append((f"{name} not stated", ask))
        gaps += [
            (f"data: {f.criterion.question.lower()} ({f.gap})", _ask(f.criterion, f))
            for f in steps
            if f.status == "missing"
        ]
        return gaps[:12]

    def _verdict(self, questions: list[Finding], ethics: list[EthicsJudgement]) -> str:
        by_status: dict[str, list[str]] = {"addressed": [], "partial": [], "missing": []}
        for f in questions:
            by_status[f.status].append(_SHORT[f.criterion.id])
        parts = [f"{status}: {', '.join(names)}" for status, names in by_status.items() if names]
        open_items = [e.item for e in ethics if e.status in ("missing", "partial")]
        text = "Technical review — " + "; ".join(parts) + "."
        if open_items:
            text += " Ethics items still open: " + ", ".join(open_items) + "."
        return text


_SHORT = {
    "core_technology": "core technology",
    "cost_vs_alternatives": "cost versus alternatives",
    "bottlenecks": "bottlenecks",
    "peak_load": "peak load",
    "data_sustainability": "future data",
}
_ETHICS_QUESTIONS = {
    "consent": "Did the people whose data is used consent to this use, and is the data anonymised?",
    "bias": "How will you check that results are fair across groups of people?",
    "liability": "Who is responsible for decisions made on the AI's output, and do users see that it is advisory?",
}


def _grade(what: str, full: bool, half: bool, words: tuple[str, str, str], *, stated: bool) -> Judged:
    """A component's level and its reason: `words` name the full, half and no-points cases; `stated` says
    whether the proposal states what the level rests on."""
    grade = level(full, half)
    return Judged(grade, f"{what} {words[('full', 'half', 'none').index(grade)]}", stated)


def _ask(criterion: Criterion, finding: Finding) -> str:
    return f"{criterion.question} ({finding.gap})" if finding.gap else criterion.question


def _quote(finding: Finding) -> str | None:
    return finding.evidence.text if finding.evidence else None
