"""Typed shapes of a review: `ReviewJudgements` (what a judge drafts, LLM or offline) and `Review` (the contract
object `review --json` prints, with every number computed by a calculator).

The judgements carry no totals, priorities or payback: the tools compute those from the drafted subscores
and the proposal's own figures, so a wrong sum in a model's draft can never reach the review.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

Status = Literal["addressed", "partial", "missing"]
EthicsStatus = Literal["addressed", "partial", "missing", "not applicable"]
QuestionId = Literal["core_technology", "cost_vs_alternatives", "bottlenecks", "peak_load", "data_sustainability"]
DataStepId = Literal["task", "sources", "quality", "sourcing", "refresh"]
EthicsId = Literal["consent", "bias", "liability"]
QUESTION_IDS: tuple[str, ...] = get_args(QuestionId)
DATA_STEP_IDS: tuple[str, ...] = get_args(DataStepId)
ETHICS_IDS: tuple[str, ...] = get_args(EthicsId)
SUBSCORE_MAX = {"business_value": 40, "technical_maturity": 30, "resource_demand": 30}


class QuestionJudgement(BaseModel):
    """One of the technical-review five questions."""

    id: QuestionId
    status: Status
    evidence: str | None = Field(None, description="A verbatim quote from the proposal supporting the status, or null.")
    gap: str = Field("", description="What is missing or weak (e.g. 'no plan for peak load'); empty when addressed.")


class DataStepJudgement(BaseModel):
    """One step of the data-demand five-step method."""

    step: DataStepId
    status: Status
    evidence: str | None = Field(None, description="A verbatim quote from the proposal, or null.")
    gap: str = Field("", description="What is missing; empty when addressed.")


class EthicsJudgement(BaseModel):
    """One item of the ethics checklist; 'not applicable' when the proposal gives it no reason to apply."""

    item: EthicsId
    status: EthicsStatus
    evidence: str | None = Field(None, description="A verbatim quote from the proposal, or null.")
    note: str = Field("", description="Why it applies and what is missing.")


class SubscoreJudgement(BaseModel):
    """One part of the investment scoring card, with the reasons for it."""

    score: float = Field(ge=0, description="Points awarded (business value 0-40, maturity 0-30, resources 0-30).")
    rationale: str = Field(description="Why, citing what the proposal states or lacks.")
    judged: bool = Field(True, description="False when the proposal gives too little to judge (then a midpoint).")
    provisional: bool = Field(
        False, description="True when the score rests mostly on defaults, not on what the proposal states."
    )


class ScoreJudgements(BaseModel):
    """The three subscores of the technology-investment scoring card (the total is the tool's job)."""

    business_value: SubscoreJudgement
    technical_maturity: SubscoreJudgement
    resource_demand: SubscoreJudgement

    @model_validator(mode="after")
    def _in_range(self) -> ScoreJudgements:
        for name, top in SUBSCORE_MAX.items():
            if getattr(self, name).score > top:
                raise ValueError(f"{name} must be at most {top}")
        return self


class RiskJudgement(BaseModel):
    """A risk with its business risk and mitigation cost on 1-5 scales, for the risk-cost matrix."""

    risk: str = Field(min_length=1, max_length=200)
    business_risk: int = Field(ge=1, le=5, description="1 negligible ... 5 severe (likelihood x impact).")
    mitigation_cost: int = Field(ge=1, le=5, description="1 trivial ... 5 a major project.")
    mitigation: str
    evidence: str | None = Field(None, description="A verbatim quote when the proposal names the risk, else null.")
    why: str = ""  # why it matters for this proposal
    ask: str = ""  # what to ask the proposer about it
    source: Literal["proposal", "library", "review"] = "review"  # who names it: the proposal, the library, the review
    covered: bool = False  # the proposal already answers it (evidence is the answer)


class PocJudgement(BaseModel):
    """The proof-of-concept plan: one measurable goal and at most three options."""

    goal: str | None = Field(None, description="One measurable validation goal, or null when none can be set.")
    options: list[str] = Field(default_factory=list, max_length=3, description="At most three options to compare.")


def _one_each(items: list[Any], key: str, ids: tuple[str, ...], what: str) -> list[Any]:
    """Items sorted into the canonical order; each id exactly once."""
    found = [getattr(item, key) for item in items]
    if sorted(found) != sorted(ids):
        raise ValueError(f"{what} must have exactly one entry for each of {', '.join(ids)}")
    return sorted(items, key=lambda item: ids.index(getattr(item, key)))


class ReviewJudgements(BaseModel):
    """Judgements on a project proposal: statuses with verbatim evidence, subscores with rationale, risks,
    data readiness, ethics, a POC plan, missing information and a verdict. No totals or financial figures:
    calculators compute those."""

    domain_class: Literal["high-risk", "standard"] = Field(
        description="high-risk for medical, legal, financial advice, hiring or safety; standard otherwise."
    )
    domain_reason: str = Field(description="Why this domain class, citing the proposal.")
    five_questions: list[QuestionJudgement] = Field(description="One entry for each of the five questions.")
    scores: ScoreJudgements
    data_readiness: list[DataStepJudgement] = Field(description="One entry for each data-demand step.")
    ethics: list[EthicsJudgement] = Field(description="One entry each for consent, bias and liability.")
    risks: list[RiskJudgement] = Field(max_length=20)
    poc: PocJudgement
    missing_information: list[str] = Field(description="What the proposal does not state, most important first.")
    questions_before_approval: list[str] = Field(
        description="Questions to answer before approval, most important first."
    )
    verdict: str = Field(description="One paragraph; no totals, priorities or payback figures (tools add them).")

    @model_validator(mode="after")
    def _complete(self) -> ReviewJudgements:
        self.five_questions = _one_each(self.five_questions, "id", QUESTION_IDS, "five_questions")
        self.data_readiness = _one_each(self.data_readiness, "step", DATA_STEP_IDS, "data_readiness")
        self.ethics = _one_each(self.ethics, "item", ETHICS_IDS, "ethics")
        return self


class ProposalField(BaseModel):
    """An extracted proposal field and the sentence it came from (all None when the proposal lacks it)."""

    value: str | None
    source: str | None
    section: str | None


class FiveQuestion(BaseModel):
    """A technical-review question as reported (contract shape plus its id)."""

    id: str
    question: str
    status: Status
    evidence: str | None
    gap: str


class Subscore(BaseModel):
    """One scoring-card part as reported."""

    score: float
    max: int
    rationale: str
    judged: bool
    provisional: bool = False


class Scoring(BaseModel):
    """The scoring card: subscores from the judge, total and priority from `investment_score`."""

    business_value: float
    technical_maturity: float
    resource_demand: float
    total: float
    priority: str
    priority_label: str
    rationale: str
    subscores: dict[str, Subscore]
    provisional: bool = False
    note: str = ""


class Financials(BaseModel):
    """The proposal's own figures through `roi_payback` (and `ai_cost_estimate`); null where absent."""

    investment: float | None = None
    annual_benefit: float | None = None
    monthly_benefit: float | None = None
    monthly_running_cost: float | None = None
    annual_running_cost: float | None = None
    payback_months: float | None = None
    roi_ratio: float | None = None
    net_benefit: float | None = None
    horizon_months: int | None = None
    currency: str | None = None
    sources: dict[str, str] = Field(default_factory=dict)
    note: str = ""


class HallucinationBudget(BaseModel):
    """The domain's hallucination budget and, when the proposal states a rate, whether it is within it."""

    threshold: float
    domain_class: str
    rate: float | None = None
    measured: bool | None = None
    within_budget: bool | None = None
    source: str
    stated_rates: list[dict[str, Any]] = Field(default_factory=list)


class RiskItem(BaseModel):
    """A risk placed on the risk-cost matrix by `risk_cost_matrix`, in the order to act on it."""

    risk: str
    quadrant: str
    mitigation: str
    rank: int
    business_risk: int
    mitigation_cost: int
    action: str
    evidence: str | None = None
    why: str = ""
    ask: str = ""
    source: str = "review"
    covered: bool = False


class PocPlan(BaseModel):
    """The POC four steps: goal, at most three options, resource limits, and the report to write."""

    goal: str | None
    options: list[dict[str, Any]]
    limits: dict[str, Any]
    winner: str | None = None
    report: str


class CheckItem(BaseModel):
    """A data-readiness step or ethics item as reported."""

    id: str
    name: str
    status: str
    evidence: str | None
    gap: str


class Review(BaseModel):
    """The `review --json` contract object, with extras for traceability."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["llm", "offline"]
    file: str
    title: str
    domain_class: Literal["high-risk", "standard"]
    domain_reason: str
    proposal: dict[str, ProposalField]
    five_questions: list[FiveQuestion]
    scoring: Scoring
    financials: Financials
    hallucination_budget: HallucinationBudget
    data_readiness: list[CheckItem]
    ethics: list[CheckItem]
    risks: list[RiskItem]
    poc_plan: PocPlan
    missing_information: list[str]
    questions_before_approval: list[str]
    verdict: str
    decision: Literal["approve", "approve_with_conditions", "defer", "reject"] = "defer"
    conditions: list[str] = Field(default_factory=list)
    blockers: list[dict[str, str]] = Field(default_factory=list)
    language: Literal["en", "zh"] = "en"
    domains: list[dict[str, Any]] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    sources: list[dict[str, Any]] = Field(default_factory=list)
    tool_calls: list[dict[str, Any]] = Field(default_factory=list)
    self_check: dict[str, Any] = Field(default_factory=dict)
    usage: dict[str, Any] = Field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON-ready dict (what `review --json` prints)."""
        return self.model_dump(mode="json")
