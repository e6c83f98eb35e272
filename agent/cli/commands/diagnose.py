"""`pm-assistant diagnose TRACE [--json] [--out REPORT.md] [--judge]`: diagnose a RAG system from a trace."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pm_assistant.core.errors import UserInputError
from pm_assistant.core.fileio import check_out_path, write_text_atomic

if TYPE_CHECKING:
    from pm_assistant.agent.diagnose.judge import FaithfulnessJudge
    from pm_assistant.agent.diagnose.results import Diagnosis

JUDGE_NEEDS_LLM = "--judge needs an LLM endpoint: set OPENAI_API_KEY (and OPENAI_BASE_URL)"


def run(args: argparse.Namespace) -> int:
    """Diagnose the trace, print the report (or the contract JSON) and write markdown when asked."""
    out = check_out_path(args.out, "report.md") if args.out else None
    judge = _build_judge() if args.judge else None
    diagnosis = diagnose_file(args.trace, judge=judge, progress=sys.stderr.isatty())
    if out is not None:
        from pm_assistant.agent.diagnose.report import render_markdown

        write_text_atomic(out, render_markdown(diagnosis, Path(args.trace).name))
    if args.json:
        print(json.dumps(diagnosis.to_dict(), ensure_ascii=False))
    else:
        from rich.console import Console

        from pm_assistant.agent.diagnose.report import render_terminal

        console = Console()
        render_terminal(diagnosis, console)
        if out is not None:
            console.print(f"\nFull report written to {out}", markup=False, highlight=False, soft_wrap=True)
    return 0


def diagnose_file(path: str, *, judge: FaithfulnessJudge | None = None, progress: bool = False) -> Diagnosis:
    """Run the diagnosis (shared with the REPL's `/diagnose PATH`)."""
    from pm_assistant.agent.diagnose.runner import diagnose_trace

    return diagnose_trace(path, judge=judge, progress=progress)


def _build_judge() -> FaithfulnessJudge:
    from pm_assistant.core.config import load_settings

    settings = load_settings()
    if not settings.llm_configured:
        raise UserInputError(JUDGE_NEEDS_LLM)
    from pm_assistant.agent.diagnose.judge import FaithfulnessJudge
    from pm_assistant.agent.engine.llm import build_chat_model

    model = build_chat_model(settings)
    if model is None:
        raise UserInputError(JUDGE_NEEDS_LLM)
    return FaithfulnessJudge(model)
