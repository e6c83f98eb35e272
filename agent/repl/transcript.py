"""Chat transcripts on disk: one JSON file per session (resumable with `chat --continue`) and markdown exports.

Every write goes through a temp file and `os.replace`, so a crash never leaves half a transcript; a file
that cannot be read raises `TranscriptError` and is left where it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from langchain_core.messages import BaseMessage, messages_from_dict, messages_to_dict

from pm_assistant.agent.engine.assistant import Answer
from pm_assistant.agent.engine.usage import Usage
from pm_assistant.agent.selfcheck.checks import SelfCheck
from pm_assistant.core.errors import UserInputError
from pm_assistant.core.fileio import write_text_atomic

FORMAT_VERSION = 1


class TranscriptError(UserInputError):
    """A transcript file that cannot be read back (corrupt, truncated or from an unknown format)."""


def now_iso() -> str:
    """The current UTC time, to the second, for transcript timestamps."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Turn:
    """One answered question and the model that answered it (`offline` for the planner)."""

    model: str
    answer: Answer


@dataclass
class SavedSession:
    """A session as a transcript holds it: written from a live session, or read back from its file (`path`)."""

    id: str
    created: str
    messages: list[BaseMessage]
    turns: list[Turn]
    path: Path | None = None


def answer_from_json(data: dict[str, Any]) -> Answer:
    """Rebuild an `Answer` from its contract JSON (what `Answer.to_json` wrote)."""
    usage = data.get("usage") or {}
    return Answer(
        mode=data["mode"],
        question=data["question"],
        answer=data["answer"],
        sources=list(data.get("sources") or []),
        tool_calls=list(data.get("tool_calls") or []),
        self_check=SelfCheck.model_validate(data["self_check"]),
        usage=Usage(**{k: usage[k] for k in ("llm_calls", "prompt_tokens", "completion_tokens", "latency_ms")
                       if k in usage}),
    )


class TranscriptStore:
    """The folder of session transcripts (`<id>.json`, plus markdown exports by default)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path_for(self, session_id: str) -> Path:
        """Where the JSON transcript of a session lives."""
        return self.directory / f"{session_id}.json"

    def save(self, session: SavedSession) -> Path:
        """Write the session (history and per-turn answers) atomically; returns the file."""
        record = {
            "version": FORMAT_VERSION,
            "id": session.id,
            "created": session.created,
            "updated": now_iso(),
            "messages": messages_to_dict(session.messages),
            "turns": [{"model": t.model, "answer": t.answer.to_json()} for t in session.turns],
        }
        path = self.path_for(session.id)
        write_text_atomic(path, json.dumps(record, ensure_ascii=False, indent=1, default=str))
        return path

    def latest(self) -> Path | None:
        """The most recently written transcript, or None when there is none."""
        files = [p for p in self.directory.glob("*.json") if p.is_file()] if self.directory.is_dir() else []
        return max(files, key=lambda p: (p.stat().st_mtime, p.name), default=None)

    def load(self, path: Path) -> SavedSession:
        """Read a transcript back; TranscriptError (one line) when it is unreadable. The file is never touched."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != FORMAT_VERSION:
                raise TranscriptError(f"{path.name}: unknown transcript format {data.get('version')!r}")
            return SavedSession(
                id=str(data["id"]),
                created=str(data.get("created") or ""),
                messages=messages_from_dict(data["messages"]),
                turns=[Turn(model=str(t["model"]), answer=answer_from_json(t["answer"])) for t in data["turns"]],
                path=path,
            )
        except TranscriptError:
            raise
        except (OSError, UnicodeDecodeError) as exc:
            raise TranscriptError(f"{path.name}: cannot read it ({exc})") from exc
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise TranscriptError(f"{path.name}: not a valid transcript ({type(exc).__name__})") from exc

    def export_markdown(self, session: SavedSession, target: Path | None = None) -> Path:
        """Write the conversation as markdown (atomically) to `target`, a folder, or by default next to the JSON."""
        path = target.expanduser() if target is not None else self.directory / f"{session.id}.md"
        if path.is_dir():
            path = path / f"{session.id}.md"
        write_text_atomic(path, to_markdown(session))
        return path


def to_markdown(session: SavedSession) -> str:
    """The conversation as a markdown document: each question, its answer, self-check line and sources."""
    lines = [f"# PM Assistant session {session.id}", "", f"Started {session.created}, {len(session.turns)} turns.", ""]
    for number, turn in enumerate(session.turns, 1):
        answer = turn.answer
        quoted = "\n".join(f"> {row}" for row in answer.question.splitlines() or [""])
        lines += ["---", "", f"**You ({number}):**", "", quoted, "", f"**Assistant** ({turn.model}):", "",
                  answer.answer.strip(), "", f"*{answer.self_check.summary_line()}*", ""]
        if answer.sources:
            lines.append("Sources: " + "; ".join(_source_label(s) for s in answer.sources))
            lines.append("")
    return "\n".join(lines)


def _source_label(source: dict[str, Any]) -> str:
    section = f", {source['section']}" if source.get("section") else ""
    return f"[{source.get('id')}] {source.get('title') or ''}{section}"
