"""Fixtures for the MCP tests: the real `pm-assistant mcp` process driven by the SDK's own stdio client.

Servers run in the repository (so examples/ is inside the allowed root) with their own PM_ASSISTANT_HOME and no
LLM endpoint (answers are offline). `anyio_backend` is module-scoped so a module can share one server process.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client, types

REPO = Path(__file__).resolve().parents[2]
PROPOSALS = REPO / "examples" / "proposals"
TRACES = REPO / "examples" / "traces"
PM_ASSISTANT = Path(sys.executable).with_name("pm-assistant")  # the console script a desktop client launches


def server_env(home: Path) -> dict[str, str]:
    """The test process's environment (no OPENAI_*: see tests/conftest.py) with its own data folder."""
    return {**os.environ, "PM_ASSISTANT_HOME": str(home)}


@asynccontextmanager
async def mcp_client(
    home: Path, cwd: Path = REPO, args: Sequence[str] = (), env: Mapping[str, str] | None = None
) -> AsyncIterator[ClientSession]:
    """A connected SDK client to `pm-assistant mcp ARGS` started in `cwd` (with `env` on top of the test's
    environment); the process ends with the block."""
    params = StdioServerParameters(
        command=str(PM_ASSISTANT), args=["mcp", *args], env={**server_env(home), **(env or {})}, cwd=str(cwd)
    )
    async with stdio_client(params) as (read, write), ClientSession(read, write) as client:
        await client.initialize()
        yield client


async def call_ok(client: ClientSession, name: str, args: dict[str, Any]) -> dict[str, Any]:
    """The structured result of a successful call (the JSON text content says the same)."""
    result = await client.call_tool(name, args)
    (content,) = result.content
    assert isinstance(content, types.TextContent)
    assert not result.isError, content.text
    structured: dict[str, Any] = result.structuredContent
    assert json.loads(content.text) == structured
    return structured


async def call_error(client: ClientSession, name: str, args: dict[str, Any]) -> str:
    """The one-line message of a call that failed as a tool result with isError."""
    result = await client.call_tool(name, args)
    (content,) = result.content
    assert result.isError and isinstance(content, types.TextContent)
    assert "\n" not in content.text
    return content.text


async def read_text(client: ClientSession, uri: str) -> tuple[str, str | None]:
    """(text, MIME type) of a text resource."""
    (content,) = (await client.read_resource(uri)).contents
    assert isinstance(content, types.TextResourceContents)
    return content.text, content.mimeType


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"
