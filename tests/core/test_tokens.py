"""The shared tokenizer: English stems without stopwords, CJK bigrams, numbers; and its cost per call."""

from __future__ import annotations

import time

from pm_assistant.core.text.tokens import STOPWORDS_EN, tokenize


def test_english_words_are_lower_cased_stemmed_and_stopwords_dropped() -> None:
    assert tokenize("The Estimated costs of running the POCs") == ["estim", "cost", "run", "poc"]
    assert tokenize("estimate") == tokenize("Estimating") == ["estim"]
    assert tokenize("the of and is it") == [] and "the" in STOPWORDS_EN


def test_chinese_runs_become_bigrams_and_single_characters_stay() -> None:
    assert tokenize("召回率") == ["召回", "回率"]
    assert tokenize("RAG 的召回率怎么算？") == ["rag", "的召", "召回", "回率", "率怎", "怎么", "么算"]
    assert tokenize("用 AI 写") == ["用", "ai", "写"]


def test_chinese_characters_can_be_terms_as_well() -> None:
    assert tokenize("召回率", cjk_characters=True) == ["召", "回", "率", "召回", "回率"]
    assert tokenize("用 AI 写", cjk_characters=True) == ["用", "ai", "写"]


def test_numbers_are_tokens_without_thousands_separators() -> None:
    assert tokenize("1,000 items at 85% for ¥1.5万") == ["1000", "item", "85", "1.5", "万"]
    assert tokenize("1000 条，1，000 条") == ["1000", "条", "1000", "条"]
    assert tokenize("GPT-4 and Llama 3") == ["gpt", "4", "llama", "3"]


def test_empty_and_symbol_only_text_has_no_tokens() -> None:
    assert tokenize("") == [] and tokenize("—— !!! ？") == []


def test_a_call_costs_microseconds() -> None:
    sentence = "The POC four-step method caps resources at 1,000 items, 10 days and 2 people. 概念验证四步法。"
    tokenize(sentence)
    started = time.perf_counter()
    for _ in range(2000):
        tokenize(sentence)
    assert (time.perf_counter() - started) / 2000 < 0.001  # generous: must not flake on a busy machine
