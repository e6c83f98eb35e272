"""`pm-assistant diagnose TRACE [--json] [--out REPORT.md] [--judge]`: diagnose a RAG system from a trace."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pm_assistant.agent.diagnose.judge import FaithfulnessJudge
from pm_assistant.agent.diagnose.report import render_markdown, render_terminal
from pm_assistant.agent.diagnose.runner import diagnose_trace
from pm_assistant.agent.engine.llm import build_chat_model
from pm_assistant.core.config import load_settings
from pm_assistant.core.errors import UserInputError
from pm_assistant.core.fileio import check_out_path, write_text_atomic
from pm_assistant.core.terminal import say, stdout_console

JUDGE_NEEDS_LLM = "--judge needs an LLM endpoint: set OPENAI_API_KEY (and OPENAI_BASE_URL)"


def run(args: argparse.Namespace) -> int:
    """Diagnose the trace, print the report (or the contract JSON) and write markdown when asked."""
    out = check_out_path(args.out, "report.md") if args.out else None
    judge = _build_judge() if args.judge else None
    diagnosis = diagnose_trace(args.trace, judge=judge, progress=sys.stderr.isatty())
    if out is not None:
        write_text_atomic(out, render_markdown(diagnosis, Path(args.trace).name))
    if args.json:
        print(json.dumps(diagnosis.to_dict(), ensure_ascii=False))
        return 0
    render_terminal(diagnosis, stdout_console())
    if out is not None:
        say(f"\nFull report written to {out}")
    return 0


def _build_judge() -> FaithfulnessJudge:
    """The LLM judge for `--judge`; a usage error when no endpoint is configured."""
    settings = load_settings()
    model = build_chat_model(settings) if settings.llm_configured else None
    if model is None:
        raise UserInputError(JUDGE_NEEDS_LLM)
    return FaithfulnessJudge(model)
