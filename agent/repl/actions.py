"""The REPL's bridge to the other features: calculators list, proposal review, trace diagnosis, ingestion.

Each function does the work and returns what to print: a renderable, or a drawing function that calls the
same renderer as the matching CLI command.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType

from pm_assistant.agent.diagnose.report import render_terminal
from pm_assistant.agent.diagnose.runner import diagnose_trace
from pm_assistant.agent.engine.llm import build_chat_model
from pm_assistant.agent.present.calculators import calculators_table
from pm_assistant.agent.repl.session import ChatSession
from pm_assistant.agent.repl.views import Draw, note
from pm_assistant.agent.review.build import review_file
from pm_assistant.agent.review.render import print_review
from pm_assistant.knowledge.ingest import ingest_paths


def tools_view() -> RenderableType:
    """The calculators, one line each; in chat the user asks in words and the assistant runs them."""
    hint = note("Ask in words, e.g. 'we invest 800k and save 1.5M a year: payback?'; "
                "arguments of each: pm-assistant tools")
    return Group(calculators_table("calculators", arguments=False), hint)


def review_view(path: Path, session: ChatSession) -> Draw:
    """Review a proposal file (with the session's model in LLM mode) and draw it as `review` does."""
    model = None
    if session.assistant.mode == "llm":
        model = build_chat_model(session.settings, session.assistant.model_name)
    review = review_file(path, session.settings, model, offline=model is None)
    return lambda console: print_review(review, console)


def diagnose_view(path: Path, session: ChatSession) -> Draw:
    """Diagnose a RAG trace file and draw the report as `diagnose` does."""
    diagnosis = diagnose_trace(str(path))
    return lambda console: render_terminal(diagnosis, console, hint=None)


def ingest_view(paths: Sequence[Path], session: ChatSession) -> RenderableType:
    """Add documents to the knowledge base the assistant searches, and say what happened to each file."""
    outcomes, report = ingest_paths(session.assistant.kb, paths)  # type: ignore[arg-type]
    counts = Counter(o.status for o in outcomes)
    lines = [note(f"error: {o.message}" if o.status == "failed" else o.message, "red" if o.status == "failed" else "")
             for o in outcomes]
    summary = f"{counts['added']} added, {counts['exists']} already ingested, {counts['failed']} failed"
    if counts["added"]:
        summary += ": ask about them now (they are cited as [user:<id>])"
    index = [note(report.summary())] if report is not None else []
    return Group(*lines, note(summary, "bold"), *index)
