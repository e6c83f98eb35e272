"""The agent loop driven by a scripted model: tools, citations, self-check, repair round and faults."""

from __future__ import annotations

import json

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage

from pm_assistant.agent.engine.assistant import MAX_MODEL_CALLS, build_assistant
from pm_assistant.core.config import load_settings
from tests.agent.fakes import call, knowledge_base, scripted


def _assistant(model, kb=None):
    return build_assistant(load_settings(), model=model, kb=kb or knowledge_base())


def _checks(answer):
    return {c.name: c.status for c in answer.self_check.checks}


def test_search_then_cited_answer_passes_self_check() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("search_knowledge", {"query": "POC four steps"})]),
        AIMessage(content="Set a goal, compare at most 3 options within 10 days [poc-four-steps]."),
    )
    answer = _assistant(model).ask("How do I run a POC?")
    model.assert_complete()
    assert model.bound_tools[0] == "search_knowledge"
    first_call = model.received[0]
    assert isinstance(first_call[0], SystemMessage) and "Never do arithmetic" in first_call[0].content
    tool_reply = model.received[1][-1]
    assert isinstance(tool_reply, ToolMessage)
    assert json.loads(tool_reply.content)["results"][0]["id"] == "poc-four-steps"
    assert answer.self_check.passed and _checks(answer)["retrieval"] == "pass"
    assert [s["id"] for s in answer.sources] == ["poc-four-steps"]
    assert answer.tool_calls[0]["name"] == "search_knowledge"
    assert answer.usage.llm_calls == 2 and answer.usage.prompt_tokens > 0


def test_calculator_result_is_reported_exactly_and_grounds_the_answer() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("roi_payback", {"investment": 800000, "annual_benefit": 1500000})]),
        AIMessage(content="It pays back in 6.4 months."),
    )
    answer = _assistant(model).ask("We invest 800k and save 1.5M a year; payback?")
    result = answer.tool_calls[0]["result"]
    assert result["payback_months"] == 6.4
    assert _checks(answer)["grounding"] == "pass"


def test_ungrounded_figure_triggers_one_repair_round() -> None:
    model = scripted(
        AIMessage(content="A POC usually takes 45 days [poc-four-steps]."),
        AIMessage(content="", tool_calls=[call("search_knowledge", {"query": "POC limits days"})]),
        AIMessage(content="Cap a POC at 10 days [poc-four-steps]."),
    )
    answer = _assistant(model).ask("How long should a POC take?")
    model.assert_complete()
    repair_request = model.received[1][-1]
    assert isinstance(repair_request, HumanMessage) and "45" in repair_request.content
    assert answer.answer == "Cap a POC at 10 days [poc-four-steps]."
    assert answer.self_check.passed


def test_verdict_stands_after_the_single_repair_round() -> None:
    model = scripted(
        AIMessage(content="It costs 123 dollars."),
        AIMessage(content="It costs 456 dollars."),
    )
    answer = _assistant(model).ask("What does it cost?")
    model.assert_complete()
    assert not answer.self_check.passed
    assert _checks(answer)["grounding"] == "fail" and "456" in answer.self_check.checks[2].detail


def test_citing_an_unretrieved_card_gets_one_repair_round_then_fails_retrieval() -> None:
    model = scripted(AIMessage(content="Use the scoring card [investment-scoring-card]."),
                     AIMessage(content="Really, use the scoring card [investment-scoring-card]."))
    answer = _assistant(model).ask("How do I prioritise?")
    model.assert_complete()
    assert "did not retrieve: investment-scoring-card" in model.received[1][-1].content
    assert _checks(answer)["retrieval"] == "fail"
    assert not answer.self_check.passed


def test_unknown_tool_becomes_a_message_to_the_model() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("make_coffee", {})]),
        AIMessage(content="I cannot do that."),
    )
    answer = _assistant(model).ask("coffee?")
    reply = model.received[1][-1]
    assert isinstance(reply, ToolMessage) and "not a valid tool" in reply.content
    assert answer.answer == "I cannot do that."


def test_invalid_calculator_arguments_become_a_message_to_the_model() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("roi_payback", {"investment": -5, "annual_benefit": 10})]),
        AIMessage(content="Please give a positive investment."),
    )
    answer = _assistant(model).ask("payback of -5?")
    reply = model.received[1][-1]
    assert isinstance(reply, ToolMessage) and reply.content.startswith("Error") and "investment" in reply.content
    assert _checks(answer)["prompt"] == "warn"


def test_tool_that_raises_is_reported_to_the_model_not_crashing() -> None:
    class BrokenKnowledgeBase(type(knowledge_base())):
        def search(self, *args, **kwargs):
            raise RuntimeError("disk on fire")

    kb = BrokenKnowledgeBase(passages=[])
    model = scripted(
        AIMessage(content="", tool_calls=[call("search_knowledge", {"query": "x"})]),
        AIMessage(content="Search failed, sorry."),
    )
    answer = _assistant(model, kb).ask("anything")
    reply = model.received[1][-1]
    assert "disk on fire" in reply.content and reply.content.startswith("Error")
    assert answer.answer == "Search failed, sorry."


def test_model_looping_on_tools_is_capped() -> None:
    loop = [AIMessage(content="", tool_calls=[call("search_knowledge", {"query": "again"}, f"c{i}")])
            for i in range(MAX_MODEL_CALLS + 3)]
    model = scripted(*loop)
    answer = _assistant(model).ask("loop forever")
    assert len(model.received) == MAX_MODEL_CALLS
    assert "limit" in answer.answer.lower()


def test_malformed_tool_call_json_is_reported_back_to_the_model() -> None:
    broken = AIMessage(content="", invalid_tool_calls=[
        {"name": "roi_payback", "args": "{invest", "id": "bad-1", "error": "bad json", "type": "invalid_tool_call"}])
    model = scripted(broken, AIMessage(content="Let me ask: what is the investment?"))
    answer = _assistant(model).ask("payback?")
    model.assert_complete()
    assert any(isinstance(m, ToolMessage) and m.tool_call_id == "bad-1" for m in model.received[1])
    assert answer.answer.startswith("Let me ask")


def test_history_carries_follow_ups_and_clear_forgets() -> None:
    model = scripted(AIMessage(content="First."), AIMessage(content="Second."))
    assistant = _assistant(model)
    assistant.ask("one")
    assistant.ask("two")
    assert [m.content for m in model.received[1] if isinstance(m, HumanMessage)] == ["one", "two"]
    assistant.clear()
    assert assistant.history == []
