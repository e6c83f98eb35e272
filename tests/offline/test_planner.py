"""The planner as a chat model: tool binding, call ids, tool errors, follow-ups, repairs, and the real agent."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import HumanMessage, ToolMessage
from langchain_core.tools import StructuredTool

from pm_assistant.agent.offline.plan import CALCULATOR_QUERIES, CALCULATOR_QUERIES_ZH, DIAGNOSIS_SEARCHES
from pm_assistant.agent.offline.planner import OfflinePlanner
from pm_assistant.agent.selfcheck.checks import cited_ids
from pm_assistant.agent.selfcheck.evidence import REPAIR_ID_PREFIX
from pm_assistant.core.text.lang import detect_lang
from tests.agent.fakes import FakeKnowledgeBase, FakePassage, FakeStatus
from tests.offline.fakes import ALL_TOOLS, fake_search, load_labelled, run_turn, turn_calls

WITH_ARGS = [row for row in load_labelled() if "args" in row]
PAYBACK = "We invest ¥800k and expect ¥1.5M a year in savings — what's the payback?"


def test_bind_tools_records_names_in_every_form_langchain_accepts() -> None:
    tool = StructuredTool.from_function(lambda query: query, name="search_knowledge", description="search")
    bound = OfflinePlanner().bind_tools([tool, {"name": "roi_payback"}, {"function": {"name": "token_count"}}])
    assert bound.tool_names == {"search_knowledge", "roi_payback", "token_count"}


def test_an_unbound_planner_calls_nothing() -> None:
    messages = run_turn(OfflinePlanner(), PAYBACK)
    assert turn_calls(messages) == []
    assert "pm-assistant calc roi_payback" in messages[-1].content


def test_only_bound_tools_are_called() -> None:
    calculators_only = OfflinePlanner().bind_tools([{"name": "roi_payback"}])
    messages = run_turn(calculators_only, PAYBACK)
    assert [c["name"] for c in turn_calls(messages)] == ["roi_payback"]
    assert "6.4 months" in messages[-1].content and "Sources:" not in messages[-1].content

    search_only = OfflinePlanner().bind_tools([{"name": "search_knowledge"}])
    messages = run_turn(search_only, PAYBACK)
    assert turn_calls(messages) == [] and "not available" in messages[-1].content


def test_search_comes_first_then_the_calculator_in_one_round(planner) -> None:
    first = planner.invoke([HumanMessage(PAYBACK)])
    assert first.content == ""
    assert [c["name"] for c in first.tool_calls] == ["search_knowledge", "roi_payback"]
    assert first.response_metadata["planner"]["intent"] == "roi_payback"


@pytest.mark.parametrize(("question", "lang"), [("We invest ¥800k and save ¥1.5M a year: payback?", "en"),
                                               ("投入80万，每年省150万，多久回本？", "zh")])
def test_the_card_behind_a_calculator_is_searched_in_the_question_language(planner, question: str,
                                                                            lang: str) -> None:
    search = planner.invoke([HumanMessage(question)]).tool_calls[0]
    assert search["name"] == "search_knowledge" and detect_lang(search["args"]["query"]) == lang


def test_every_calculator_has_its_card_search_in_both_languages() -> None:
    assert CALCULATOR_QUERIES.keys() == CALCULATOR_QUERIES_ZH.keys()


def test_tool_call_ids_are_unique_across_turns(planner) -> None:
    first = run_turn(planner, "my RAG bot answers with the wrong policy")
    second = run_turn(planner, PAYBACK, history=first)
    ids = [c["id"] for m in second for c in getattr(m, "tool_calls", None) or []]
    assert len(ids) == len(DIAGNOSIS_SEARCHES) + 2 and len(set(ids)) == len(ids)


def test_same_conversation_same_reply(planner) -> None:
    messages = run_turn(planner, PAYBACK)
    again = planner.invoke(messages[:-1])
    assert again.content == messages[-1].content


def test_a_tool_error_says_what_failed_and_what_to_fix(planner) -> None:
    question = "Score a project: business value 35, maturity 25, resources 22"
    calls = planner.invoke([HumanMessage(question)])
    replies = [ToolMessage(content="Error: investment_score: business_value: must be at most 40",
                           tool_call_id=c["id"]) if c["name"] == "investment_score" else
               ToolMessage(content=json.dumps(fake_search(**c["args"])), tool_call_id=c["id"])
               for c in calls.tool_calls]
    answer = planner.invoke([HumanMessage(question), calls, *replies])
    assert "investment_score calculator could not run" in answer.content
    assert "**business value**" in answer.content and not answer.tool_calls


def test_an_empty_search_says_so_and_cites_nothing(planner) -> None:
    messages = run_turn(planner, "What is the RAG triad?", search=lambda **_: {"query": "", "results": []})
    assert "found nothing in the knowledge base" in messages[-1].content
    assert cited_ids(messages[-1].content) == []


def test_a_short_reply_completes_the_previous_calculation(planner) -> None:
    asked = run_turn(planner, "what's the payback of our project?")
    assert asked[-1].response_metadata["planner"]["missing_inputs"]
    done = run_turn(planner, "¥800k up front, saving ¥1.5M a year", history=asked)
    assert [c["name"] for c in turn_calls(done)] == ["search_knowledge", "roi_payback"]
    assert "6.4 months" in done[-1].content
    assert done[-1].response_metadata["planner"]["follow_up"] is True


def test_follow_ups_chain_until_the_inputs_are_complete(planner) -> None:
    first = run_turn(planner, "How long until our recommendation engine pays for itself?")
    second = run_turn(planner, "we invest ¥800k", history=first)
    assert turn_calls(second) == [] and second[-1].response_metadata["planner"]["missing_inputs"] == [
        "the expected benefit (savings or extra profit) per year or per month"]
    third = run_turn(planner, "and ¥1.5M a year in savings", history=second)
    assert "6.4 months" in third[-1].content


def test_a_monthly_bill_given_as_a_follow_up_is_scaled(planner) -> None:
    asked = run_turn(planner, "How much will our LLM feature cost to run each month?")
    assert "current monthly bill" in asked[-1].content
    done = run_turn(planner, "¥1,980 a month today, and usage will triple", history=asked)
    (call,) = [c for c in turn_calls(done) if c["name"] == "ai_cost_estimate"]
    assert call["args"] == {"current_monthly_cost": 1980, "usage_multiplier": 3, "currency": "¥"}
    assert "**Monthly cost: ¥5,940**" in done[-1].content


def test_a_new_question_is_not_merged_into_an_unfinished_one(planner) -> None:
    asked = run_turn(planner, "what's the payback of our project?")
    other = run_turn(planner, "Is a 3% hallucination rate OK for a legal assistant?", history=asked)
    assert [c["name"] for c in turn_calls(other)][-1] == "hallucination_budget"
    assert other[-1].response_metadata["planner"]["follow_up"] is False


def test_figures_after_a_finished_answer_start_afresh(planner) -> None:
    done = run_turn(planner, PAYBACK)
    later = run_turn(planner, "¥300k and ¥50k a month", history=done)
    assert {c["name"] for c in turn_calls(later)} <= {"search_knowledge"}
    assert later[-1].response_metadata["planner"]["follow_up"] is False


def test_a_repair_request_gets_the_same_grounded_answer_without_new_calls(planner) -> None:
    messages = run_turn(planner, PAYBACK)
    repair = HumanMessage(content="Self-check: figures not traceable: 42. Rewrite.", id=f"{REPAIR_ID_PREFIX}9")
    again = planner.invoke([*messages, repair])
    assert again.content == messages[-1].content and not again.tool_calls


class _CardsKnowledgeBase(FakeKnowledgeBase):
    """The shared fake knowledge base, searching the real cards through `fake_search` (its own passages unused)."""

    def search(self, query: str, k: int = 5, tags: list[str] | None = None, source: str | None = None) -> list[Any]:
        """Passages for a query, best first."""
        return [FakePassage(**p) for p in fake_search(query, k, tags, source)["results"]]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The real agent (create_agent, the calculator tools, the self-check) driven by the offline planner."""
    from pm_assistant.agent.engine.assistant import build_assistant
    from pm_assistant.core.config import load_settings

    home = tmp_path_factory.mktemp("offline-agent")
    kb = _CardsKnowledgeBase(passages=[], index_status=FakeStatus(cards=32, detail="cards indexed"))
    return build_assistant(load_settings({"PM_ASSISTANT_HOME": str(home)}), kb=kb, offline=True)


