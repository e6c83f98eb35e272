"""The `pm-assistant` command line: parses arguments and dispatches to lazily imported commands.

Only argparse and the standard library load here, so `--help`, `tools` and `calc` start fast; each
command's module (and with it langchain, chromadb or onnxruntime) is imported only when it runs.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import sys
from collections.abc import Sequence

from pm_assistant.core.errors import EXIT_ERROR, EXIT_OK, EXIT_USAGE, PMAssistantError
from pm_assistant.core.text.clean import strip_controls

# onnxruntime (imported by chromadb and by our embedder) phones home unless told not to, before import.
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# The assistant uses no pydantic plugins; looking for them reads every installed distribution's entry points when
# the first model is built (~15-30 ms of every command's start-up). Set the variable to "" to let them load.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

EXAMPLES = """examples:
  pm-assistant                                   chat (offline unless OPENAI_API_KEY is set)
  pm-assistant ask "How do I run a proof of concept?"
  pm-assistant ask --json < questions.txt        one JSON answer per line
  pm-assistant ask --json --conversation < turns.txt   one conversation, one JSON object per turn
  pm-assistant calc roi_payback --args '{"investment": 800000, "annual_benefit": 1500000}'
  pm-assistant review examples/proposals/complete_support_bot.md
  pm-assistant diagnose examples/traces/retrieval_broken.jsonl
  pm-assistant ingest ~/docs/strategy.pdf
  pm-assistant mcp                               an MCP server on stdio, for Claude Desktop, Cursor, VS Code

environment: OPENAI_API_KEY, OPENAI_BASE_URL, PM_ASSISTANT_MODEL (LLM mode); PM_ASSISTANT_HOME (data folder);
PM_ASSISTANT_CHROMA_URL (a Chroma server instead of the embedded store)."""


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors are one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"pm-assistant: {message} (see `{self.prog} --help`)\n")


class _Version(argparse.Action):
    """`--version`: reads the installed version only when asked, so other commands don't pay for it."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help=str(kwargs.get("help")))

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from importlib.metadata import version  # lazy: only --version needs the package metadata

        parser.exit(EXIT_OK, f"{parser.prog} {version('pm-assistant')}\n")


