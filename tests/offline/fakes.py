"""Offline planner test support: the labelled questions, search over the real cards, and a tiny agent loop.

`fake_search` returns the contract's search JSON for the real card chunks ranked by the project's own BM25
index, one passage per (card, section) like the real knowledge base, without the embedding model or the
vector store. `run_turn` drives the planner the way the agent does: invoke, execute its tool calls with
the real calculators (`tools.registry.run_tool`) and `fake_search`, invoke again until a final answer.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from pm_assistant.knowledge.cards import load_cards
from pm_assistant.knowledge.chunking import Chunk, chunk_card
from pm_assistant.knowledge.retrieval import LexicalIndex, best_per_section
from pm_assistant.tools.errors import ToolInputError
from pm_assistant.tools.registry import TOOLS, run_tool

ALL_TOOLS = ["search_knowledge", *TOOLS]
LABELLED = Path(__file__).with_name("questions.jsonl")
Search = Callable[..., dict[str, Any]]


def load_labelled() -> list[dict[str, Any]]:
    """The labelled questions: question, expected intent, and for calculators the key arguments and figures."""
    return [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def _index() -> LexicalIndex:
    return LexicalIndex([chunk for card in load_cards() for chunk in chunk_card(card)])


def fake_search(query: str, k: int = 5, tags: Sequence[str] | None = None, source: str | None = None) -> dict[str, Any]:
    """`search_knowledge` over the real cards, lexical ranking only; scores fall from 0.8 by rank."""
    index = _index()

    def allowed(chunk: Chunk) -> bool:
        """The `tags` and `source` filters of the real search."""
        return (not tags or bool(set(tags) & set(chunk.tags))) and source in (None, "cards")

    by_id = {c.id: c for c in index.chunks}
    picked = best_per_section(index.rank(query, allowed), by_id)[:k]
    return {"query": query, "results": [
        {"id": c.source_id, "title": c.title, "section": c.section, "score": round(0.8 - 0.05 * rank, 2),
         "text": c.text} for rank, c in enumerate(picked)]}


def execute(call: dict[str, Any], search: Search = fake_search) -> ToolMessage:
    """Run one tool call as the agent's tool node would: JSON result, or an `Error:` message."""
    try:
        result = search(**call["args"]) if call["name"] == "search_knowledge" else run_tool(call["name"], call["args"])
        content = json.dumps(result, ensure_ascii=False)
    except ToolInputError as exc:
        content = f"Error: {exc}"
    return ToolMessage(content=content, tool_call_id=call["id"], name=call["name"])


def run_turn(model: BaseChatModel, question: str, history: Sequence[BaseMessage] = (),
             search: Search = fake_search, max_rounds: int = 4) -> list[BaseMessage]:
    """The conversation after one user turn: planner replies and tool results until a final answer."""
    messages: list[BaseMessage] = [*history, HumanMessage(question)]
    for _ in range(max_rounds):
        reply = model.invoke(messages)
        assert isinstance(reply, AIMessage)
        messages.append(reply)
        if not reply.tool_calls:
            return messages
        messages.extend(execute(call, search) for call in reply.tool_calls)
    raise AssertionError("the planner kept calling tools")


def turn_calls(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """The tool calls made after the last user message."""
    start = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
    return [c for m in messages[start:] for c in getattr(m, "tool_calls", None) or []]
