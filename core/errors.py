"""Errors that the CLI turns into a one-line message and an exit code."""


class UserInputError(ValueError):
    """Bad usage or invalid input: the CLI prints the message on one line and exits with 2."""
