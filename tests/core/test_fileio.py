"""Atomic writes: whole files or none, the replaced file's permissions kept, no temp files left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pm_assistant.core.fileio import write_bytes_atomic, write_text_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_overwriting_keeps_the_files_permissions(tmp_path: Path) -> None:
    report = tmp_path / "review.md"
    report.write_text("old", encoding="utf-8")
    report.chmod(0o640)
    write_text_atomic(report, "new")
    assert report.read_text(encoding="utf-8") == "new" and _mode(report) == 0o640


def test_a_new_file_gets_the_usual_permissions_not_0600(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "sub" / "new.md", "text")
    finally:
        os.umask(umask)
    assert _mode(tmp_path / "sub" / "new.md") == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "index.json"
    target.write_text("old", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_bytes_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old" and sorted(os.listdir(tmp_path)) == ["index.json"]


def test_every_write_is_flushed_to_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    write_text_atomic(tmp_path / "t.md", "x")
    assert len(synced) == 2  # the file, then its folder (so the rename survives a crash too)
