"""Deterministic judgements without an LLM: the same `ReviewJudgements` an LLM would draft, filled from what
the proposal states (extracted fields, cue-word and embedding evidence per criterion, published scoring
rules). What the text does not support is marked missing or "cannot judge", never filled in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pm_assistant.agent.review import rubric
from pm_assistant.agent.review.calculations import Facts
from pm_assistant.agent.review.criteria import DATA_STEPS, ETHICS, ETHICS_APPLIES, has_figure
from pm_assistant.agent.review.extract import Extraction
from pm_assistant.agent.review.five_questions import FiveQuestions
from pm_assistant.agent.review.matching import Embedder, EvidenceFinder, Finding
from pm_assistant.agent.review.placement import Placer
from pm_assistant.agent.review.risk_library import library
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
from pm_assistant.agent.review.wording import join, report_words, say, tr
from pm_assistant.tools.fmt import pct


def classify_domain(ex: Extraction) -> tuple[str, str]:
    """('high-risk' | 'standard', reason) from the domains of the risk library the proposal is in."""
    lang = ex.lang
    if not ex.domains:
        return "standard", say("domain_none", lang)
    names = {d.id: library()["domains"][d.id]["name"].get(lang, d.name) for d in ex.domains}
    listed = join((say("domain_hits", lang, name=names[d.id], hits=d.hits) for d in ex.domains), lang, "comma")
    high = [d for d in ex.domains if d.domain_class == "high-risk"]
    if high:
        return "high-risk", say("domain_high", lang, listed=listed)
    return "standard", say("domain_standard", lang, listed=listed)


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

    def __init__(self, embedder: Embedder | None = None, placer: Placer | None = None) -> None:
        self.embedder = embedder
        self.placer = placer
        self.notes: list[str] = []

    def judge(self, ex: Extraction, facts: Facts) -> ReviewJudgements:
        """Judge one proposal; `facts` carries payback and the hallucination budget from the calculators."""
        answers = FiveQuestions(ex.reading, ex.rates, self.embedder, ex.lang, self.placer).judge()
        finder = EvidenceFinder(ex.reading, self.embedder, ex.lang)
        findings = finder.judge_all([*DATA_STEPS, *ETHICS])
        self.notes = list(finder.notes)
        steps, ethics_found = findings[:5], findings[5:]
        domain_class, reason = classify_domain(ex)
        high_risk = domain_class == "high-risk"
        ethics = [
            EthicsJudgement.model_validate(
                {"item": f.criterion.id, "status": f.status, "evidence": _quote(f), "note": f.gap}
                if _applies(f.criterion.id, ex, high_risk)
                else {"item": f.criterion.id, "status": "not applicable", "evidence": None,
                      "note": say("not_applicable", ex.lang)}
            )
            for f in ethics_found
        ]
        questions = [
            QuestionJudgement.model_validate(
                {"id": a.id, "status": a.status, "evidence": a.evidence.text if a.evidence else None, "gap": a.gap}
            )
            for a in answers
        ]
        status = {a.id: a.status for a in answers} | {f.criterion.id: f.status for f in steps}
        risks = self._risks(ex, facts, status, high_risk)
        gaps = self._gaps(ex, facts, questions, risks)
        return ReviewJudgements(
            domain_class="high-risk" if high_risk else "standard",
            domain_reason=reason,
            five_questions=questions,
            scores=self._scores(ex, facts, status, ethics),
            data_readiness=[
                DataStepJudgement.model_validate(
                    {"step": f.criterion.id, "status": f.status, "evidence": _quote(f), "gap": f.gap}
                )
                for f in steps
            ],
            ethics=ethics,
            risks=risks,
            poc=self._poc(ex),
            missing_information=[m for m, _ in gaps],
            questions_before_approval=[q for _, q in gaps],
            verdict=self._verdict(ex.lang, questions),
        )

    def _scores(
        self, ex: Extraction, facts: Facts, status: dict[str, str], ethics: Sequence[EthicsJudgement]
    ) -> ScoreJudgements:
        """Subscores by the published rules in `rubric` (see RUBRIC_TEXT)."""
        text = {name: ex.fields[name].source for name in ("problem", "users", "targets", "timeline", "benefit")}
        fin, hb = facts.financials, facts.hallucination
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
        lang = ex.lang

        def q(cid: str, what: str) -> Judged:
            """Full points when the criterion is addressed, half when partial."""
            grade = level(status[cid] == "addressed", status[cid] == "partial")
            return Judged(grade, _reason(what, status[cid], lang), status[cid] != "missing")

        def _grade(what: str, full: bool, half: bool, words: tuple[str, str, str], *, stated: bool) -> Judged:
            """A component's level and its reason: `words` name the full, half and no-points cases; `stated`
            says whether the proposal states what the level rests on."""
            grade = level(full, half)
            return Judged(grade, _reason(what, words[("full", "half", "none").index(grade)], lang), stated)

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
                    say("ethics_gaps", lang, items=join((tr(e, lang) for e in open_ethics), lang, "comma") or tr("none", lang)),
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
        return rubric.scores(levels, judged, {k: tr(v, lang) for k, v in why_not.items()}, lang)

    def _risks(self, ex: Extraction, facts: Facts, status: dict[str, str], high_risk: bool) -> list[RiskJudgement]:
        """The proposal's own risks with their mitigations, the domain library's risks, then what the review
        finds (a measured rate over budget, no peak plan, no fresh data, no financial case)."""
        words = report_words()["derived"]
        lang = ex.lang
        out = [
            RiskJudgement(
                risk=r.risk[:200],
                business_risk=4 if re.search(_SEVERE, r.risk, re.I) else 3,
                mitigation_cost=2 if re.search(_CHEAP, r.mitigation, re.I) else 3,
                mitigation=r.mitigation or words["no_mitigation"][lang],
                evidence=r.evidence,
                source="proposal",
                covered=bool(r.mitigation),
            )
            for r in ex.risks[:6]
        ]
        hb = facts.hallucination
        if hb.within_budget is False and hb.measured:
            values = {"rate": pct(hb.rate or 0), "threshold": pct(hb.threshold)}
            out.insert(0, _derived(words["over_budget"], lang, 5, 3, values))
        for r in ex.library_risks:
            mitigation = words["covered"][lang].format(quote=r.covered_by) if r.covered_by else r.ask
            out.append(
                RiskJudgement(
                    risk=r.risk[:200],
                    business_risk=max(1, r.business_risk - (1 if r.covered_by else 0)),
                    mitigation_cost=r.mitigation_cost,
                    mitigation=mitigation[:500],
                    evidence=r.covered_by,
                    why=r.why,
                    ask=r.ask,
                    source="library",
                    covered=r.covered_by is not None,
                )
            )
        if high_risk and not ex.library_risks:
            out.append(_derived(words["high_risk_outputs"], lang, 5, 2))
        if status["peak_load"] != "addressed":
            out.append(_derived(words["peak"], lang, 4 if high_risk else 3, 2))
        if status["data_sustainability"] != "addressed":
            out.append(_derived(words["data"], lang, 3, 3))
        if facts.financials.payback_months is None:
            out.append(_derived(words["financial"], lang, 3, 1))
        return out[:20]

    def _poc(self, ex: Extraction) -> PocJudgement:
        goal = re.sub(r"^(validation )?goal\s*:\s*", "", ex.poc_goal.text, flags=re.I) if ex.poc_goal else None
        if goal is None and ex.fields["targets"].source and has_figure(ex.fields["targets"].source):
            goal = say("poc_goal_from_target", ex.lang, target=ex.fields["targets"].value or "")
        return PocJudgement(goal=goal, options=[o.name + ": " + o.text for o in ex.poc_options][:3])

    def _gaps(
        self, ex: Extraction, facts: Facts, questions: list[QuestionJudgement], risks: list[RiskJudgement]
    ) -> list[tuple[str, str]]:
        """(missing information, question before approval) pairs, most important first: the blocker, the
        figures, unanswered review questions, uncovered domain risks, then unstated fields."""
        lang = ex.lang
        verdict_words = report_words()["verdict"]
        gaps: list[tuple[str, str]] = []
        hb = facts.hallucination
        if hb.within_budget is False and hb.measured:
            reason = verdict_words["blocker"][lang].format(
                rate=pct(hb.rate or 0), threshold=pct(hb.threshold), klass=report_words()["summary"][hb.domain_class][lang]
            )
            gaps.append((reason, reason))
        fin = facts.financials
        if fin.investment is None:
            gaps.append((verdict_words["need_investment"][lang], verdict_words["ask_investment"][lang]))
        if fin.annual_benefit is None and fin.monthly_benefit is None:
            gaps.append((verdict_words["need_benefit"][lang], verdict_words["ask_benefit"][lang]))
        for q in sorted(questions, key=lambda q: q.status != "missing"):
            if q.status != "addressed":
                gaps.append((q.gap, q.gap))
        for r in risks:
            if r.source == "library" and not r.covered:
                gaps.append((r.risk, r.ask))
        asks = report_words()["fields_missing"]
        for name in ("users", "targets", "timeline", "problem"):
            if ex.fields[name].source is None:
                gaps.append((asks[name][lang], asks[name][lang]))
        return gaps[:16]

    def _verdict(self, lang: str, questions: list[QuestionJudgement]) -> str:
        """The five questions in one line, grouped by status."""
        words = report_words()["summary"]
        by_status: dict[str, list[str]] = {"addressed": [], "partial": [], "missing": []}
        for q in questions:
            by_status[q.status].append(words["short"][q.id][lang])
        sep = "；" if lang == "zh" else "; "
        parts = sep.join(
            f"{words['status'][status][lang]}: {', '.join(names)}" for status, names in by_status.items() if names
        )
        return words["questions"][lang].format(parts=parts)


def _derived(words: dict[str, dict[str, str]], lang: str, risk: int, cost: int, values: dict[str, str] | None = None
             ) -> RiskJudgement:
    """A risk the review itself raises, in the report's language."""
    return RiskJudgement(
        risk=words["risk"][lang].format(**(values or {})),
        business_risk=risk,
        mitigation_cost=cost,
        mitigation=words["mitigation"][lang],
        evidence=None,
    )




def _reason(what: str, how: str, lang: str) -> str:
    """A component's reason ("benefit quantified") in the review's language."""
    return say("reason", lang, what=tr(what, lang), how=tr(how, lang))


def _quote(finding: Finding) -> str | None:
    return finding.evidence.text if finding.evidence else None
