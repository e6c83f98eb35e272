"""What the review looks for: the technical-review five questions, the data-demand five steps and the ethics
checklist, each as cue words, a description to match sentences by meaning, and what "addressed" requires.

A criterion is `addressed` when the evidence meets every requirement (e.g. a peak figure *and* a plan for
it), `partial` when there is evidence but some requirement is unmet, and `missing` when nothing in the
text speaks to it. The gap text names the unmet requirements, so it says what to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pm_assistant.agent.offline.numbers import find_quantities


def _money_count(text: str) -> int:
    return sum(q.kind == "money" for q in find_quantities(text))


def has_figure(text: str) -> bool:
    """True when the sentence states a number (money, percent, duration or count)."""
    return bool(find_quantities(text))


Predicate = Callable[[str], bool]


def _regex(pattern: str) -> Predicate:
    compiled = re.compile(pattern, re.IGNORECASE)
    return lambda text: bool(compiled.search(text))


@dataclass(frozen=True)
class Requirement:
    """Something the evidence must show for `addressed`; `label` completes "no …" in the gap text."""

    label: str
    test: Predicate


@dataclass(frozen=True)
class Criterion:
    """One question or checklist step the review judges from the proposal's own sentences."""

    id: str
    question: str
    description: str  # matched by meaning against each sentence
    cues: str  # regex: a sentence with these words speaks to the criterion
    requirements: tuple[Requirement, ...]
    missing_gap: str
    sections: tuple[str, ...] = ()  # section kinds (see extract.heading_kind) whose sentences are evidence

    def matches(self, text: str) -> bool:
        """True when the sentence has the criterion's cue words."""
        return bool(re.search(self.cues, text, re.IGNORECASE))


_NAMED_TECH = (
    r"\bgpt[-\w.]*|\bllama\b|\bclaude\b|\bqwen\b|\bgemini\b|\bmistral\b|\bbert\b|\brag\b|retrieval[- ]augmented"
    r"|fine-?tun\w*|\bclassifier\b|\bocr\b|xgboost|random forest|speech recognition|\bembeddings?\b"
)
_PLAN = (
    r"autoscal\w*|\bqueue\w*|fallback|hand(s|ing)? off|rate[- ]limit\w*|\bcach\w*|degrad\w*|scale out|replicas?"
    r"|throttl\w*|overflow|reserved capacity"
)
_REFRESH = (
    r"feedback|retrain\w*|refresh\w*|flywheel|label(l)?ing queue|new (labell?ed )?data"
    r"|continuous\w* (learn|improv|collect)\w*|data pipeline|update\w* (the )?(index|model)"
)

# Load context: a plan word ("queue", "overflow") or a rate ("per hour") counts only next to one of these, so
# "$250 per hour for overflow work" is a price, not a peak.
_VOLUME = r"(requests|queries|calls|conversations|messages|chats|sessions|users|consultations|tickets|transactions)"
_LOAD = (
    r"\bpeak\w*|spike|surge|burst|concurren\w*|simultaneous\w*|\bqps\b|\brps\b|autoscal\w*|\bload\b|traffic"
    r"|throughput|busy|\bper (second|minute)\b|/s\b|" + _VOLUME + r" (a|per|an|each) (second|minute|hour|day)"
)

FIVE_QUESTIONS: tuple[Criterion, ...] = (
    Criterion(
        "core_technology",
        "What core technology does the solution use?",
        "The model, algorithm or AI technique the solution is built on, such as a large language model, "
        "retrieval-augmented generation, fine-tuning or a classifier, and why it fits the task.",
        _NAMED_TECH + r"|\bllm\b|language models?|transformer|machine learning|\bai\b|neural|\bmodel\b",
        (Requirement("named model or technique", _regex(_NAMED_TECH)),),
        "no core technology is named: say which model or technique, and why it fits the task",
        ("solution",),
    ),
    Criterion(
        "cost_vs_alternatives",
        "How do data, compute and time costs compare with the alternatives?",
        "A comparison of the cost of this option against alternative options: compute, data and time cost "
        "per month or one-off, for example a hosted model versus a self-hosted model.",
        r"alternative|compar\w+|versus|\bvs\.?\b|instead of|rather than|cheaper|more expensive|choosing"
        r" between|trade-?off",
        (Requirement("costed comparison of at least two options", lambda t: _money_count(t) >= 2),),
        "no alternative is costed: compare data, compute and time cost with at least one alternative",
        ("alternatives",),
    ),
    Criterion(
        "bottlenecks",
        "Where might the solution bottleneck after launch?",
        "The weakest part of the system after launch, a known limitation or bottleneck, for example low "
        "accuracy on rare cases or a slow component.",
        r"bottleneck|weak(est|ness)?|limitation|struggl\w*|rare (cases|terms|questions)|edge cases?"
        r"|\bbelow \d|only \d+%|fail\w*",
        (Requirement("measured value for the weak spot", has_figure),),
        "no post-launch bottleneck is named: which case type or layer is weakest, and its measured value?",
        ("limits",),
    ),
    Criterion(
        "peak_load",
        "How does it handle extreme load spikes?",
        "How the system copes with peak traffic and sudden load spikes: peak requests per day or second, "
        "autoscaling, queueing, fallback or hand-off to humans.",
        _LOAD,
        (
            Requirement(
                "peak figure",
                lambda t: (
                    has_figure(t) and bool(re.search(r"peak|spike|surge|per second|per minute|busy|promotion", t, re.I))
                ),
            ),
            Requirement("plan for the peak (queueing, autoscaling, fallback or hand-off)", _regex(_PLAN)),
        ),
        "no plan for peak load: state the peak (requests per day and per second) and how the design handles it",
        ("load",),
    ),
    Criterion(
        "data_sustainability",
        "Is the data sufficient and stable for future model improvements?",
        "A steady supply of new labelled data after launch: user feedback, a labelling queue, retraining or "
        "refreshing the model and index on a schedule, and who maintains it.",
        _REFRESH,
        (
            Requirement("refresh mechanism", _regex(_REFRESH)),
            Requirement(
                "cadence or owner",
                _regex(
                    r"weekly|monthly|daily|every (day|week|month|quarter)|per (week|month)|owned by|owner"
                    r"|maintain\w*|\d+ labels"
                ),
            ),
        ),
        "no plan for fresh data after launch: who supplies new labelled data, and how often the model is refreshed",
    ),
)

