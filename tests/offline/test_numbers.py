"""Reading figures from ordinary phrasing: currencies kept as written, suffixes, percentages, durations."""

from __future__ import annotations

import pytest

from pm_assistant.agent.offline.numbers import find_quantities


@pytest.mark.parametrize(
    ("text", "value", "kind", "unit", "period"),
    [
        ("¥800k", 800_000, "money", "¥", None),
        ("$1.5M a year", 1_500_000, "money", "$", "year"),
        ("30,000 per month", 30_000, "number", None, "month"),
        ("2 million yuan", 2_000_000, "money", "yuan", None),
        ("80万元", 800_000, "money", "元", None),
        ("1.2亿 RMB", 120_000_000, "money", "RMB", None),
        ("USD 2M annually", 2_000_000, "money", "USD", "year"),
        ("€120k up front", 120_000, "money", "€", None),
        ("£45k/yr", 45_000, "money", "£", "year"),
        ("1.5 million dollars monthly", 1_500_000, "money", "$", "month"),
        ("¥30/hour", 30, "money", "¥", "hour"),
        ("¥2,000/day", 2_000, "money", "¥", "day"),
        ("3%", 0.03, "percent", "%", None),
        ("3 percent", 0.03, "percent", "%", None),
        ("0.8%", 0.008, "percent", "%", None),
        ("2.3 s", 2.3, "duration", "s", None),
        ("800 ms", 800, "duration", "ms", None),
        ("10 days", 10, "duration", "day", None),
        ("6 months", 6, "duration", "month", None),
        ("990M tokens", 990_000_000, "number", None, None),
    ],
)
def test_one_figure(text: str, value: float, kind: str, unit: str | None, period: str | None) -> None:
    (found,) = find_quantities(text)
    assert found.value == pytest.approx(value)
    assert (found.kind, found.unit, found.period) == (kind, unit, period)
    assert text.startswith(found.raw.split()[0])


def test_figures_come_in_order_with_their_spans() -> None:
    text = "We invest ¥800k and expect ¥1.5M a year in savings"
    first, second = find_quantities(text)
    assert text[slice(*first.span)] == "¥800k" and first.period is None
    assert text[slice(*second.span)] == "¥1.5M a year" and second.period == "year"


def test_names_with_digits_are_not_figures() -> None:
    assert find_quantities("GPT-4 vs Llama-3 on A100 GPUs, see FP1 and P0") == []


def test_a_sentence_end_does_not_swallow_the_figure() -> None:
    assert [q.value for q in find_quantities("It is 5. Then 7.")] == [5, 7]


def test_number_words_only_on_request() -> None:
    assert find_quantities("three engineers") == []
    (three,) = find_quantities("three engineers", words=True)
    assert three.value == 3 and three.kind == "number"


def test_seconds_of_latencies() -> None:
    latency, days = find_quantities("800 ms within 10 days")
    assert latency.seconds == pytest.approx(0.8)
    assert days.seconds is None


def test_bare_counts_in_digits_or_words() -> None:
    from pm_assistant.agent.offline.numbers import parse_count

    assert [parse_count(t) for t in ("1,200", "two", "Twelve", "2.5", "k", "")] == [1200, 2, 12, 2.5, None, None]
