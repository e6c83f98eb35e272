"""The risks a proposal states, each paired with its mitigation.

Authors write a risk and its mitigation in one sentence ("risk; mitigation: fix"), as two sentences of one
bullet ("Risk. Mitigation: fix."), or with the mitigation on a line or sub-bullet of its own. All three pair
up here, so a mitigation is never read as a risk of its own. Table rows (a cost table under "Risks") and
lead-in lines ("The main risks are:") are not risks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pm_assistant.agent.review.structure import Sentence

# "Mitigation: ...", "Mitigated by ...", "To mitigate this, ...", "We will mitigate it by ..." at a sentence start.
_MITIGATION_LEAD = re.compile(
    r"^(?:mitigations?|mitigated by|(?:to|we (?:will |can )?)mitigate(?: (?:this|it))?(?: by)?|safeguards?"
    r"|countermeasures?|应对|缓解措施|措施|对策)\b\s*[:\-–,：]?\s*",
    re.IGNORECASE,
)
# A sentence that goes on about the previous one ("This would ...", "We also ...") rather than naming a new risk.
_CONTINUES = re.compile(
    r"^(?:this|that|it|its|they|these|those|which|also|otherwise|and|but|so|then|we|our|for example|e\.g\.)\b",
    re.IGNORECASE,
)
_INLINE_MITIGATION = re.compile(
    r"[;.,；，。]?\s*(?:\b(?:mitigations?|mitigated by)\b|[—–-]{1,2}\s*(?:应对|措施|对策|缓解)|(?:应对|对策)[:：])\s*[:\-–：]?\s*",
    re.IGNORECASE,
)


@dataclass
class StatedRisk:
    """A risk as the proposal states it, its mitigation ("" when none is stated) and the quoted text."""

    sentence: Sentence
    risk: str
    mitigation: str
    evidence: str


def split_risk(text: str) -> tuple[str, str]:
    """Split "risk; mitigation: fix" into (risk, mitigation); the mitigation is "" when the text states none."""
    parts = _INLINE_MITIGATION.split(text, maxsplit=1)
    return parts[0].strip(" ;.,") or text, (parts[1].strip() if len(parts) > 1 else "")


def stated_risks(sentences: list[Sentence]) -> list[StatedRisk]:
    """Risks in document order, each with the mitigation stated beside it, after it, or on its own line; a
    sentence of the same bullet that goes on about a risk ("This would ...") stays with it."""
    risks: list[StatedRisk] = []
    for sentence in sentences:
        text = sentence.body.strip()
        if sentence.table or text.endswith(":"):
            continue
        last = risks[-1] if risks else None
        lead = _MITIGATION_LEAD.match(text)
        if lead:
            if last is not None and not last.mitigation:
                last.mitigation = text[lead.end() :].strip()
                last.evidence += " " + text
            continue  # a mitigation with no risk before it names no risk
        if last is not None and sentence.block == last.sentence.block and _CONTINUES.match(text):
            if last.mitigation:
                last.mitigation += " " + text
            last.evidence += " " + text
            continue
        risk, mitigation = split_risk(text)
        risks.append(StatedRisk(sentence, risk, mitigation, text))
    return risks