DATA_STEPS: tuple[Criterion, ...] = (
    Criterion(
        "task",
        "Define what the AI must accomplish",
        "The task the AI must perform, stated in one sentence, such as answering, classifying or drafting.",
        r"\b(answer|classif|draft|detect|predict|recommend|summari[sz]|propos|triag|extract|generat"
        r"|recogni[sz]|rout|translat|transcrib)\w*",
        (
            Requirement(
                "concrete task",
                _regex(
                    r"\b(answers?|classif\w+|drafts?|detects?|predicts?|recommends?|summari[sz]es?|proposes?"
                    r"|triages?|extracts?|generates?|routes?|recogni[sz]es?)\b"
                ),
            ),
        ),
        "the AI's task is not defined: state in one sentence what it must do",
        ("solution",),
    ),
    Criterion(
        "sources",
        "Identify the data it needs",
        "The kinds of data the AI needs: conversation transcripts, tickets, records, documents, user profiles, labels.",
        r"\b(tickets|transcripts|conversations|dialogues|logs|records|articles|documents|database|emails"
        r"|profiles|historical|dataset|data)\b",
        (Requirement("data volume", has_figure),),
        "no data sources are named: list the data the task needs (e.g. transcripts, tickets, labels)",
        ("data",),
    ),
    Criterion(
        "quality",
        "Set data-quality standards",
        "Quality standards for the training or evaluation data, such as label accuracy above 95% and"
        " intent coverage above 90%.",
        r"(quality|accura\w+|coverage|audit\w*|agreement|error rate).{0,60}(label|data|annotation|intent"
        r"|sample|dataset)"
        r"|(label|data|annotation|intent|sample|dataset).{0,60}(quality|accura\w+|coverage|audit\w*"
        r"|agreement|error rate)",
        (Requirement("numeric quality bar", has_figure),),
        "no data-quality bar: set targets such as label accuracy above 95% and intent coverage above 90%",
    ),
    Criterion(
        "sourcing",
        "Locate the data and its mix",
        "Where the data comes from and in what mix, such as 70% real conversations and 30% simulated ones.",
        r"\b(real|simulated|synthetic|collected|sourced|export\w*|purchas\w*|vendor|public dataset|from (our|the))\b",
        (
            Requirement(
                "share of each source (e.g. real vs simulated)",
                lambda t: any(q.kind == "percent" for q in find_quantities(t)),
            ),
        ),
        "where the data comes from is not stated: give the sources and their mix (e.g. real vs simulated)",
        ("data",),
    ),
    Criterion(
        "refresh",
        "Design a continuous data-refresh mechanism",
        FIVE_QUESTIONS[4].description,
        FIVE_QUESTIONS[4].cues,
        FIVE_QUESTIONS[4].requirements,
        "no data-refresh mechanism: add feedback capture, a labelling queue and a retraining schedule",
    ),
)

ETHICS: tuple[Criterion, ...] = (
    Criterion(
        "consent",
        "Data consent",
        "Users or patients agreed to the use of their personal data, privacy protection, anonymisation.",
        r"consent\w*|opt[- ]in|agreed|privacy|permission|gdpr|pipl|hipaa|anonymi[sz]\w*|de-?identif\w*"
        r"|pseudonymi[sz]\w*|redact\w*|remove (names|personal)",
        (
            Requirement(
                "consent or permission for the data", _regex(r"consent\w*|opt[- ]in|agreed|permission|privacy policy")
            ),
        ),
        "no statement that the people in the data consented to this use",
    ),
    Criterion(
        "bias",
        "Bias balance",
        "Checks that the model treats groups of people fairly: balanced data, bias audits, fairness metrics.",
        r"\bbias\w*|fair\w*|balanced|representative|demographic\w*|under-?represented|disparit\w*",
        (Requirement("bias check with a measure", has_figure),),
        "no check for bias across groups of people (e.g. age, gender, language)",
    ),
    Criterion(
        "liability",
        "Liability statement",
        "Who is responsible for the AI's outputs: advisory-only statements, disclaimers, human confirmation.",
        r"advisory|disclaimer|liabilit\w*|responsib\w*|accountab\w*|human (review|in the loop|confirm\w*)|confirms?",
        (
            Requirement(
                "who is liable for outputs", _regex(r"advisory|disclaimer|liabilit\w*|responsib\w*|accountab\w*")
            ),
        ),
        "no liability statement: say the output is advisory and who is responsible for decisions",
    ),
)

# When an ethics item applies: personal data for consent; decisions about people for bias; outputs people
# act on (advice, direct answers) for liability. High-risk domains make all three apply.
ETHICS_APPLIES: dict[str, str] = {
    "consent": r"personal|customers?'? (data|conversations)|conversations|dialogues|patient|health record"
    r"|medical record|employee|candidate|r[ée]sum[ée]|profiles|user data|tickets|chats?\b|meetings?",
    "bias": r"candidate|applicant|hiring|recruit|loan|credit|patients?|triage|insurance|tenant|students?|grading"
    r"|eligib",
    "liability": r"advice|recommend\w*|diagnos\w*|triage|urgency|decision|directly|refunds?",
}
