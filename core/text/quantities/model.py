"""What the quantity reader returns: `Quantity` (one figure with its kind, unit, period and denominator) and `Per`.

Values are plain floats after multipliers ("$12k" → 12000), percentages are fractions (3% → 0.03) and a range
keeps its low end in `value` and its high end in `high`. Conversions use the calculators' calendar: a 30-day
month, a 12-month year and round-the-clock hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pm_assistant.core.text.quantities.vocab import PER_PERIOD_FACTOR, SECONDS

Kind = Literal["money", "percent", "ratio", "tokens", "count", "duration", "factor", "year", "ordinal", "score", "number"]
Period = Literal["minute", "hour", "day", "week", "month", "quarter", "year"]
KINDS: tuple[Kind, ...] = (
    "money", "percent", "ratio", "tokens", "count", "duration", "factor", "year", "ordinal", "score", "number",
)
"""What a quantity measures:

- money: an amount with a currency marker ($, ¥, 元, EUR, rupees, …); without one an amount is a `number`
- percent: %, percent, pct, 百分之, 个百分点 — `value` is a fraction (3% → 0.03)
- ratio: part / total ("10 of 400 outputs", "1 in 20", "1/3 of users", "400条里错了10条"), `unit` the thing
- tokens / count: a number of tokens / of a named thing (`unit`: "gpu", "engineer", "person", "user", …)
- duration: a length of time (`unit`: "ms", "s", "min", "hour", "day", "week", "month", "year")
- factor: a multiplier ("3x", "3 times", "doubles", "翻倍", "减半", "3倍")
- year: a calendar year (2025, 2025年, FY2026); ordinal: 6th, 第6; score: 80分, 35 points
- number: any other figure
"""


@dataclass(frozen=True)
class Per:
    """A denominator that is not a time period: "$0.5 per million tokens" → Per(1_000_000, "token"),
    "$3 per sample" → Per(1, "sample"), "$0.5 per million" → Per(1_000_000, None)."""

    value: float
    unit: str | None


@dataclass(frozen=True)
class Quantity:
    """One figure in a text: its value, what it measures and where it is written.

    `span` covers the numeral with its multiplier, currency, unit, range end and period phrase written after it
    (a period or denominator written before the figure, as in "monthly spend: $12k", is reported but not
    spanned); `text` is `text[span[0]:span[1]]`. `unit` is the thing counted for counts, ratios and tokens
    ("gpu", "engineer", "token", …) and the unit of a duration ("ms", "s", "min", "hour", "day", "week",
    "month", "year"); `currency` is an ISO code (USD, CNY, EUR, GBP, INR, JPY).
    """

    value: float
    kind: Kind
    span: tuple[int, int]
    text: str
    high: float | None = None
    currency: str | None = None
    period: Period | None = None
    unit: str | None = None
    per: Per | None = None

    def monthly(self) -> float | None:
        """The value per month for a rate (per hour ×720, per day ×30, per week ×30/7, per year ÷12); None
        when the quantity has no period."""
        return None if self.period is None else self.value * PER_PERIOD_FACTOR[self.period]

    def seconds(self) -> float | None:
        """A duration in seconds (30-day month, 360-day year); None for other kinds."""
        if self.kind != "duration" or self.unit not in SECONDS:
            return None
        return self.value * SECONDS[self.unit]

    def as_dict(self) -> dict[str, Any]:
        """The quantity as JSON-ready data: value, kind, text and span, plus high, currency, period, unit and
        per (as {"value", "unit"}) when set."""
        data: dict[str, Any] = {"value": self.value, "kind": self.kind, "text": self.text, "span": list(self.span)}
        for key in ("high", "currency", "period", "unit"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        if self.per is not None:
            data["per"] = {"value": self.per.value, "unit": self.per.unit}
        return data
