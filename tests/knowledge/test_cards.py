"""Card validation (every packaged card) and the card parser's handling of malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.knowledge.cards import CARDS_DIR, REQUIRED_SECTIONS, CardError, card_problems, load_cards, parse_card

CONTRACT_CARD_IDS = """
working-backwards act-now-mvp hallucination-diagnosis-checklist annotation-sop pmf-vs-tpf managing-ai-expectations
ai-onboarding ai-pm-roles-hiring ai-pm-skill-stack ai-product-metrics ai-business-models pm-interview-questions
ai-product-characteristics ai-pm-core-skills human-ai-collaboration data-demand-five-steps risk-cost-matrix
value-bridge ai-knowledge-checklist architecture-bottlenecks metrics-to-business hallucination-control-thresholds
ai-cost-calculator technical-review-five-questions poc-four-steps investment-scoring-card differentiation-matrix
tech-trend-radar lifelong-learning ethics-checklist rag-failure-points rag-triad
""".split()
CONTRACT_CALCULATORS = {
    "roi_payback", "ai_cost_estimate", "custom_model_cost", "investment_score", "risk_cost_matrix",
    "classification_metrics", "poc_compare", "hallucination_budget", "cache_savings", "differentiation_matrix",
    "token_count",
}
CARD_FILES = sorted(CARDS_DIR.glob("*.md"))

GOOD = """---
id: demo-card
title: Demo: a card with a colon
source: "An Article Title" (Publisher)
tags: [demo, test]
use_when: testing the parser
---
## What it is
Text.
## How to apply it
1. Step.
## Worked example
Numbers.
## Pitfalls
- One.
## Related
- card: other-card
- calculator: roi_payback
"""


def test_every_contract_card_exists() -> None:
    ids = {card.id for card in load_cards()}
    assert sorted(set(CONTRACT_CARD_IDS) - ids) == []


@pytest.mark.parametrize("path", CARD_FILES, ids=[p.stem for p in CARD_FILES])
def test_card_is_valid(path: Path) -> None:
    card = parse_card(path.read_text(encoding="utf-8"), path.name, path)
    assert card.id == path.stem
    assert card.title and card.use_when and card.tags
    assert '"' in card.source, "source must name the article it draws on by title, in quotes"
    assert [s for s in card.sections if s in REQUIRED_SECTIONS] == list(REQUIRED_SECTIONS)
    assert all(card.sections[s].strip() for s in REQUIRED_SECTIONS)
    assert card.related_cards or card.related_calculators, "Related lists no card or calculator"


def test_card_set_is_consistent() -> None:
    """Unique ids (load_cards raises otherwise), Related ids exist, calculators are contract names."""
    cards = load_cards()
    assert len({c.id for c in cards}) == len(cards)
    assert card_problems(cards, CONTRACT_CALCULATORS) == []


def test_contract_calculators_are_registered() -> None:
    from pm_assistant.tools.registry import TOOLS

    assert CONTRACT_CALCULATORS <= set(TOOLS)


def test_parse_accepts_the_documented_front_matter() -> None:
    card = parse_card(GOOD, "demo.md")
    assert card.title == "Demo: a card with a colon"
    assert card.source == '"An Article Title" (Publisher)'
    assert card.tags == ["demo", "test"]
    assert list(card.sections) == list(REQUIRED_SECTIONS)
    assert card.related_cards == ["other-card"] and card.related_calculators == ["roi_payback"]
    assert len(card.content_hash) == 16 and card.content_hash != parse_card(GOOD + "x", "demo.md").content_hash


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("---\nid", "id", 1), "missing front matter"),
        (GOOD.replace("use_when: testing the parser\n---", "use_when: x"), "not closed"),
        (GOOD.replace("use_when: testing the parser\n", ""), "lacks use_when"),
        (GOOD.replace("tags: [demo, test]", "tags: demo"), "tags must be a list"),
        (GOOD.replace("## Pitfalls", "## What it is"), "appears twice"),
        (GOOD.replace("id: demo-card\n", "id: demo-card\nid: again\n"), "appears twice"),
    ],
)
def test_malformed_cards_raise_one_line_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(CardError) as info:
        parse_card(text, "broken.md")
    assert str(info.value).startswith("broken.md: ") and message in str(info.value)
    assert "\n" not in str(info.value)


def test_duplicate_ids_across_files_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD, encoding="utf-8")
    with pytest.raises(CardError, match="b.md: card id 'demo-card' is already used by a.md"):
        load_cards(tmp_path)


def test_card_problems_finds_each_kind_of_fault(tmp_path: Path) -> None:
    path = tmp_path / "wrong-name.md"
    text = GOOD.replace("## Worked example\nNumbers.\n", "").replace("## Pitfalls\n- One.", "## Pitfalls\n")
    path.write_text(text.replace("roi_payback", "no_such_tool"), encoding="utf-8")
    problems = card_problems(load_cards(tmp_path), CONTRACT_CALCULATORS)
    assert any("does not match the file name" in p for p in problems)
    assert any("sections must be" in p for p in problems)
    assert any("section 'Pitfalls' is empty" in p for p in problems)
    assert any("unknown card 'other-card'" in p for p in problems)
    assert any("unknown calculator 'no_such_tool'" in p for p in problems)
