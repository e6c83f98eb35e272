"""Turns failures of the LLM endpoint into one-line explanations a user can act on."""

from __future__ import annotations


class EndpointError(RuntimeError):
    """The LLM endpoint could not answer (unreachable, timed out, rate-limited, server error, rejected key)."""


def explain_endpoint_error(exc: BaseException) -> EndpointError | None:
    """An EndpointError for an `openai` client failure, or None when `exc` is something else."""
    try:
        import openai
    except ImportError:  # pragma: no cover - openai is a dependency
        return None
    if isinstance(exc, openai.APITimeoutError):
        return EndpointError("the LLM endpoint timed out (raise PM_ASSISTANT_TIMEOUT or try again)")
    if isinstance(exc, openai.APIConnectionError):
        return EndpointError("cannot reach the LLM endpoint: check OPENAI_BASE_URL and that the server is running")
    if isinstance(exc, openai.AuthenticationError):
        return EndpointError("the LLM endpoint rejected the API key: check OPENAI_API_KEY")
    if isinstance(exc, openai.RateLimitError):
        return EndpointError("the LLM endpoint is rate-limiting requests (HTTP 429): wait and try again")
    if isinstance(exc, openai.NotFoundError):
        return EndpointError("the LLM endpoint does not know this model: check PM_ASSISTANT_MODEL or --model")
    if isinstance(exc, openai.APIStatusError):
        return EndpointError(f"the LLM endpoint failed with HTTP {exc.status_code}: try again later")
    return None
