"""Every generated word of a review in the review's language, by one mechanism (`data/report.yaml`):
`say` renders a sentence template keyed by an id (`texts`, English and Chinese, {placeholders} for figures
and names), `tr` turns a fixed English phrase into its Chinese label (`labels`). English stays as written."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import yaml

from pm_assistant.tools.formula_zh import formula_zh


@cache
def report_words() -> dict[str, Any]:
    """The report's words in both languages (`data/report.yaml`)."""
    text = resources.files("pm_assistant.agent.review").joinpath("data/report.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def say(key: str, lang: str, **values: object) -> str:
    """The `texts` template `key` in the review's language ("zh" or English), filled with `values`."""
    template = report_words()["texts"][key]
    return str(template["zh" if lang == "zh" else "en"]).format(**values)


def tr(text: str, lang: str) -> str:
    """A fixed English phrase in the review's language (labels are keyed by their English wording)."""
    return str(report_words()["labels"].get(text, text)) if lang == "zh" else text


def formula(text: str, lang: str) -> str:
    """A calculator's working in the review's language (the calculators' own phrase table, `tools.formula_zh`),
    figures untouched; English stays as written."""
    return formula_zh(text) if lang == "zh" else text


def join(items: Iterable[str], lang: str, key: str = "sep") -> str:
    """Items joined with the language's separator (`texts`: sep "; " / "；", and_no " and no " / "、")."""
    return say(key, lang).join(items)


class Notes(list[str]):
    """Run notes in the review's language: `say` appends the `texts` template `key` filled with `values`."""

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang

    def say(self, key: str, **values: object) -> None:
        """Append one note in the notes' language."""
        self.append(say(key, self.lang, **values))
