"""A short message after a knowledge answer continues that answer's card; a question of its own does not."""

from __future__ import annotations

from langchain_core.messages import HumanMessage

from pm_assistant.agent.offline.asking import read_question
from pm_assistant.agent.offline.planner import last_topic
from pm_assistant.agent.offline.topic import is_follow_on
from pm_assistant.agent.selfcheck.replies import cited_ids
from tests.offline.fakes import fake_search, run_turn, turn_calls

POC = "How do I run a proof of concept to choose between two model vendors?"


def _lead(messages: list) -> str:
    return cited_ids(messages[-1].content)[0]


def test_a_follow_up_keeps_the_card_and_quotes_what_it_asks_for(planner) -> None:
    first = run_turn(planner, POC)
    assert _lead(first) == "poc-four-steps"
    limits = run_turn(planner, "and the resource limits?", history=first)
    assert limits[-1].response_metadata["planner"]["follow_up"] is True
    assert _lead(limits) == "poc-four-steps"
    assert "at most 10 days" in limits[-1].content


def test_a_chinese_follow_up_keeps_the_card_and_answers_in_chinese(planner) -> None:
    first = run_turn(planner, "做 POC 之前要定哪些东西？")
    report = run_turn(planner, "最后的报告要写什么？", history=first)
    assert _lead(report) == "poc-four-steps"
    assert "写报告" in report[-1].content and "来源" in report[-1].content


def test_why_after_a_checklist_quotes_the_reason(planner) -> None:
    first = run_turn(planner, "幻觉诊断清单是什么？")
    why = run_turn(planner, "为什么要按这个顺序？", history=first)
    assert _lead(why) == "hallucination-diagnosis-checklist"
    assert "修复成本从低到高" in why[-1].content


def test_a_question_of_its_own_starts_a_new_topic(planner) -> None:
    first = run_turn(planner, POC)
    other = run_turn(planner, "How should we price our AI meeting-notes app: a monthly plan or pay per minute "
                              "transcribed?", history=first)
    assert other[-1].response_metadata["planner"]["follow_up"] is False
    assert _lead(other) == "ai-business-models"


def test_the_topic_is_the_first_card_the_last_answer_cited(planner) -> None:
    first = run_turn(planner, POC)
    assert last_topic([*first, HumanMessage("and?")]) == "poc-four-steps"
    asked = run_turn(planner, "What's the payback of our project?")  # a request for inputs cites no card
    assert last_topic([*asked, HumanMessage("and?")]) == "value-bridge"  # the card of the calculator's method
    refused = run_turn(planner, "What's the weather in Paris tomorrow?")
    assert last_topic([*refused, HumanMessage("and?")]) is None
    assert last_topic([HumanMessage("and?")]) is None


def test_follow_on_length_counts_chinese_characters_as_half_words() -> None:
    assert is_follow_on("what goes in the final write-up?") and is_follow_on("给我一个检查清单")
    assert not is_follow_on("We are a 40-person insurer and our claims team wants an assistant that reads the "
                            "adjusters' notes and drafts the settlement letter: where do we start?")


def test_what_to_do_and_why_are_read_from_the_wording() -> None:
    assert "steps" in read_question("Sign-ups are fine but people bail during setup. ideas?").wants
    assert "steps" in read_question("用户装完插件就流失了，怎么办？").wants
    assert "why" in read_question("why not just switch to a bigger model?").wants
    assert "steps" not in read_question("why not just switch to a bigger model?").wants
    assert "why" in read_question("为什么要按这个顺序？").wants


def test_a_short_message_that_names_its_own_subject_leaves_the_topic(planner) -> None:
    first = run_turn(planner, "How should we price our AI meeting-notes app: a monthly plan or pay per minute?")
    metrics = run_turn(planner, "And what metrics should we watch after launch?", history=first)
    assert metrics[-1].response_metadata["planner"]["follow_up"] is False
    assert _lead(metrics) != _lead(first)


def _without_methods(query: str, k: int = 5, tags: list[str] | None = None, source: str | None = None) -> dict:
    """The lexical search, except that a plain question never brings back a card's method section."""
    found = fake_search(query, k, tags, source)
    if "How to apply it" not in query:
        found["results"] = [r for r in found["results"] if r["section"] != "How to apply it"]
    return found


def test_a_what_to_do_question_fetches_the_lead_cards_steps_when_they_were_not_retrieved(planner) -> None:
    messages = run_turn(planner, "Sign-ups are fine but most people give up while installing the plugins. Ideas?",
                        search=_without_methods)
    queries = [c["args"]["query"] for c in turn_calls(messages) if c["name"] == "search_knowledge"]
    assert queries[-1] == "Lowering the entry barrier for AI products — How to apply it"
    assert _lead(messages) == "ai-onboarding"
    assert "Remove or default each step" in messages[-1].content


def test_the_options_of_a_decision_stop_at_the_sentence_before_them() -> None:
    asking = read_question("heavy users cost us 40x more in tokens than light ones. flat monthly plan or pay per use?")
    assert asking.labels == ("flat monthly plan", "pay per use")
    assert read_question("Should we go with Claude 3.5 or GPT-4.1 for the summaries?").labels == ("Claude 3.5", "GPT-4.1")
