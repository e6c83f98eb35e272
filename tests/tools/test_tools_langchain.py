"""The calculators as langchain tools: tool calls, errors returned to the model, and schema snapshots.

Regenerate the snapshots after an intended change to a tool's description or arguments with
`UPDATE_SNAPSHOTS=1 pytest tests/tools/test_tools_langchain.py` and review the diff.
"""

import json
import os
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from pm_assistant.tools.langchain_tools import build_calculator_tools
from pm_assistant.tools.model_schema import model_facing_schema
from pm_assistant.tools.registry import TOOLS, run_tool

SNAPSHOTS = Path(__file__).parent / "snapshots"
TOOLS_BY_NAME = {tool.name: tool for tool in build_calculator_tools()}


def call(name: str, args_json: str, call_id: str = "call-1") -> ToolMessage:
    """Invoke a tool the way the agent loop does: a tool call whose args came from the model's JSON."""
    return TOOLS_BY_NAME[name].invoke(
        {"type": "tool_call", "id": call_id, "name": name, "args": json.loads(args_json)}
    )


def test_one_tool_per_calculator() -> None:
    assert list(TOOLS_BY_NAME) == list(TOOLS)
    for name, tool in TOOLS_BY_NAME.items():
        assert tool.description == TOOLS[name].summary
        assert tool.args_schema == model_facing_schema(TOOLS[name].input_model)


@pytest.mark.parametrize("name", list(TOOLS))
def test_tool_call_returns_the_result_as_json_and_artifact(name: str) -> None:
    args = TOOLS[name].input_model.model_json_schema()["examples"][0]
    message = call(name, json.dumps(args))
    assert isinstance(message, ToolMessage)
    assert message.status == "success"
    assert message.tool_call_id == "call-1"
    expected = run_tool(name, args)
    assert json.loads(message.content) == expected
    assert message.artifact == expected


def test_invalid_arguments_become_an_error_message() -> None:
    message = call("roi_payback", '{"investment": -5, "annual_benefit": 1000}')
    assert message.status == "error"
    assert message.content == "Error: roi_payback: investment: must be greater than 0"


def test_cross_field_and_runtime_errors_become_error_messages() -> None:
    both = call("roi_payback", '{"investment": 5, "annual_benefit": 1, "monthly_benefit": 1}')
    assert both.status == "error"
    assert both.content == "Error: roi_payback: annual_benefit: give annual_benefit or monthly_benefit, not both"
    unknown = call("ai_cost_estimate", '{"monthly_input_tokens": 1000, "model": "no-such-model"}')
    assert unknown.status == "error"
    assert unknown.content.startswith("Error: ai_cost_estimate: model: no price for 'no-such-model'")


def test_string_numbers_are_refused_to_the_model() -> None:
    message = call("cache_savings", '{"monthly_cost_without_cache": "210000", "hit_rate_before": 0.45, '
                                    '"hit_rate_after": 0.65}')
    assert message.status == "error"
    assert message.content.startswith("Error: cache_savings: monthly_cost_without_cache: must be a valid number")


def test_agent_loop_survives_a_bad_tool_call() -> None:
    from langchain.agents import create_agent
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    class ScriptedModel(GenericFakeChatModel):
        disable_streaming: bool = True

        def bind_tools(self, tools, **kwargs):  # noqa: ANN001, ANN003, ANN201
            return self

    script = iter([
        AIMessage("", tool_calls=[{"id": "t1", "name": "investment_score",
                                   "args": {"business_value": 55, "technical_maturity": 20, "resource_demand": 20}}]),
        AIMessage("", tool_calls=[{"id": "t2", "name": "investment_score",
                                   "args": {"business_value": 35, "technical_maturity": 20, "resource_demand": 20}}]),
        AIMessage("Scored 75: P1."),
    ])
    agent = create_agent(ScriptedModel(messages=script), tools=build_calculator_tools())
    messages = agent.invoke({"messages": [("user", "score it")]})["messages"]
    tool_messages = [m for m in messages if isinstance(m, ToolMessage)]
    assert tool_messages[0].content == "Error: investment_score: business_value: must be less than or equal to 40"
    assert json.loads(tool_messages[1].content)["priority"] == "P1"
    assert messages[-1].content == "Scored 75: P1."


@pytest.mark.parametrize("name", list(TOOLS))
def test_schema_snapshot(name: str) -> None:
    """The function schema the model sees must not change unnoticed."""
    schema = convert_to_openai_tool(TOOLS_BY_NAME[name])
    path = SNAPSHOTS / f"{name}.json"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert path.exists(), f"no snapshot for {name}: run with UPDATE_SNAPSHOTS=1"
    assert json.loads(path.read_text(encoding="utf-8")) == schema
