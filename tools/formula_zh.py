"""The calculators' working lines in Chinese, for answers and reports in Chinese.

A calculator writes its `formula` in English (the JSON contract keeps it so, and the figures in it are what the
self-check traces). A Chinese answer shows the same line with its terms from one phrase table
(`data/formula_zh.json`): every figure stays exactly as the calculator wrote it, and a term the user supplied in
quotes (a domain word, say) is left alone.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

_FIGURE = r"[^\s;()]+"  # what {n} and {m} stand for: one figure as written (¥1,980, 12.5%, 3)
_QUOTED = "'[^']*'"


@cache
def _table() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One pattern with a group per phrase (longest first, whole words only), and each group's Chinese template."""
    text = resources.files("pm_assistant.tools").joinpath("data/formula_zh.json").read_text(encoding="utf-8")
    phrases: dict[str, str] = json.loads(text)["phrases"]
    ordered = sorted(phrases, key=len, reverse=True)
    alternatives = [f"(?P<q>{_QUOTED})"]
    for index, english in enumerate(ordered):
        pieces = re.split(r"(\{[nm]\})", english)
        body = "".join(f"(?P<{p[1]}{index}>{_FIGURE})" if p in ("{n}", "{m}") else re.escape(p) for p in pieces)
        alternatives.append(f"(?P<p{index}>(?<![A-Za-z_]){body}(?![A-Za-z_]))")
    return re.compile("|".join(alternatives)), tuple(phrases[e] for e in ordered)


def formula_zh(text: str) -> str:
    """`text` (a calculator's working line or explanation) with its English terms in Chinese."""
    pattern, templates = _table()

    def chinese(match: re.Match[str]) -> str:
        if match.group("q") is not None:
            return match.group(0)
        index = int(str(match.lastgroup)[1:])
        figures = {name: match.group(f"{name}{index}") for name in "nm" if f"{name}{index}" in pattern.groupindex}
        return templates[index].format(**figures)

    return pattern.sub(chinese, text)
