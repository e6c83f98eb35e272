"""Safe file output for every writer: atomic text writes (temp file + os.replace) and the `--out` check.

Standard library only, so every layer and the light commands can use it without loading anything heavy.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from pm_assistant.core.errors import UserInputError


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temp file beside it, flushed to disk, then os.replace: a crash leaves the
    old file or the new one, never half of either. An existing file keeps its permissions; a new one gets the
    usual ones (umask), not the temp file's private 0600. The folder is created when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def write_text_atomic(path: Path, text: str) -> None:
    """`write_bytes_atomic` for UTF-8 text."""
    write_bytes_atomic(path, text.encode("utf-8"))


def _mode_for(path: Path) -> int:
    """The permissions the written file should have: those of the file it replaces, else 0666 less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); folders cannot be opened this way on Windows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_out_path(out: str, example: str) -> Path:
    """The `--out` file as a Path; UserInputError before any long work when it is a folder or its folder is
    missing (`example` is a file name to suggest, such as report.md)."""
    path = Path(out).expanduser()
    if path.is_dir():
        raise UserInputError(f"--out {out}: is a folder; give a file name such as {example}")
    if not path.parent.is_dir():
        raise UserInputError(f"--out {out}: the folder {path.parent} does not exist")
    return path
