"""Every generated word of a review in the review's language, by one mechanism (`data/report.yaml`):
`say` renders a sentence template keyed by an id (`texts`, English and Chinese, {placeholders} for figures
and names), `tr` turns a fixed English phrase into its Chinese label (`labels`). English stays as written."""

from __future__ import annotations

from collections.abc import Iterable

from pm_assistant.agent.review.five_questions import report_words


def say(key: str, lang: str, **values: object) -> str:
    """The `texts` template `key` in the review's language ("zh" or English), filled with `values`."""
    template = report_words()["texts"][key]
    return str(template["zh" if lang == "zh" else "en"]).format(**values)


def tr(text: str, lang: str) -> str:
    """A fixed English phrase in the review's language (labels are keyed by their English wording)."""
    return str(report_words()["labels"].get(text, text)) if lang == "zh" else text


def join(items: Iterable[str], lang: str, key: str = "sep") -> str:
    """Items joined with the language's separator (`texts`: sep "; " / "；", and_no " and no " / "、")."""
    return say(key, lang).join(items)
