"""The chat model for LLM mode: any OpenAI-compatible endpoint, with bounded timeouts and retries."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pm_assistant.core.config import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def build_chat_model(settings: Settings, model_name: str | None = None) -> BaseChatModel | None:
    """A ChatOpenAI client for the configured endpoint, or None when no endpoint is configured (offline)."""
    if not settings.llm_configured:
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=model_name or settings.model,
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
        temperature=0,
        stream_usage=True,
    )
