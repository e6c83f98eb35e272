"""Prompt texts kept as markdown files beside this module, loaded by name."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_prompt(name: str) -> str:
    """Return the text of prompts/<name>.md; raises FileNotFoundError for an unknown name."""
    path = resources.files(__package__).joinpath(f"{name}.md")
    if not path.is_file():
        raise FileNotFoundError(f"no prompt named {name!r}")
    return path.read_text(encoding="utf-8")
