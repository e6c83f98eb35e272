"""Per-question tool selection for LLM mode, so a call carries only the calculator schemas it may need.

Sending all twelve tool schemas costs ~4.5k prompt tokens on every call. The offline planner's keyword
scores already tell which calculators a question is about, so each model call gets `search_knowledge`, the
best-scoring calculators, and any calculator used earlier in the conversation (follow-ups such as "and if
usage triples?"). A question with figures that names no calculator gets every tool: better a larger
prompt than a model that cannot compute.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from langchain.agents.middleware import AgentMiddleware
from langchain.agents.middleware.types import ModelRequest, ModelResponse
from langchain_core.messages import AIMessage, BaseMessage

from pm_assistant.agent.offline.intents import CALCULATORS, score_intents
from pm_assistant.agent.selfcheck.evidence import SEARCH_TOOL, turn_question

MAX_CALCULATORS = 3
OFFERED_TOOLS_KEY = "tools_offered"  # response_metadata key listing the tools a model call was offered
_FIGURE = re.compile(r"\d")


def select_tool_names(question: str, earlier_calls: Sequence[str]) -> set[str] | None:
    """Names of the tools to offer for `question`, or None for all of them."""
    scores, _ = score_intents(question)
    ranked = sorted((name for name in CALCULATORS if scores.get(name, 0) > 0), key=lambda n: -scores[n])
    chosen = {SEARCH_TOOL, *ranked[:MAX_CALCULATORS], *(n for n in earlier_calls if n in CALCULATORS)}
    if len(chosen) == 1 and len(_FIGURE.findall(question)) >= 2:
        return None
    return chosen


def _called_tools(messages: Sequence[BaseMessage]) -> list[str]:
    return [call["name"] for m in messages if isinstance(m, AIMessage) for call in m.tool_calls]


class ToolSelectionMiddleware(AgentMiddleware):
    """Narrows each model request's tools to those the question can use (see the module docstring)."""

    def wrap_model_call(self, request: ModelRequest, handler: Callable[[ModelRequest], ModelResponse]) -> Any:
        """Offer the model only the selected tools, and note on its reply which ones it was offered (for usage
        accounting); tool execution still accepts every registered tool."""
        names = select_tool_names(turn_question(request.messages), _called_tools(request.messages))
        if names is not None:
            request = request.override(tools=[t for t in request.tools if getattr(t, "name", None) in names])
        response = handler(request)
        offered = [getattr(t, "name", None) for t in request.tools]
        for message in response.result:
            if isinstance(message, AIMessage):
                message.response_metadata[OFFERED_TOOLS_KEY] = offered
        return response
