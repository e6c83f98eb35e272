"""Turns failures of the LLM endpoint into one-line explanations a user can act on."""

from __future__ import annotations

from typing import Literal

from pm_assistant.core.errors import ServiceError

Kind = Literal["unreachable", "timeout", "auth", "rate_limit", "model", "server"]


class EndpointError(ServiceError):
    """The LLM endpoint could not answer; `kind` says why, so callers can offer the right way out."""

    def __init__(self, message: str, kind: Kind) -> None:
        super().__init__(message)
        self.kind: Kind = kind

    @property
    def offline_may_help(self) -> bool:
        """True when the endpoint could not be reached at all (not when the server answered with an error)."""
        return self.kind in ("unreachable", "timeout")


def explain_endpoint_error(exc: BaseException) -> EndpointError | None:
    """An EndpointError for an `openai` client failure, or None when `exc` is something else."""
    try:
        import openai
    except ImportError:  # pragma: no cover - openai is a dependency
        return None
    if isinstance(exc, openai.APITimeoutError):
        return EndpointError("the LLM endpoint timed out (raise PM_ASSISTANT_TIMEOUT or try again)", "timeout")
    if isinstance(exc, openai.APIConnectionError):
        return EndpointError("cannot reach the LLM endpoint: check OPENAI_BASE_URL and that the server is running",
                             "unreachable")
    if isinstance(exc, openai.AuthenticationError):
        return EndpointError("the LLM endpoint rejected the API key: check OPENAI_API_KEY", "auth")
    if isinstance(exc, openai.RateLimitError):
        return EndpointError("the LLM endpoint is rate-limiting requests (HTTP 429): wait and try again", "rate_limit")
    if isinstance(exc, openai.NotFoundError):
        return EndpointError("the LLM endpoint does not know this model: check PM_ASSISTANT_MODEL or --model", "model")
    if isinstance(exc, openai.APIStatusError):
        return EndpointError(f"the LLM endpoint failed with HTTP {exc.status_code}: try again later", "server")
    return None
