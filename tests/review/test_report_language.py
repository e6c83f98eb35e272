"""A Chinese proposal's review is Chinese in every generated word; an English one stays English.

Generated words are every cell, paragraph and item the review writes itself; what it quotes from the proposal
(evidence columns, quoted sentences), figures, tool and card ids and `code` (a command) stay as they are. The
calculators' formula lines are tool output in English and are left out (see `UNTRANSLATED`).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from pm_assistant.agent.review.build import review_file
from pm_assistant.agent.review.reader import read_proposal
from pm_assistant.agent.review.render import QUOTED, blocks, to_markdown
from pm_assistant.agent.review.wording import report_words
from pm_assistant.core.config import Settings
from pm_assistant.core.text.lang import detect_lang
from tests.review.conftest import COMPLETE, MEDICAL, SAMPLES, THIN

DATA = Path(__file__).parent / "data"
PROPOSALS = sorted(
    [SAMPLES / "zh_outpatient_precheck.md"]
    + [p for p in DATA.glob("proposals*/*") if p.suffix in (".md", ".txt", ".docx")]
)
CHINESE = [p for p in PROPOSALS if detect_lang(read_proposal(p).text) == "zh"]
UNTRANSLATED = {"Calculations"}  # the calculators' formulas: English tool output
WORD_RUN = re.compile(r"[A-Za-z][A-Za-z'-]*(?:[ ,;:]+[A-Za-z][A-Za-z'-]*)+")


def _english_runs(text: str, proposal: str) -> list[str]:
    """Runs of two or more ASCII words that are neither in the proposal nor ids (snake_case, kebab-case)."""
    return [
        run
        for run in WORD_RUN.findall(re.sub(r"`[^`]*`", "", text))
        if run not in proposal
        and not all("_" in w or "-" in w for w in re.split(r"[ ,;:]+", run) if w)
    ]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(home=tmp_path_factory.mktemp("home"))


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_chinese_review_has_no_generated_english(path: Path, home: Settings) -> None:
    review = review_file(path, home, offline=True, embedder=None, search=None)
    assert review.language == "zh"
    proposal = read_proposal(path).text
    english = []
    for block in blocks(review):
        if block.heading in {report_words()["labels"][h] for h in UNTRANSLATED}:
            continue
        quoted = {i for i, c in enumerate(block.columns) if c in {report_words()["labels"][q] for q in QUOTED}}
        cells = [c for row in block.rows for i, c in enumerate(row) if i not in quoted]
        for text in [block.heading, *block.columns, *cells, block.text, *block.items]:
            english += _english_runs(text, proposal)
    assert english == []
    first_lines = to_markdown(review).splitlines()[:3]
    assert not [run for line in first_lines for run in _english_runs(line, proposal + path.name)]


@pytest.mark.parametrize("path", [COMPLETE, MEDICAL, THIN], ids=lambda p: p.name)
def test_an_english_review_stays_english(path: Path, home: Settings) -> None:
    markdown = to_markdown(review_file(path, home, offline=True, embedder=None, search=None))
    assert not re.search(r"[\u4e00-\u9fff]", markdown)
    assert markdown.startswith("# Review: ")
    assert "Domain class **" in markdown and " Source: hallucination_budget " in markdown


def test_both_languages_of_a_text_take_the_same_figures() -> None:
    fields = string.Formatter()
    for key, template in report_words()["texts"].items():
        names = {lang: {f for _, f, _, _ in fields.parse(template[lang]) if f} for lang in ("en", "zh")}
        assert names["en"] == names["zh"], key
