"""Routing by evidence: card fit by meaning against a calculator's inputs and a request for a figure."""

from __future__ import annotations

import pytest

from pm_assistant.agent.offline.cues import DEFINITION, FIGURE_REQUEST
from pm_assistant.agent.offline.plan import plan
from pm_assistant.agent.offline.weigh import knowledge_relevant, prefers_knowledge, stated_inputs
from pm_assistant.knowledge.card_fit import card_fits


@pytest.mark.parametrize("question", [
    "What should a POC prove before we sign a contract with a vendor?",
    "三家供应商、两个人、十天时间，POC 怎么安排？",
    "GPU 账单翻了三倍，应该从架构的哪一层开始查？",
    "用户的聊天记录能直接拿来训练模型吗？",
])
def test_a_calculator_given_no_input_and_asked_no_figure_yields_to_the_cards(question: str) -> None:
    decided = plan(question)
    assert decided.intent == "framework" and decided.calls and not decided.missing_inputs


@pytest.mark.parametrize(("question", "tool"), [
    ("What's the payback of our AI project?", "roi_payback"),
    ("Compare our PoC options", "poc_compare"),
    ("自研模型需要多少钱？", "custom_model_cost"),
    ("这个客服机器人投资80万，回本要多久？", "roi_payback"),
])
def test_a_request_for_a_figure_still_asks_for_the_missing_inputs(question: str, tool: str) -> None:
    decided = plan(question)
    assert decided.intent == tool and decided.missing_inputs and not prefers_knowledge(tool, question)


def test_an_off_topic_guess_is_answered_when_a_card_is_relevant_and_refused_when_none_is() -> None:
    assert plan("外包标注团队标了十万张图，质量参差不齐，怎么管？").intent == "framework"
    assert knowledge_relevant("What's the weather tomorrow?") is False
    assert plan("What's the weather tomorrow?").intent == "out_of_scope"


def test_card_fit_is_calibrated_per_language_and_finds_the_card() -> None:
    fits = card_fits("怎么写 PR/FAQ？", "zh")
    assert "working-backwards" in [f.card for f in fits[:3]] and fits[0].relevance >= 0.5
    assert card_fits("What is the capital of France?", "en")[0].relevance < 0.5


def test_stated_inputs_ignore_an_empty_list_of_options() -> None:
    assert stated_inputs("poc_compare", "What should a POC prove before we sign?") == 0
    assert stated_inputs("roi_payback", "What's the payback if we invest $600k?") == 1


def test_one_cue_table_reads_both_languages() -> None:
    assert DEFINITION.search("什么是逆向工作法？") and DEFINITION.search("What are the seven RAG failure points?")
    assert FIGURE_REQUEST.search("每月要花多少钱？") and FIGURE_REQUEST.search("How long until it pays back?")
    assert not FIGURE_REQUEST.search("How do I write a PR/FAQ?")
