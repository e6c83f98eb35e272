"""The project's one reader of figures in English and Chinese text: amounts, percentages, ratios, counts,
durations, factors, years, ordinals and scores, with their currency, period and denominator.

    >>> [q.as_dict()["value"] for q in read_quantities("$12k/mo for 2 A100s, 每月服务器费用4万")]
    [12000.0, 2.0, 40000.0]

Modules: `model` defines `Quantity` and `Per`; `numerals` reads one numeral (`parse_number`, with `cn2an` and
`text2num`); `vocab` lists the words around figures and `patterns` compiles them; `ends` reads one figure with
its multiplier, unit and currency; `reader` finds figures, joins ranges, changes and ratios, and reads periods
and denominators from context (`read_quantities`); `products` multiplies a rate by the heads, hours or share of a
volume it is paid for.
"""

from pm_assistant.core.text.quantities.model import KINDS, Kind, Per, Period, Quantity
from pm_assistant.core.text.quantities.numerals import parse_number
from pm_assistant.core.text.quantities.reader import read_quantities

__all__ = ["KINDS", "Kind", "Per", "Period", "Quantity", "parse_number", "read_quantities"]
