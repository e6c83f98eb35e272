"""What the review looks for besides the five questions (`five_questions`): the data-demand five steps and the
ethics checklist, each as cue words, a description to match sentences by meaning, and what "addressed" requires.

A criterion is `addressed` when the evidence meets every requirement (e.g. a peak figure *and* a plan for
it), `partial` when there is evidence but some requirement is unmet, and `missing` when nothing in the
text speaks to it. The gap text names the unmet requirements, so it says what to add.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pm_assistant.agent.review.structure import normalise
from pm_assistant.core.text.quantities import read_quantities


def has_figure(text: str) -> bool:
    """True when the sentence states a number (money, percent, duration or count)."""
    return bool(read_quantities(normalise(text)))


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


_REFRESH = (
    r"feedback|retrain\w*|refresh\w*|flywheel|label(l)?ing queue|new (labell?ed )?data"
    r"|continuous\w* (learn|improv|collect)\w*|data pipeline|update\w* (the )?(index|model)"
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
                lambda t: any(q.kind == "percent" for q in read_quantities(normalise(t))),
            ),
        ),
        "where the data comes from is not stated: give the sources and their mix (e.g. real vs simulated)",
        ("data",),
    ),
    Criterion(
        "refresh",
        "Design a continuous data-refresh mechanism",
        "A steady supply of new labelled data after launch: user feedback, a labelling queue, retraining or "
        "refreshing the model and index on a schedule, and who maintains it.",
        _REFRESH + r"|反馈|回流|标注数据|人工标注|再训练|重新训练|更新",
        (
            Requirement("refresh mechanism", _regex(_REFRESH + r"|反馈|回流|标注数据|人工标注|再训练|重新训练|更新")),
            Requirement("cadence or owner", _regex(r"weekly|monthly|daily|every|owner|maintain\w*|每天|每周|每月|定期|负责")),
        ),
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
