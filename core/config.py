"""Runtime settings read from the environment, so tests and users can redirect them without code."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import SecretStr

DEFAULT_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class Settings:
    """Where data lives and which LLM endpoint (if any) to use."""

    home: Path
    chroma_url: str | None = None
    api_key: SecretStr | None = field(default=None, repr=False)  # never shown in a repr, a log or a traceback
    base_url: str | None = None
    model: str = DEFAULT_MODEL
    timeout_s: float = 60.0
    max_retries: int = 2

    def __post_init__(self) -> None:
        if isinstance(self.api_key, str):  # a plain key (tests, callers) is wrapped so it never prints
            object.__setattr__(self, "api_key", SecretStr(self.api_key))

    @property
    def llm_configured(self) -> bool:
        """True when an OpenAI-compatible endpoint is configured, so the agent runs in LLM mode."""
        return bool(self.api_key)

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def documents_dir(self) -> Path:
        return self.home / "documents"

    @property
    def transcripts_dir(self) -> Path:
        return self.home / "transcripts"

    @property
    def history_file(self) -> Path:
        return self.home / "history"


def default_home() -> Path:
    """The platform's per-user data directory for pm-assistant."""
    from platformdirs import user_data_dir  # lazy: only when PM_ASSISTANT_HOME is not set

    return Path(user_data_dir("pm-assistant", appauthor=False))


def _number(env: Mapping[str, str], name: str, default: str, kind: type[float] | type[int]) -> Any:
    """A numeric setting; a malformed one is a one-line usage error naming the variable."""
    raw = env.get(name) or default
    try:
        value = kind(raw)
    except ValueError:
        value = -1
    if value < 0:
        from pm_assistant.core.errors import UserInputError

        raise UserInputError(f"{name} must be a non-negative {kind.__name__}, not {raw!r}")
    return value


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from environment variables (PM_ASSISTANT_*, OPENAI_*)."""
    env = os.environ if env is None else env
    home = Path(env["PM_ASSISTANT_HOME"]).expanduser() if env.get("PM_ASSISTANT_HOME") else default_home()
    if home.exists() and not home.is_dir():
        from pm_assistant.core.errors import UserInputError

        raise UserInputError(f"PM_ASSISTANT_HOME must be a folder, but {home} is a file: point it at a folder")
    return Settings(
        home=home,
        chroma_url=env.get("PM_ASSISTANT_CHROMA_URL") or None,
        api_key=SecretStr(env["OPENAI_API_KEY"]) if env.get("OPENAI_API_KEY") else None,
        base_url=env.get("OPENAI_BASE_URL") or None,
        model=env.get("PM_ASSISTANT_MODEL") or DEFAULT_MODEL,
        timeout_s=_number(env, "PM_ASSISTANT_TIMEOUT", "60", float),
        max_retries=_number(env, "PM_ASSISTANT_MAX_RETRIES", "2", int),
    )
