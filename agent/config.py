"""Runtime settings read from the environment, so tests and users can redirect them without code."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class Settings:
    """Where data lives and which LLM endpoint (if any) to use."""

    home: Path
    chroma_url: str | None = None
    api_key: str | None = None
    base_url: str | None = None
    model: str = DEFAULT_MODEL
    timeout_s: float = 60.0
    max_retries: int = 2

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
    from platformdirs import user_data_dir

    return Path(user_data_dir("pm-assistant", appauthor=False))


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from environment variables (PM_ASSISTANT_*, OPENAI_*)."""
    env = os.environ if env is None else env
    home = env.get("PM_ASSISTANT_HOME")
    return Settings(
        home=Path(home).expanduser() if home else default_home(),
        chroma_url=env.get("PM_ASSISTANT_CHROMA_URL") or None,
        api_key=env.get("OPENAI_API_KEY") or None,
        base_url=env.get("OPENAI_BASE_URL") or None,
        model=env.get("PM_ASSISTANT_MODEL") or DEFAULT_MODEL,
        timeout_s=float(env.get("PM_ASSISTANT_TIMEOUT", "60")),
        max_retries=int(env.get("PM_ASSISTANT_MAX_RETRIES", "2")),
    )