def test_inside_the_real_agent_loop_with_the_self_check(assistant: Any) -> None:
    assistant.clear()
    assert assistant.mode == "offline"
    asked = assistant.ask("what's the payback of our project?")
    assert asked.tool_calls == [] and asked.self_check.checks[0].status == "warn"
    answer = assistant.ask("¥800k and ¥1.5M a year").to_json()
    assert [c["name"] for c in answer["tool_calls"]] == ["search_knowledge", "roi_payback"]
    assert answer["tool_calls"][1]["result"]["payback_months"] == 6.4
    assert answer["self_check"]["passed"] and answer["sources"][0]["id"] == "value-bridge"
    assert set(ALL_TOOLS) <= {t.name for t in assistant.tools}


@pytest.mark.parametrize("row", WITH_ARGS, ids=[row["q"][:60] for row in WITH_ARGS])
def test_every_calculator_question_through_the_agent(assistant: Any, row: dict[str, Any]) -> None:
    answer = assistant.ask(row["q"], remember=False)
    assert [c["name"] for c in answer.tool_calls][-1] == row["intent"]
    assert answer.self_check.passed, answer.self_check.checks
    assert all(figure in answer.answer for figure in row["figures"])


def test_precision_from_true_and_false_positives_alone_through_the_agent(assistant: Any) -> None:
    answer = assistant.ask("Precision if TP=45 and FP=5?", remember=False)
    (call,) = [c for c in answer.tool_calls if c["name"] == "classification_metrics"]
    assert call["args"] == {"tp": 45, "fp": 5}
    assert call["result"]["precision"] == 0.9 and call["result"]["recall"] is None and call["result"]["f1"] is None
    assert answer.answer.startswith("**Precision 90%.**")
    assert "recall needs fn (false negatives)" in answer.answer and "F1 needs fn (false negatives)" in answer.answer
    assert answer.self_check.passed, answer.self_check.checks


def test_recall_asked_without_false_negatives_is_asked_for_then_computed(assistant: Any) -> None:
    assistant.clear()
    asked = assistant.ask("Recall if TP=45 and FP=5?")
    assert asked.tool_calls == [] and "false negatives" in asked.answer
    done = assistant.ask("FN = 15")
    (call,) = [c for c in done.tool_calls if c["name"] == "classification_metrics"]
    assert call["args"] == {"tp": 45, "fp": 5, "fn": 15}
    assert call["result"]["recall"] == 0.75 and "75%" in done.answer
    assert done.self_check.passed, done.self_check.checks
