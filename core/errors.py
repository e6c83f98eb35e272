"""The project's errors: one base class that carries the exit code, caught once at the command line.

Every failure a user can act on is a `PMAssistantError` whose message is one line saying what to fix; the CLI
prints it and exits with `exit_code` (2 for bad usage or input, 1 for everything else). Anything else that
escapes is a bug, shown as one line too, with a traceback only under `--debug`.
"""

from __future__ import annotations

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class PMAssistantError(Exception):
    """Base of every expected failure: a one-line message for the user and the process exit code."""

    exit_code: int = EXIT_ERROR


class UserInputError(PMAssistantError, ValueError):
    """Bad usage or invalid input (a flag, a file, an argument): the user fixes it and runs again."""

    exit_code = EXIT_USAGE


class ServiceError(PMAssistantError, RuntimeError):
    """A service the assistant depends on (the LLM endpoint, a Chroma server) failed or could not be reached."""
