"""Every consumer of figures sees the same quantities: the offline planner, the self-check, proposal review and
`diagnose` all read the phrase table through the one quantity reader, and differ only in the kinds each one
declares it leaves out (calendar years and ranks everywhere; the self-check also leaves English number words in
an answer to the prose, "two inputs")."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pm_assistant.agent.diagnose.figures import figures as diagnose_figures
from pm_assistant.agent.offline.binding import question_quantities
from pm_assistant.agent.review.structure import Sentence, quantities_in
from pm_assistant.agent.selfcheck.grounding import extract_figures
from pm_assistant.core.text.quantities import Quantity, read_quantities

TABLE = Path(__file__).resolve().parents[1] / "data" / "quantity_phrases.jsonl"
PHRASES = [json.loads(line)["text"] for line in TABLE.read_text(encoding="utf-8").splitlines() if line.strip()]
LEFT_OUT = frozenset({"year", "ordinal"})  # what no consumer treats as an amount

WRITTEN = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿]")  # figures the self-check traces in an answer
Reading = tuple[tuple[float, float | None, str, str | None, str | None], ...]


def _typed(quantities: list[Quantity] | tuple[Quantity, ...], written_only: bool = False) -> Reading:
    """What a consumer works with: value (and range end), kind, currency, period."""
    return tuple((q.value, q.high, q.kind, q.currency, q.period) for q in quantities
                 if q.kind not in LEFT_OUT and (not written_only or WRITTEN.search(q.text)))


CONSUMERS: dict[str, Callable[[str], Reading]] = {
    "planner": lambda text: _typed(question_quantities(text)),
    "self-check": lambda text: _typed(extract_figures(text)),
    "review": lambda text: _typed(quantities_in(Sentence(text, None, 0))),
    "diagnose": lambda text: _typed(diagnose_figures(text)),
}


def test_the_table_is_large_and_bilingual() -> None:
    assert len(PHRASES) >= 150
    assert sum(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in PHRASES) >= 50


@pytest.mark.parametrize("consumer", sorted(CONSUMERS))
def test_each_consumer_sees_what_the_reader_sees(consumer: str) -> None:
    read = CONSUMERS[consumer]
    written_only = consumer == "self-check"
    differ = [text for text in PHRASES if read(text) != _typed(read_quantities(text), written_only)]
    assert not differ, f"{consumer} reads {len(differ)} phrases differently, e.g. {differ[:3]}"
