"""Rich renderables for the REPL: answers, the `/check` table, sources, cost, help and the status line."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from pm_assistant.agent.engine.assistant import Answer
from pm_assistant.agent.repl.cost import CostLine
from pm_assistant.agent.repl.session import ChatSession

Draw = Callable[[Console], None]  # prints a report on the console it is given (the CLI commands' renderers)
STATUS_STYLE = {"pass": "green", "warn": "yellow", "fail": "red"}
KEYS_HELP = ("Enter sends · pasted text keeps its lines · Esc Enter adds a line · ↑ or Ctrl-R searches history · "
             "Tab completes commands and paths · Ctrl-C cancels an answer · Ctrl-D exits")


def note(text: str, style: str = "dim") -> Text:
    """A one-line message (markup-free, so paths and brackets print as they are)."""
    return Text(text, style=style)


def check_table(answer: Answer) -> Table:
    """The four self-check layers in full, for `/check`."""
    verdict = "passed" if answer.self_check.passed else "FAILED"
    table = Table(title=f"self-check {verdict}", title_justify="left", show_lines=False, expand=False)
    table.add_column("layer", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("detail", overflow="fold")
    for check in answer.self_check.checks:
        table.add_row(check.name, Text(check.status, style=STATUS_STYLE[check.status]), check.detail)
    return table


def sources_table(answer: Answer) -> RenderableType:
    """The last answer's sources, best first, for `/sources`."""
    if not answer.sources:
        return note("the last answer used no knowledge sources")
    table = Table(title="sources of the last answer", title_justify="left")
    for column in ("id", "title", "section"):
        table.add_column(column, overflow="fold")
    table.add_column("score", justify="right")
    for source in answer.sources:
        score = source.get("score")
        table.add_row(str(source.get("id")), str(source.get("title") or ""), str(source.get("section") or ""),
                      f"{score:.2f}" if isinstance(score, (int, float)) else "")
    return table


def cost_table(lines: Sequence[CostLine]) -> RenderableType:
    """Session calls, tokens and estimated cost per model, for `/cost`."""
    if not lines:
        return note("no questions answered yet: nothing spent")
    table = Table(title="this session", title_justify="left")
    table.add_column("model")
    for column in ("LLM calls", "prompt tokens", "completion tokens", "est. cost"):
        table.add_column(column, justify="right")
    for line in lines:
        table.add_row(line.model, f"{line.usage.llm_calls:,}", f"{line.usage.prompt_tokens:,}",
                      f"{line.usage.completion_tokens:,}", _cost_cell(line))
    notes = [note(f"{line.model}: {line.note}") for line in lines]
    return Group(table, *notes)


def _cost_cell(line: CostLine) -> str:
    if line.cost is None:
        return "unknown"
    if not line.cost:
        return "0"
    return f"{line.currency or ''} {line.cost:,.4f}".strip()


def help_table(commands: Sequence[tuple[str, str]]) -> Group:
    """Every slash command (usage, one-line description), then the keys."""
    table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for usage, summary in commands:
        table.add_row(usage, summary)
    return Group(note("Ask any PM question, or use a command:", ""), table, note(KEYS_HELP))


def endpoint_host(base_url: str | None) -> str:
    """The host part of the configured endpoint (the OpenAI API when none is set)."""
    if not base_url:
        return "api.openai.com"
    return urlsplit(base_url).netloc or base_url


def mode_text(session: ChatSession) -> str:
    """`offline planner` or `model: NAME @ host`."""
    if session.assistant.mode == "offline":
        return "offline planner"
    return f"model: {session.model_label} @ {endpoint_host(session.settings.base_url)}"


def status_line(session: ChatSession) -> str:
    """The bottom toolbar: mode or model, turns, and session tokens."""
    usage = session.total_usage()
    tokens = usage.prompt_tokens + usage.completion_tokens
    return f" {mode_text(session)} · {len(session.turns)} turns · {tokens:,} tokens · /help for commands "
