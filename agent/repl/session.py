"""State of one chat session: the assistant, the answered turns, tokens spent per model, switching models.

A session has an id (which names its transcript file); `/clear` starts a new id so the saved transcript of
the old conversation is never overwritten.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime

from pm_assistant.agent.engine.assistant import Answer, Assistant
from pm_assistant.agent.engine.usage import Usage
from pm_assistant.agent.repl.transcript import SavedSession, TranscriptStore, Turn, now_iso
from pm_assistant.core.config import Settings

OFFLINE_LABEL = "offline"
# (offline, model name or None for the configured one) -> a new assistant
AssistantFactory = Callable[[bool, "str | None"], Assistant]


def new_session_id() -> str:
    """A sortable, unique id such as `20251105-142301-9f2c`."""
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


class ChatSession:
    """The conversation the REPL is holding: assistant, turns, spend, and where transcripts go."""

    def __init__(self, settings: Settings, assistant: Assistant, factory: AssistantFactory,
                 store: TranscriptStore) -> None:
        self.settings = settings
        self.assistant = assistant
        self.factory = factory
        self.store = store
        self.id = new_session_id()
        self.created = now_iso()
        self.turns: list[Turn] = []
        self.spent: dict[str, Usage] = {}

    @property
    def model_label(self) -> str:
        """`offline` for the planner, otherwise the model name in use."""
        if self.assistant.mode == "offline":
            return OFFLINE_LABEL
        return self.assistant.model_name or self.settings.model

    @property
    def last_answer(self) -> Answer | None:
        """The most recent answer of this conversation, if any."""
        return self.turns[-1].answer if self.turns else None

    def record(self, answer: Answer) -> Turn:
        """Add an answered turn and count its tokens against the model that answered."""
        turn = Turn(model=self.model_label, answer=answer)
        self.turns.append(turn)
        self._spend(turn)
        return turn

    def total_usage(self) -> Usage:
        """Calls and tokens over every model used in this process (and resumed turns)."""
        total = Usage()
        for usage in self.spent.values():
            _add(total, usage)
        return total

    def switch(self, *, offline: bool, model_name: str | None = None) -> None:
        """Replace the assistant (offline planner or another model), keeping the conversation history."""
        replacement = self.factory(offline, model_name)
        replacement.history = list(self.assistant.history)
        self.assistant = replacement

    def clear(self) -> str:
        """Forget the conversation and start a new session id; returns the id of the one left behind."""
        previous = self.id
        self.assistant.clear()
        self.turns = []
        self.id, self.created = new_session_id(), now_iso()
        return previous

    def snapshot(self) -> SavedSession:
        """The conversation as its transcript records it."""
        return SavedSession(self.id, self.created, list(self.assistant.history), list(self.turns))

    def restore(self, saved: SavedSession) -> None:
        """Continue a saved session: its id, history and turns (their tokens count as spent)."""
        self.id, self.created = saved.id, saved.created
        self.assistant.history = list(saved.messages)
        self.turns = list(saved.turns)
        for turn in self.turns:
            self._spend(turn)

    def _spend(self, turn: Turn) -> None:
        _add(self.spent.setdefault(turn.model, Usage()), turn.answer.usage)


def _add(total: Usage, usage: Usage) -> None:
    total.llm_calls += usage.llm_calls
    total.prompt_tokens += usage.prompt_tokens
    total.completion_tokens += usage.completion_tokens
    total.latency_ms += usage.latency_ms
