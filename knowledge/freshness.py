"""Cheap change detection: values derived from files are recomputed only when the files' `stat` changes.

The knowledge self-check runs on every answer and asks whether the index matches the cards and documents
on disk; answering that by re-reading and parsing every card each time would cost more than the answer. A
`Memo` keeps the derived value with the signature (modification time in nanoseconds, size, inode) of the
files it came from, and recomputes only when a signature differs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """(mtime in ns, size, inode) of a file, or None when it does not exist."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def folder_signature(folders: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, mtime in ns, size) of every file directly in these folders, sorted; missing folders are empty."""
    entries: list[tuple[str, int, int]] = []
    for folder in folders:
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    if entry.is_file():
                        st = entry.stat()
                        entries.append((entry.path, st.st_mtime_ns, st.st_size))
        except OSError:
            continue
    return tuple(sorted(entries))


class Memo(Generic[T]):
    """A value computed from files, recomputed when `signature()` changes (compared with ==)."""

    def __init__(self, signature: Callable[[], Hashable], compute: Callable[[], T]) -> None:
        """Nothing is computed until the first `get`."""
        self._signature = signature
        self._compute = compute
        self._seen: Hashable = None
        self._value: T | None = None
        self._valid = False

    def get(self) -> T:
        """The value for the files as they are now."""
        signature = self._signature()
        if not self._valid or signature != self._seen:
            self._value = self._compute()
            self._seen, self._valid = signature, True
        return self._value  # type: ignore[return-value]
