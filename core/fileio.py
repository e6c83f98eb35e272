"""Safe file output for every writer: atomic text writes (temp file + os.replace) and the `--out` check.

Standard library and `agent.errors` only, so `knowledge` and the light commands can use it without loading
anything heavy.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pm_assistant.core.errors import UserInputError


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text to `path` through a temp file beside it, then os.replace, so a crash never leaves half a
    file (the folder is created when missing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_out_path(out: str, example: str) -> Path:
    """The `--out` file as a Path; UserInputError before any long work when it is a folder or its folder is
    missing (`example` is a file name to suggest, such as report.md)."""
    path = Path(out).expanduser()
    if path.is_dir():
        raise UserInputError(f"--out {out}: is a folder; give a file name such as {example}")
    if not path.parent.is_dir():
        raise UserInputError(f"--out {out}: the folder {path.parent} does not exist")
    return path
