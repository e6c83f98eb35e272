"""The sentence and clause splitter: English and Chinese end marks, abbreviations and tokens that hold dots,
line structure (headings, items, table rows, blank lines, code), and exact spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pm_assistant.core.text.sentences import Sentence, split_clauses, split_sentences


def texts(text: str, **options: bool) -> list[str]:
    return [s.text for s in split_sentences(text, **options)]


def test_english_sentences_end_at_marks_followed_by_a_capital() -> None:
    assert texts("Costs are flat. Usage grew! Why? Because of search.") == [
        "Costs are flat.", "Usage grew!", "Why?", "Because of search."]


@pytest.mark.parametrize("sentence", [
    "Pick a cheaper model, e.g. a distilled one, for triage.",
    "Use a fallback, i.e. the rules engine, when the model times out.",
    "Logs, traces, etc. are kept for 30 days.",
    "Accuracy vs. latency is the real trade-off.",
    "Dr. Chen owns the rollout.",
    "Acme Inc. signed the pilot.",
    "It costs approx. 3 engineers a quarter.",
    "Only U.S. customers are in scope.",
    "Latency is 2.3 s at p95 and the bill is $1.5M a year.",
    "We upgraded to version 3.11 last week.",
    "Docs live at https://docs.example.com/v2/setup.html for now.",
    "Write to pm.team@example.com with questions.",
    "See Fig. 3 and No. 7 in the appendix.",
])
def test_no_split_inside_abbreviations_decimals_urls_and_addresses(sentence: str) -> None:
    assert texts(f"{sentence} Next one.") == [sentence, "Next one."]


def test_a_sentence_may_end_with_a_lone_capital() -> None:
    assert texts("We chose plan B. It was cheaper.") == ["We chose plan B.", "It was cheaper."]


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    assert texts('She said "ship it." Then we shipped. (It worked.) Done.') == [
        'She said "ship it."', "Then we shipped.", "(It worked.)", "Done."]
    assert texts("他说：“可以上线。”然后就上线了（效果不错！）接着复盘。") == [
        "他说：“可以上线。”", "然后就上线了（效果不错！）", "接着复盘。"]


def test_chinese_ends_need_no_space() -> None:
    assert texts("成本下降了20%。准确率提升到95%！还要优化吗？先上线；再迭代……好的") == [
        "成本下降了20%。", "准确率提升到95%！", "还要优化吗？", "先上线；", "再迭代……", "好的"]


def test_ascii_marks_next_to_chinese_end_sentences() -> None:
    assert texts("成本下降了!准确率提升了?先上线;再迭代") == ["成本下降了!", "准确率提升了?", "先上线;", "再迭代"]


def test_an_english_semicolon_does_not_end_a_sentence() -> None:
    assert texts("Costs fell; usage grew. Next.") == ["Costs fell; usage grew.", "Next."]


def test_mixed_language_paragraph() -> None:
    assert texts("We use RAG. 召回率是85%。 Latency is fine.") == ["We use RAG.", "召回率是85%。", "Latency is fine."]


def test_line_structure() -> None:
    text = (
        "# Pilot plan\n"
        "The pilot runs for\n"
        "six weeks. It needs two engineers.\n"
        "\n"
        "- Budget: $40k. Owner: Ana\n"
        "2. Buy 2 GPUs\n"
        "\n"
        "| Item | Cost |\n"
        "|------|------|\n"
        "| GPUs | $12k |\n"
        "\n"
        "> Quoted advice. Keep it short.\n"
        "---\n"
        "```\n"
        "x = 1. y = 2\n"
        "```\n"
        "Closing words"
    )
    got = [(s.kind, s.text) for s in split_sentences(text)]
    assert got == [
        ("heading", "Pilot plan"),
        ("sentence", "The pilot runs for\nsix weeks."),
        ("sentence", "It needs two engineers."),
        ("item", "Budget: $40k. Owner: Ana"),
        ("item", "Buy 2 GPUs"),
        ("row", "Item | Cost"),
        ("row", "GPUs | $12k"),
        ("sentence", "Quoted advice."),
        ("sentence", "Keep it short."),
        ("sentence", "x = 1. y = 2"),
        ("sentence", "Closing words"),
    ]


def test_hard_breaks_make_every_line_stand_alone() -> None:
    assert texts("first line\nsecond line", hard_breaks=True) == ["first line", "second line"]
    assert texts("first line\nsecond line") == ["first line\nsecond line"]


def test_chinese_list_markers_and_windows_line_ends() -> None:
    assert texts("1、收集数据\r\n2、训练模型\r\n（3）评估") == ["收集数据", "训练模型", "评估"]


def test_spans_quote_the_source_exactly() -> None:
    text = "  ## Costs  \n\nWe pay $12k/mo.  That is fine.\n- 每月4万。还行"
    for sentence in split_sentences(text):
        assert text[sentence.span[0]:sentence.span[1]] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_empty_and_punctuation_only_input() -> None:
    assert split_sentences("") == []
    assert split_sentences("  \n\n ... \n---\n") == []


def test_clauses() -> None:
    assert [c.text for c in split_clauses("Costs rose 20%, but revenue doubled; margins held.")] == [
        "Costs rose 20%", "but revenue doubled", "margins held"]
    assert [c.text for c in split_clauses("成本上升了20%，但收入翻倍；利润持平而且用户增长")] == [
        "成本上升了20%", "但收入翻倍", "利润持平", "而且用户增长"]
    assert [c.text for c in split_clauses("We serve 1,200 users while they serve 900.")] == [
        "We serve 1,200 users", "while they serve 900"]
    assert [c.text for c in split_clauses("不但便宜而且快")] == ["不但便宜", "而且快"]


def test_clause_spans_are_in_the_source_text() -> None:
    text = "Intro. Costs rose, and usage fell."
    sentence = split_sentences(text)[1]
    for clause in split_clauses(sentence):
        assert text[clause.span[0]:clause.span[1]] == clause.text
    assert isinstance(split_clauses("a, and b")[0], Sentence)


_PIECES = ["Costs rose", " 2.5 s", "e.g.", " U.S.", "成本", "下降", "。", "！", "?", ".", " ", "\n", "\n\n", "- ",
           "## ", "| a | b |", "1. ", "“好”", "(ok)", "$1.5M", "v3.11", "https://x.io/a.b", ";", "；", "，", ", and "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_spans_are_exact_ordered_and_disjoint(text: str) -> None:
    position = 0
    for sentence in split_sentences(text):
        assert text[sentence.span[0]:sentence.span[1]] == sentence.text
        assert position <= sentence.span[0] < sentence.span[1]
        position = sentence.span[1]
        for clause in split_clauses(sentence):
            assert text[clause.span[0]:clause.span[1]] == clause.text
            assert sentence.span[0] <= clause.span[0] < clause.span[1] <= sentence.span[1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdefgh 成本率", min_size=1, max_size=12), min_size=1, max_size=8))
def test_no_words_are_lost_in_prose(words: list[str]) -> None:
    text = ". ".join(w.strip() or "x" for w in words)
    kept = "".join(s.text for s in split_sentences(text))
    assert [ch for ch in text if ch.isalnum()] == [ch for ch in kept if ch.isalnum()]
