"""Routing by evidence: card fit by meaning against a calculator's inputs and a request for a figure."""

from __future__ import annotations

import pytest

from pm_assistant.agent.offline.cues import DEFINITION, FIGURE_REQUEST
from pm_assistant.agent.offline.plan import plan
from pm_assistant.agent.offline.weigh import knowledge_relevant, prefers_knowledge, stated_inputs


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
    ("Will our chatbot pay for itself?", "roi_payback"),
    ("What would our token costs be?", "ai_cost_estimate"),
])
def test_a_request_for_a_figure_still_asks_for_the_missing_inputs(question: str, tool: str) -> None:
    decided = plan(question)
    assert decided.intent == tool and decided.missing_inputs and not prefers_knowledge(tool, question)


def test_an_off_topic_guess_is_answered_when_a_card_is_relevant_and_refused_when_none_is() -> None:
    assert plan("外包标注团队标了十万张图，质量参差不齐，怎么管？").intent == "framework"
    assert knowledge_relevant("What's the weather tomorrow?") is False
    assert plan("What's the weather tomorrow?").intent == "out_of_scope"


def test_stated_inputs_ignore_an_empty_list_of_options() -> None:
    assert stated_inputs("poc_compare", "What should a POC prove before we sign?") == 0
    assert stated_inputs("roi_payback", "What's the payback if we invest $600k?") == 1


def test_one_cue_table_reads_both_languages() -> None:
    assert DEFINITION.search("什么是逆向工作法？") and DEFINITION.search("What are the seven RAG failure points?")
    assert FIGURE_REQUEST.search("每月要花多少钱？") and FIGURE_REQUEST.search("How long until it pays back?")
    assert not FIGURE_REQUEST.search("How do I write a PR/FAQ?")


@pytest.mark.parametrize(("question", "intent"), [
    ("Our inference bill is $40k/month. How should we bring it down?", "framework"),
    ("Our inference bill is $40k/month. What are the usual ways to bring it down?", "framework"),
    ("Any tips for cutting our $30k monthly GPU bill?", "framework"),
    ("每月 API 费用 8 万，有哪些办法降下来？", "framework"),
    ("我们准备投入三百万，预计每年带来一百五十万收益，投资回报怎么样？", "roi_payback"),
    ("方案A准确率92%，延迟2秒；方案B准确率88%，延迟1秒。要求准确率至少85%，选哪个？", "poc_compare"),
])
def test_stated_inputs_with_a_question_about_what_to_do_get_the_cards_not_an_echo(question: str, intent: str) -> None:
    decided = plan(question)
    assert decided.intent == intent and (decided.tool == intent if intent != "framework" else not decided.tool)
