"""`pm-assistant chat` (and bare `pm-assistant`): the interactive REPL, optionally resuming the last session."""

from __future__ import annotations

import argparse

from pm_assistant.agent.engine.assistant import Assistant, build_assistant
from pm_assistant.agent.repl.loop import run_chat
from pm_assistant.agent.repl.session import ChatSession
from pm_assistant.agent.repl.terminal import build_reader
from pm_assistant.agent.repl.transcript import TranscriptStore
from pm_assistant.agent.repl.views import status_line
from pm_assistant.core.config import load_settings
from pm_assistant.core.terminal import stdout_console


def run(args: argparse.Namespace) -> int:
    """Build the assistant, the console and the input, then run the chat loop until the user leaves."""
    settings = load_settings()
    console = stdout_console()

    def factory(offline: bool, model_name: str | None) -> Assistant:
        """A fresh assistant: the offline planner, or the named (else configured) model."""
        return build_assistant(settings, offline=offline, model_name=model_name)

    with console.status("starting…"):
        assistant = factory(bool(args.offline), args.model)
    session = ChatSession(settings, assistant, factory, TranscriptStore(settings.transcripts_dir))
    reader = build_reader(settings.history_file, lambda: status_line(session), console)
    return run_chat(session, reader, console, resume=bool(args.resume), debug=bool(getattr(args, "debug", False)))
