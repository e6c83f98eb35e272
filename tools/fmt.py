"""Number formatting and rounding for calculator results and the `formula` strings that show the working."""

from __future__ import annotations

import math


def num(value: float, decimals: int = 2) -> str:
    """1234567.5 -> '1,234,567.5'; whole numbers lose their decimals; small values keep 4 significant digits."""
    if 0 < abs(value) < 1:
        decimals = min(max(decimals, 3 - math.floor(math.log10(abs(value)))), 12)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def money(value: float, currency: str | None) -> str:
    """An amount in the user's currency: '¥800,000', 'USD 1,980', '1,980元', or '1,980' without one."""
    sign, shown = ("-" if value < 0 else ""), num(abs(value))
    if not currency:
        return f"{sign}{shown}"
    if currency.isascii() and currency.isalpha():
        return f"{sign}{currency} {shown}"
    if currency.isalpha():  # a word such as 元 or 円 follows the amount
        return f"{sign}{shown}{currency}"
    return f"{sign}{currency}{shown}"


def pct(fraction: float, decimals: int = 1) -> str:
    """0.875 -> '87.5%'."""
    return f"{num(fraction * 100, decimals)}%"


def round_money(value: float) -> float:
    """Money in results: to the cent, but amounts under 1 keep 4 significant digits (unit prices, tiny costs)."""
    if 0 < abs(value) < 1:
        return float(f"{value:.4g}")
    return round(value, 2)


def round_ratio(value: float) -> float:
    """Ratios and rates in results: four decimals (0.8750)."""
    return round(value, 4)
