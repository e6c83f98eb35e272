"""The review's cue words (`data/cues.yaml`, English and Chinese) compiled into matchers.

English cues match at a word start and case-insensitively (so "cost" finds "costs"; cues of three letters or
fewer must end at a word end, so "run" is not "rung"); Chinese cues match anywhere. When cues of two kinds
overlap in one text, the longer match wins ("dry run" is results, not running cost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_CJK = re.compile(r"[\u3400-\u9fff]")


def _pattern(cue: str) -> str:
    if _CJK.search(cue) or not cue[:1].isalnum():
        return re.escape(cue)
    end = r"(?![A-Za-z])" if len(cue) <= 3 else ""
    return rf"(?<![A-Za-z]){re.escape(cue)}{end}"


@dataclass(frozen=True)
class CueSet:
    """Named groups of cue words, each compiled once."""

    patterns: dict[str, re.Pattern[str]]

    @classmethod
    def from_lists(cls, groups: dict[str, list[str]]) -> CueSet:
        """Compile each group's cues into one alternation (longest cue first)."""
        return cls(
            {
                name: re.compile("|".join(_pattern(c) for c in sorted(map(str, cues), key=len, reverse=True)), re.I)
                for name, cues in groups.items()
                if cues
            }
        )

    def has(self, group: str, text: str) -> bool:
        """True when the text has a cue of the group."""
        pattern = self.patterns.get(group)
        return bool(pattern and pattern.search(text))

    def find(self, group: str, text: str) -> list[re.Match[str]]:
        """Every cue of the group in the text."""
        pattern = self.patterns.get(group)
        return list(pattern.finditer(text)) if pattern else []

    def kinds(self, text: str) -> list[str]:
        """The groups named in the text, in order of first appearance; a match inside a longer match of
        another group does not count."""
        hits = [(m.start(), m.end(), name) for name in self.patterns for m in self.find(name, text)]
        kept = [
            h
            for h in hits
            if not any(o[2] != h[2] and o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] > h[1] - h[0] for o in hits)
        ]
        order: list[str] = []
        for _, _, name in sorted(kept):
            if name not in order:
                order.append(name)
        return order


@cache
def _data() -> dict[str, Any]:
    text = resources.files("pm_assistant.agent.review").joinpath("data/cues.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def section_cues() -> CueSet:
    """Heading and label cues per section kind (English and Chinese together)."""
    return CueSet.from_lists({k: v.get("en", []) + v.get("zh", []) for k, v in _data()["sections"].items()})


@cache
def section_descriptions() -> dict[str, str]:
    """What each section kind is about, matched by meaning against headings with no cue word."""
    return {k: v["description"] for k, v in _data()["sections"].items()}


@cache
def figure_cues() -> CueSet:
    """Words that say what a figure is (total, one-off, cost, benefit, net, gross, chosen option…)."""
    return CueSet.from_lists(_data()["figures"])


@cache
def rate_cues() -> CueSet:
    """Words that make a percentage an error rate, a positive metric, a target or a measurement."""
    return CueSet.from_lists(_data()["rates"])


@cache
def question_cues(question: str) -> CueSet:
    """The evidence cue groups of one of the five questions (e.g. `load` and `plan` for peak_load)."""
    return CueSet.from_lists(_data()["questions"][question])


@cache
def question_criteria(question: str) -> tuple[str, ...]:
    """What answers one of the five questions, in English and Chinese, for placement by meaning."""
    criteria: list[str] = _data()["criteria"][question]
    return tuple(criteria)
