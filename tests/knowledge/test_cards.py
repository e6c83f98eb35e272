"""Card validation (every packaged card, both languages) and the card parser's handling of malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.knowledge.cards import (
    HEADINGS,
    REQUIRED_SECTIONS,
    CardError,
    card_files,
    card_problems,
    load_cards,
    parse_card,
)

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
CARD_FILES = card_files()

GOOD = """---
id: demo-card
lang: en
title: 'Demo: a card with a colon'
source: '"An Article Title" (Publisher)'
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

CHINESE = """---
id: demo-card
lang: zh
title: 演示卡片
source: '"An Article Title" (Publisher)'
tags:
  - demo
  - test
keywords: [演示, 测试]
use_when: 测试解析器时
---
## 是什么
文字。
## 怎么用
1. 步骤。
## 案例
数字。
## 常见误区
- 一条。
## 相关
- card: other-card
- calculator: roi_payback
"""


def test_every_contract_card_exists_in_both_languages() -> None:
    for lang in HEADINGS:
        assert sorted(set(CONTRACT_CARD_IDS) - {card.id for card in load_cards(lang=lang)}) == [], lang


@pytest.mark.parametrize("path", CARD_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in CARD_FILES])
def test_card_is_valid(path: Path) -> None:
    card = parse_card(path.read_text(encoding="utf-8"), path.name, path)
    assert card.id == path.stem and card.lang == path.parent.name
    assert card.title and card.use_when and card.tags
    assert card.source.startswith('"'), "source must name the article it draws on by title, in quotes"
    assert [s for s in card.sections if s in REQUIRED_SECTIONS] == list(REQUIRED_SECTIONS)
    assert [card.headings[s] for s in REQUIRED_SECTIONS] == list(HEADINGS[card.lang])
    assert all(card.sections[s].strip() for s in REQUIRED_SECTIONS)
    assert card.related_cards or card.related_calculators, "Related lists no card or calculator"


def test_card_set_is_consistent() -> None:
    """Unique ids per language (load_cards raises otherwise), Related ids exist, calculators are contract
    names, and every translation agrees with its English twin on tags, source and links."""
    cards = load_cards()
    assert len(cards) == 2 * len(CONTRACT_CARD_IDS)
    assert card_problems(cards, CONTRACT_CALCULATORS) == []


def test_contract_calculators_are_registered() -> None:
    from pm_assistant.tools.registry import TOOLS

    assert CONTRACT_CALCULATORS <= set(TOOLS)


def test_parse_reads_the_yaml_front_matter() -> None:
    card = parse_card(GOOD, "demo.md")
    assert (card.id, card.lang, card.title) == ("demo-card", "en", "Demo: a card with a colon")
    assert card.source == '"An Article Title" (Publisher)'
    assert card.tags == ["demo", "test"] and card.keywords == []
    assert list(card.sections) == list(REQUIRED_SECTIONS)
    assert card.related_cards == ["other-card"] and card.related_calculators == ["roi_payback"]
    assert len(card.content_hash) == 16 and card.content_hash != parse_card(GOOD + "x", "demo.md").content_hash


def test_chinese_headings_map_to_the_canonical_sections_and_block_lists_are_read() -> None:
    card = parse_card(CHINESE, "zh/demo.md")
    assert card.lang == "zh" and card.tags == ["demo", "test"] and card.keywords == ["演示", "测试"]
    assert list(card.sections) == list(REQUIRED_SECTIONS)
    assert card.headings["How to apply it"] == "怎么用" and card.sections["How to apply it"] == "1. 步骤。"
    assert card.related_cards == ["other-card"] and card.related_calculators == ["roi_payback"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("---\nid", "id", 1), "missing front matter"),
        (GOOD.replace("use_when: testing the parser\n---", "use_when: x"), "not closed"),
        (GOOD.replace("use_when: testing the parser\n", ""), "lacks use_when"),
        (GOOD.replace("lang: en\n", ""), "lacks lang"),
        (GOOD.replace("lang: en", "lang: fr"), "lang must be one of en, zh"),
        (GOOD.replace("tags: [demo, test]", "tags: demo"), "tags must be a list"),
        (GOOD.replace("tags: [demo, test]", "tags: [demo, test]\nkeywords: one"), "keywords must be a list"),
        (GOOD.replace("title: 'Demo: a card with a colon'", "title: Demo: a card"), "not valid YAML"),
        (GOOD.replace("title: 'Demo: a card with a colon'", "title: Demo: a card"), "at line 4"),
        (GOOD.replace("title: 'Demo: a card with a colon'", "title: [a, b]"), "title must be text"),
        (GOOD.replace("## Pitfalls", "## What it is"), "appears twice"),
        (GOOD.replace("id: demo-card\n", "id: demo-card\nid: again\n"), "field 'id' appears twice"),
        (GOOD.replace("---\n## What", "- a list\n---\n## What"), "not valid YAML"),
    ],
)
def test_malformed_cards_raise_one_line_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(CardError) as info:
        parse_card(text, "broken.md")
    assert str(info.value).startswith("broken.md: ") and message in str(info.value)
    assert "\n" not in str(info.value)


def _write(root: Path, lang: str, name: str, text: str) -> None:
    (root / lang).mkdir(parents=True, exist_ok=True)
    (root / lang / name).write_text(text, encoding="utf-8")


def test_duplicate_ids_within_a_language_are_rejected(tmp_path: Path) -> None:
    _write(tmp_path, "en", "a.md", GOOD)
    _write(tmp_path, "en", "b.md", GOOD)
    with pytest.raises(CardError, match="en/b.md: card id 'demo-card' is already used by en/a.md"):
        load_cards(tmp_path)


def test_loader_returns_both_languages_or_one(tmp_path: Path) -> None:
    _write(tmp_path, "en", "demo-card.md", GOOD)
    _write(tmp_path, "zh", "demo-card.md", CHINESE)
    assert [(c.lang, c.id) for c in load_cards(tmp_path)] == [("en", "demo-card"), ("zh", "demo-card")]
    assert [c.lang for c in load_cards(tmp_path, lang="zh")] == ["zh"]


def test_card_problems_finds_each_kind_of_fault(tmp_path: Path) -> None:
    text = GOOD.replace("## Worked example\nNumbers.\n", "").replace("## Pitfalls\n- One.", "## Pitfalls\n")
    _write(tmp_path, "en", "wrong-name.md", text.replace("roi_payback", "no_such_tool"))
    _write(tmp_path, "zh", "demo-card.md", CHINESE.replace("tags:\n  - demo", "tags:\n  - other"))
    _write(tmp_path, "zh", "lonely.md", CHINESE.replace("id: demo-card", "id: lonely"))
    _write(tmp_path, "en", "misplaced.md", CHINESE.replace("id: demo-card", "id: misplaced"))
    problems = card_problems(load_cards(tmp_path), {"roi_payback"})
    expected = [
        "en/wrong-name.md: id 'demo-card' does not match the file name",
        "sections must be What it is, How to apply it, Worked example, Pitfalls, Related",
        "en/wrong-name.md: section 'Pitfalls' is empty",
        "unknown card 'other-card'",
        "unknown calculator 'no_such_tool'",
        "en/misplaced.md: lang 'zh' but the card is in the 'en' folder",
        "zh/demo-card.md: tags differ from en/wrong-name.md",
        "zh/demo-card.md: Related calculators differ",
        "zh/lonely.md: has no English twin",
    ]
    for fault in expected:
        assert any(fault in p for p in problems), fault
