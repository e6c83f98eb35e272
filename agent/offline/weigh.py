"""Knowledge answer, calculator or refusal, decided by evidence rather than by whichever keyword fires first.

The evidence for the knowledge cards is how well the question matches the best card by meaning (calibrated,
per-language relevance of the multilingual model, `knowledge.card_fit`; `ON_TOPIC` = clearly relevant). The
evidence for a calculator is its keyword score (the router's), the inputs of it the question states (figures
its own reader takes, `extract`) and whether the question asks for a figure at all (`cues.FIGURE_REQUEST`). A
calculator the question gives no input to and asks no figure of ("What should a POC prove before we sign?",
"GPU 账单翻了三倍，应该从哪一层开始查？") yields to a clearly relevant card; a question is refused only when no
card is relevant. Without the model (keyword-only installs) the router's decision stands.
"""

from __future__ import annotations

from pm_assistant.agent.offline.asking import advice_form
from pm_assistant.agent.offline.cues import FIGURE_REQUEST
from pm_assistant.agent.offline.extract import extract
from pm_assistant.agent.offline.slots import slots_of
from pm_assistant.core.text.lang import answer_lang
from pm_assistant.knowledge.card_fit import card_fits
from pm_assistant.knowledge.relevance import ON_TOPIC

DIAGNOSIS_TAGS = frozenset({"diagnosis", "rag"})  # tags of the cards a RAG failure report is answered from
SUPPORT_RANKS = 4  # best-matching cards (of 32) among which a diagnosis card supports a weak diagnosis cue


def knowledge_fit(question: str) -> float | None:
    """The calibrated relevance of the card that best matches the question, or None without the model."""
    fits = card_fits(question, answer_lang(question))
    return fits[0].relevance if fits else None


def diagnosis_supported(question: str) -> bool:
    """Whether a card about diagnosing RAG or hallucinations is among the `SUPPORT_RANKS` cards that best match
    the question (true too when the model cannot tell): a weak diagnosis cue ("our assistant …") is a failure
    report only with the cards' support."""
    fits = card_fits(question, answer_lang(question))
    return not fits or any(DIAGNOSIS_TAGS.intersection(fit.tags) for fit in fits[:SUPPORT_RANKS])


def knowledge_relevant(question: str) -> bool | None:
    """Whether some card is clearly relevant to the question (None: the model cannot tell here)."""
    fit = knowledge_fit(question)
    return None if fit is None else fit >= ON_TOPIC


def stated_inputs(intent: str, question: str) -> int:
    """How many of the calculator's inputs the question states (as the calculator's own reader reads them)."""
    args = extract(intent, question, lang=answer_lang(question)).args
    slots = {slot.name for slot in slots_of(intent)}  # figures it takes; a currency sign alone is no input
    return sum(value not in (None, "", [], {}) and (not slots or name in slots) for name, value in args.items())


def prefers_knowledge(intent: str, question: str) -> bool:
    """True when a calculator the question lacks inputs for should yield to the knowledge cards: the question asks
    for no figure, states none of the calculator's inputs (or states some but asks what to do), and a card is
    clearly relevant to it."""
    if FIGURE_REQUEST.search(question):
        return False
    if stated_inputs(intent, question) and not advice_form(question):
        return False
    return bool(knowledge_relevant(question))


def asks_what_to_do(question: str) -> bool:
    """True when a question that states a calculator's inputs asks what to do about them rather than for a figure
    ("每月 API 费用 8 万，有哪些办法降下来？"): a relevant card answers it; restating the inputs as a result would not."""
    return not FIGURE_REQUEST.search(question) and advice_form(question) and bool(knowledge_relevant(question))