def build_parser() -> argparse.ArgumentParser:
    """The full command tree; each subcommand names the module whose `run(args)` handles it."""
    parser = _Parser(
        prog="pm-assistant",
        description="A terminal assistant for product managers who build AI products.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug detail")
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    sub.add_parser = functools.partial(sub.add_parser, parents=[common])  # type: ignore[method-assign]

    answering = _Parser(add_help=False)  # what chat and ask share: which model answers, in which language
    answering.add_argument("--model", help="model name for an OpenAI-compatible endpoint")
    answering.add_argument("--offline", action="store_true", help="use the built-in offline planner")
    answering.add_argument("--lang", choices=["en", "zh"],
                           help="answer language (default: the question's; or PM_ASSISTANT_LANG)")

    chat = sub.add_parser("chat", help="the interactive assistant (default)", parents=[common, answering])
    chat.add_argument("--continue", dest="resume", action="store_true", help="resume the last session")
    chat.set_defaults(module="chat")

    ask = sub.add_parser("ask", help="answer one question (or a JSONL batch from stdin with --json)",
                         parents=[common, answering])
    ask.add_argument("question", nargs="?", help="the question; omit with --json to read one per line from stdin")
    ask.add_argument("--json", action="store_true", help="print the answer as a JSON object (JSONL for a batch)")
    ask.add_argument("--conversation", action="store_true",
                     help="with --json and no QUESTION: the stdin lines are the turns of one conversation "
                          "(follow-ups and what-ifs see the earlier turns); one JSON object per turn")
    ask.set_defaults(module="ask")

    search = sub.add_parser("search", help="retrieval only: the knowledge passages, best first")
    search.add_argument("query", help="what to look for, in plain words")
    search.add_argument("--k", type=int, default=5, help="how many passages (default 5)")
    search.add_argument("--tag", action="append", dest="tags", help="only cards with this tag (repeatable)")
    search.add_argument("--source", choices=["cards", "user"], help="only framework cards or only your documents")
    search.add_argument("--json", action="store_true", help="print the contract JSON")
    search.set_defaults(module="search")

    review = sub.add_parser("review", help="review a project proposal (.md, .txt, .pdf, .docx)")
    review.add_argument("file", help="the proposal: .md, .txt, .pdf or .docx")
    review.add_argument("--json", action="store_true", help="print the contract JSON")
    review.add_argument("--out", help="also write the review as markdown to this file")
    review.add_argument("--offline", action="store_true", help="judge without an LLM even if one is configured")
    review.set_defaults(module="review")

    diagnose = sub.add_parser("diagnose", help="diagnose a RAG system from a trace file (JSONL, JSON, CSV)")
    diagnose.add_argument("trace", help="samples with user_input, retrieved_contexts, response[, reference]")
    diagnose.add_argument("--json", action="store_true", help="print the contract JSON")
    diagnose.add_argument("--out", help="also write the report as markdown to this file")
    diagnose.add_argument("--judge", action="store_true", help="add LLM-judged faithfulness (LLM mode only)")
    diagnose.add_argument("--workers", type=int, default=1, metavar="N",
                          help="diagnose in N processes (default 1; each loads its own embedding model)")
    diagnose.set_defaults(module="diagnose")

    ingest = sub.add_parser("ingest", help="add your own documents to the knowledge base")
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (.md, .txt, .pdf, .docx)")
    ingest.add_argument("--list", action="store_true", help="list ingested documents")
    ingest.add_argument("--remove", metavar="ID", help="remove an ingested document by id")
    ingest.set_defaults(module="ingest")

    index = sub.add_parser("index", help="build or refresh the knowledge index")
    index.add_argument("--rebuild", action="store_true", help="drop and rebuild the whole index")
    index.set_defaults(module="index")

    tools = sub.add_parser("tools", help="list the calculators and their arguments")
    tools.add_argument("--json", action="store_true", help="print names, descriptions and JSON schemas")
    tools.set_defaults(module="tools_list")

    calc = sub.add_parser("calc", help="run one calculator directly")
    calc.add_argument("name", help="calculator name (see `pm-assistant tools`)")
    calc.add_argument("--args", dest="tool_args", default="{}", help="the arguments as a JSON object")
    calc.add_argument("--json", action="store_true", help="print the result object as JSON")
    calc.set_defaults(module="calc")

    mcp = sub.add_parser("mcp", help="serve the tools, cards and prompts to MCP clients (stdio by default)")
    mcp.add_argument("--http", action="store_true", help="serve streamable HTTP at http://HOST:PORT/mcp instead")
    mcp.add_argument("--host", help="address to bind with --http (default 127.0.0.1: this machine only)")
    mcp.add_argument("--port", type=int, help="port with --http (default 8765; 0 picks a free one)")
    mcp.add_argument("--allow", action="append", default=[], metavar="PATH",
                     help="also let tools read files under this folder (repeatable; the working directory always)")
    mcp.set_defaults(module="mcp_server")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "chat"])
    if getattr(args, "lang", None):
        os.environ["PM_ASSISTANT_LANG"] = args.lang  # one place: the planner and the composers read the setting
    try:
        command = importlib.import_module(f"pm_assistant.agent.cli.commands.{args.module}")
        return int(command.run(args) or EXIT_OK)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except PMAssistantError as exc:  # the one place that turns an expected failure into one line and its exit code
        if args.debug:
            raise
        print(f"pm-assistant: {strip_controls(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # anything else is a bug: still one line, the traceback only with --debug
        if args.debug:
            raise
        print(f"pm-assistant: {type(exc).__name__}: {strip_controls(str(exc))} (run with --debug for details)",
              file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
