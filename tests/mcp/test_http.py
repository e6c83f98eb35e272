"""Streamable HTTP on 127.0.0.1: the same tools over `pm-assistant mcp --http`; the server is stopped (and must
exit) when the test ends, however it ends."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from tests.mcp.conftest import PM_ASSISTANT, REPO, call_error, call_ok, read_text, server_env

pytestmark = [pytest.mark.integration, pytest.mark.anyio]
STARTUP_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _accepting(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def http_url(pm_home: Path) -> Iterator[str]:
    """`pm-assistant mcp --http` on a free loopback port; terminated at the end and checked to have exited."""
    port = _free_port()
    server = subprocess.Popen([str(PM_ASSISTANT), "mcp", "--http", "--port", str(port)], cwd=REPO,
                              env=server_env(pm_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _accepting(port):
            assert server.poll() is None, server.communicate()[1]
            assert time.monotonic() < deadline, "the HTTP server did not start"
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        server.terminate()
        try:
            stdout, stderr = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            stdout, stderr = server.communicate()
    assert server.returncode is not None
    assert stdout == ""  # nothing on stdout, not even access logs
    assert f"MCP server at http://127.0.0.1:{port}/mcp" in stderr


async def test_tools_over_streamable_http_on_loopback(http_url: str) -> None:
    async with streamable_http_client(http_url) as (read, write, _), ClientSession(read, write) as client:
        await client.initialize()
        assert len((await client.list_tools()).tools) == 15
        options = [{"name": "A", "accuracy": 0.72, "latency_s": 1.5}, {"name": "B", "accuracy": 0.88, "latency_s": 2.3},
                   {"name": "C", "accuracy": 0.91, "latency_s": 1.8}]
        result = await call_ok(client, "poc_compare", {"options": options, "constraints": {"min_accuracy": 0.85}})
        assert result["winner"] == "C"
        assert "outside the folders" in await call_error(client, "diagnose_rag_trace", {"path": "/etc/hosts"})
        card, _ = await read_text(client, "pm://cards/poc-four-steps")
        assert card.startswith("---\nid: poc-four-steps")
    # DNS rebinding: a page on another site that resolves its own name to 127.0.0.1 is refused
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "page", "version": "0"}}}
    accept = {"Accept": "application/json, text/event-stream"}
    async with httpx.AsyncClient() as web:
        foreign_host = await web.post(http_url, json=initialize, headers={**accept, "Host": "evil.example"})
        foreign_origin = await web.post(http_url, json=initialize, headers={**accept, "Origin": "http://evil.example"})
    assert (foreign_host.status_code, foreign_origin.status_code) == (421, 403)
