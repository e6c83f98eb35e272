"""Usage accounting for one answer: LLM calls, prompt and completion tokens, latency.

Tokens come from the API's usage report when it sends one; otherwise they are counted offline with tiktoken
over what each model call was sent (system prompt, the schemas of the tools it was offered, conversation)
and what it returned.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from pm_assistant.agent.engine.tool_selection import OFFERED_TOOLS_KEY
from pm_assistant.tools.tokens import count_tokens


@dataclass
class Usage:
    """What one answer cost."""

    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: float = 0.0
    first_call_prompt_tokens: int = 0

    def to_json(self) -> dict[str, Any]:
        """The contract's `usage` object."""
        return {"llm_calls": self.llm_calls, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens, "latency_ms": round(self.latency_ms, 1)}


def tool_schemas_text(tools: Sequence[Any]) -> str:
    """The tool definitions as the model receives them (OpenAI function format), for token counting."""
    return json.dumps([convert_to_openai_tool(t) for t in tools], ensure_ascii=False)


def _offered_tools(message: AIMessage, tools: Sequence[Any]) -> Sequence[Any]:
    """The tools this model call was offered (all of them unless the tool selection noted fewer)."""
    offered = message.response_metadata.get(OFFERED_TOOLS_KEY)
    return tools if offered is None else [t for t in tools if t.name in offered]


def _message_text(message: BaseMessage) -> str:
    parts = [message.content if isinstance(message.content, str) else json.dumps(message.content)]
    if isinstance(message, AIMessage) and message.tool_calls:
        parts.append(json.dumps(message.tool_calls, ensure_ascii=False))
    return "\n".join(parts)


def measure_usage(turn: Sequence[BaseMessage], system_prompt: str, tools: Sequence[Any], *, llm: bool,
                  seconds: float, history: Sequence[BaseMessage] = ()) -> Usage:
    """Usage of one turn; offline (`llm=False`) it is zero calls and zero tokens."""
    usage = Usage(latency_ms=seconds * 1000)
    if not llm:
        return usage
    sent = count_tokens(system_prompt) + sum(count_tokens(_message_text(m)) for m in history)
    for message in turn:
        if isinstance(message, AIMessage):
            usage.llm_calls += 1
            reported: dict[str, Any] = dict(message.usage_metadata or {})
            prompt = reported.get("input_tokens") or sent + count_tokens(
                tool_schemas_text(_offered_tools(message, tools)))
            usage.prompt_tokens += prompt
            usage.completion_tokens += reported.get("output_tokens") or count_tokens(_message_text(message))
            if usage.llm_calls == 1:
                usage.first_call_prompt_tokens = prompt
        sent += count_tokens(_message_text(message))
    return usage
