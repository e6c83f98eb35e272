"""The chat model for LLM mode: any OpenAI-compatible endpoint, with bounded timeouts and retries."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from pm_assistant.core.config import Settings


def build_chat_model(settings: Settings, model_name: str | None = None) -> BaseChatModel:
    """A ChatOpenAI client for the configured endpoint (callers check `settings.llm_configured` first)."""
    from langchain_openai import ChatOpenAI  # lazy: about a second of imports that offline answers never need

    return ChatOpenAI(
        model=model_name or settings.model,
        api_key=settings.api_key,
        base_url=settings.base_url,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
        temperature=0,
        stream_usage=True,
    )
