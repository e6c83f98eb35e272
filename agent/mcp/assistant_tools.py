"""The tools beyond the calculators: `search_knowledge`, `review_proposal`, `diagnose_rag_trace` and `ask`.

Each returns the same JSON object as the matching `--json` command. They load the knowledge base, the review
and diagnosis pipelines or the agent only when first called (imports inside the functions below), so the server
starts and answers the calculators without langchain, chromadb or onnxruntime. File arguments are checked
against the allowed roots before anything is read.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from pm_assistant.agent.mcp.catalog import ToolEntry, parse_args
from pm_assistant.agent.mcp.roots import AllowedRoots
from pm_assistant.core.config import Settings
from pm_assistant.tools.errors import FieldProblem
from pm_assistant.tools.fields import ToolInput

if TYPE_CHECKING:
    from pm_assistant.agent.engine.assistant import Assistant

MAX_TEXT_CHARS = 2_000_000  # the document readers' own cap on extracted text
INLINE_PROPOSAL = Path("<text>")  # the `file` a review of inline text reports


def _not_blank(value: str) -> str:
    """Reject text that is only whitespace (pydantic's min_length counts the spaces)."""
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Words = Annotated[str, AfterValidator(_not_blank)]
"""Text that must contain more than whitespace (a query, a question)."""


class SearchInput(ToolInput):
    """Arguments of search_knowledge."""

    query: Words = Field(max_length=2000, description="What to look for, in plain words (English or Chinese).")
    k: int = Field(default=5, ge=1, le=50, description="How many passages to return, best first (1-50). Default 5.")
    source: Literal["cards", "user"] | None = Field(
        default=None, description="Only framework cards ('cards') or only the user's ingested documents ('user')."
    )


class ReviewInput(ToolInput):
    """Arguments of review_proposal: exactly one of path and text."""

    path: str | None = Field(
        default=None, description="Path of the proposal file (.md, .txt, .pdf, .docx) under an allowed folder."
    )
    text: str | None = Field(
        default=None, min_length=1, max_length=MAX_TEXT_CHARS, description="The proposal's text, instead of a path."
    )

    @model_validator(mode="after")
    def _one_source(self) -> ReviewInput:
        if self.path is None and self.text is None:
            raise FieldProblem("path", "is required (or give text)")
        if self.path is not None and self.text is not None:
            raise FieldProblem("path", "give path or text, not both")
        return self


class DiagnoseInput(ToolInput):
    """Arguments of diagnose_rag_trace."""

    path: str = Field(description="Path of the trace file (.jsonl, .json or .csv) under an allowed folder.")


class AskInput(ToolInput):
    """Arguments of ask."""

    question: Words = Field(max_length=20_000, description="The question, in English or Chinese.")


SEARCH_DESCRIPTION = (
    "Search the PM knowledge base: framework cards (English and Chinese) and the user's ingested documents. "
    "Returns {query, results: [{id, title, section, score, similarity, text}]}, best first; cite a passage as "
    "[id] (ingested documents have ids user:<id>). score and similarity are fractions in [0, 1]."
)
REVIEW_DESCRIPTION = (
    "Review an AI project proposal: a .md, .txt, .pdf or .docx file under an allowed folder (path), or its "
    "text (text); give exactly one. Returns the structured review: domain risk class and hallucination budget "
    "(a fraction), the technical-review five questions, the investment score and priority (P0/P1/P2), "
    "financials (payback in months), risks, a POC plan, missing information, questions before approval and a "
    "verdict. Figures the proposal does not state stay null; money is never converted."
)
DIAGNOSE_DESCRIPTION = (
    "Diagnose a RAG system from a trace file under an allowed folder (JSONL, JSON list or CSV of samples with "
    "user_input, retrieved_contexts (list of strings), response and optionally reference). Returns per-sample "
    "metrics (context_recall, faithfulness, answer_relevance: fractions in [0, 1], computed without an LLM), "
    "the failing layer (prompt, retrieval, model or data) and failure points FP1-FP7, and a summary with the "
    "top fixes."
)
ASK_DESCRIPTION = (
    "Ask the PM assistant a question and get its full answer: markdown citing framework cards, its sources, "
    "every calculator call with its result, and a self-check over four layers (prompt, retrieval, grounding, "
    "knowledge). Offline (built-in planner) unless an LLM endpoint is configured. Slower than a calculator or "
    "search_knowledge; use it for a complete, checked answer. It never invents missing inputs: it asks for them."
)


class AssistantTools:
    """The four assistant-backed tools for one server: its settings, allowed roots and (lazily) its agent."""

    def __init__(self, settings: Settings, roots: AllowedRoots) -> None:
        self.settings = settings
        self.roots = roots
        self._assistant: Assistant | None = None
        self._assistant_lock = threading.Lock()  # one agent per server; its answers are made one at a time

    def entries(self) -> list[ToolEntry]:
        """The four tools in the order `tools/list` shows them."""
        llm = self.settings.llm_configured  # review and ask then call the configured endpoint
        return [
            ToolEntry("search_knowledge", SEARCH_DESCRIPTION, SearchInput.model_json_schema(), self.search),
            ToolEntry("review_proposal", REVIEW_DESCRIPTION, ReviewInput.model_json_schema(), self.review,
                      open_world=llm),
            ToolEntry("diagnose_rag_trace", DIAGNOSE_DESCRIPTION, DiagnoseInput.model_json_schema(), self.diagnose),
            ToolEntry("ask", ASK_DESCRIPTION, AskInput.model_json_schema(), self.ask, open_world=llm),
        ]

    def search(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """The `search --json` object; the index is built into PM_ASSISTANT_HOME on first use."""
        inp = parse_args("search_knowledge", SearchInput, args)
        from pm_assistant.knowledge.search import get_knowledge_base  # lazy: loads chromadb and the model

        passages = get_knowledge_base(self.settings).search(inp.query, k=inp.k, source=inp.source)
        return {"query": inp.query, "results": [p.to_dict() for p in passages]}

    def review(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """The `review --json` object, judged by the configured LLM or offline (like `review` without flags)."""
        inp = parse_args("review_proposal", ReviewInput, args)
        from pm_assistant.agent.review.build import review_document, review_file  # lazy: the review pipeline

        if inp.path is not None:
            review = review_file(self.roots.check(inp.path), self.settings)
        else:
            from pm_assistant.agent.engine.llm import build_chat_model
            from pm_assistant.agent.review.reader import ProposalDocument

            model = build_chat_model(self.settings) if self.settings.llm_configured else None
            doc = ProposalDocument(path=INLINE_PROPOSAL, text=inp.text or "", format="markdown")
            review = review_document(doc, model=model, settings=self.settings)
        return review.to_json_dict()

    def diagnose(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """The `diagnose --json` object (metrics computed without an LLM)."""
        inp = parse_args("diagnose_rag_trace", DiagnoseInput, args)
        from pm_assistant.agent.diagnose.runner import diagnose_trace  # lazy: numpy and the embedding model

        return diagnose_trace(self.roots.check(inp.path)).to_dict()

    def ask(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """The `ask --json` object: the answer, sources, tool calls, self-check and usage."""
        inp = parse_args("ask", AskInput, args)
        with self._assistant_lock:
            return self._agent().ask(inp.question, remember=False).to_json()

    def _agent(self) -> Assistant:
        """The agent, built on the first question with a current knowledge index (as `ask` does)."""
        if self._assistant is None:
            from pm_assistant.agent.engine.assistant import build_assistant  # lazy: langchain, ~2 s

            assistant = build_assistant(self.settings)
            assistant.ensure_knowledge()
            self._assistant = assistant
        return self._assistant
