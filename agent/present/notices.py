"""Messages shown once per process: the offline-mode notice."""

from __future__ import annotations

from pm_assistant.core.terminal import say

OFFLINE_NOTICE = (
    "Running offline: answers come from the built-in planner, the calculators and the knowledge base. "
    "For LLM answers set OPENAI_API_KEY (and OPENAI_BASE_URL for any OpenAI-compatible server, "
    "PM_ASSISTANT_MODEL for the model name)."
)
_shown: set[str] = set()


def notify_once(text: str) -> None:
    """Print a notice to stderr the first time it is needed in this process."""
    if text not in _shown:
        _shown.add(text)
        say(text, err=True)
