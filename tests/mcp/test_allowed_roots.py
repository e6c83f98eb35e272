"""File arguments are read only under the allowed roots: the working directory and each `--allow` folder, with
symlinks and `..` resolved before the check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pm_assistant.agent.mcp.roots import AllowedRoots
from pm_assistant.core.errors import UserInputError
from tests.mcp.conftest import PROPOSALS, call_error, call_ok, mcp_client


@pytest.fixture
def layout(tmp_path: Path) -> Path:
    """work/ (the server's folder) with a proposal and a link to outside/secret.md; outside/ beside it."""
    work, outside = tmp_path / "work", tmp_path / "outside"
    work.mkdir()
    outside.mkdir()
    shutil.copy(PROPOSALS / "thin_idea.txt", work / "idea.txt")
    shutil.copy(PROPOSALS / "thin_idea.txt", outside / "secret.txt")
    (work / "link.txt").symlink_to(outside / "secret.txt")
    return tmp_path


def test_paths_resolve_before_the_check(layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(layout / "work")
    roots = AllowedRoots.build(layout / "work")
    assert roots.check("idea.txt") == "idea.txt"
    assert roots.check(str(layout / "work" / "missing.md")) == str(layout / "work" / "missing.md")
    for outside in ("link.txt", "../outside/secret.txt", str(layout / "outside" / "secret.txt"), "/etc/passwd"):
        with pytest.raises(UserInputError, match="outside the folders this server may read"):
            roots.check(outside)
    with pytest.raises(UserInputError, match="path is empty"):
        roots.check(" ")
    allowed = AllowedRoots.build(layout / "work", [str(layout / "outside")])
    assert allowed.check("link.txt") == "link.txt"


def test_allow_must_name_a_folder(layout: Path) -> None:
    with pytest.raises(UserInputError, match="--allow .*: not a folder"):
        AllowedRoots.build(layout / "work", [str(layout / "outside" / "secret.txt")])


@pytest.mark.anyio
async def test_the_server_refuses_outside_paths_and_allow_opens_them(layout: Path, pm_home: Path) -> None:
    work, secret = layout / "work", layout / "outside" / "secret.txt"
    async with mcp_client(pm_home, cwd=work) as client:
        assert (await call_ok(client, "review_proposal", {"path": "idea.txt"}))["title"]
        for path in ("link.txt", "../outside/secret.txt", str(secret)):
            for tool in ("review_proposal", "diagnose_rag_trace"):
                message = await call_error(client, tool, {"path": path})
                assert message.startswith(f"pm-assistant: {path}: outside the folders this server may read")
        assert (await call_ok(client, "review_proposal", {"path": "idea.txt"}))["title"]  # still serving

    async with mcp_client(pm_home, cwd=work, args=["--allow", str(layout / "outside")]) as client:
        assert (await call_ok(client, "review_proposal", {"path": str(secret)}))["title"]
        assert (await call_ok(client, "review_proposal", {"path": "link.txt"}))["title"]
