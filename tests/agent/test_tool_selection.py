"""Per-question tool selection in LLM mode."""

from langchain_core.messages import AIMessage

from pm_assistant.agent.engine.assistant import build_assistant
from pm_assistant.agent.engine.tool_selection import select_tool_names
from pm_assistant.core.config import load_settings
from tests.agent.fakes import call, knowledge_base, scripted


def test_a_payback_question_gets_search_and_roi_only_few_tools() -> None:
    names = select_tool_names("We invest 800k and save 1.5M a year, what's the payback?", [])
    assert names is not None and {"search_knowledge", "roi_payback"} <= names and len(names) <= 4


def test_a_framework_question_gets_only_search() -> None:
    assert select_tool_names("How do I write a press release for a new AI feature?", []) == {"search_knowledge"}


def test_figures_without_a_recognised_calculator_get_every_tool() -> None:
    assert select_tool_names("Compare 12 and 15 for me", []) is None


def test_follow_up_keeps_the_calculator_used_earlier() -> None:
    assert "ai_cost_estimate" in select_tool_names("and what about next year?", ["ai_cost_estimate"])


def test_the_model_is_offered_only_the_selected_tools() -> None:
    model = scripted(
        AIMessage(content="", tool_calls=[call("roi_payback", {"investment": 800000, "annual_benefit": 1500000})]),
        AIMessage(content="6.4 months."),
    )
    answer = build_assistant(load_settings(), model=model, kb=knowledge_base()).ask(
        "We invest 800k and save 1.5M a year: payback?")
    assert answer.tool_calls[0]["result"]["payback_months"] == 6.4
    assert "roi_payback" in model.bound_tools and "poc_compare" not in model.bound_tools
