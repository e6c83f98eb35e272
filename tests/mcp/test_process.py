"""The server as a process: only protocol messages on stdout, the calculators without the heavy stack, the
command line's own checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.mcp.conftest import PM_ASSISTANT, PROPOSALS, REPO, server_env

HANDSHAKE_VERSION = "2025-06-18"  # what today's desktop clients send


def _request(request_id: int, method: str, params: dict) -> str:
    return json.dumps({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})


def test_stdout_carries_only_protocol_messages_even_when_tools_fail(pm_home: Path) -> None:
    lines = [
        _request(1, "initialize", {"protocolVersion": HANDSHAKE_VERSION, "capabilities": {},
                                   "clientInfo": {"name": "raw", "version": "0"}}),
        json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        _request(2, "tools/list", {}),
        _request(3, "tools/call", {"name": "roi_payback", "arguments": {"investment": "lots"}}),
        _request(4, "tools/call", {"name": "review_proposal", "arguments": {"path": f"{PROPOSALS}/thin_idea.txt"}}),
        "this line is not JSON",
        _request(5, "tools/call", {"name": "cache_savings", "arguments": {
            "monthly_cost_without_cache": 210000, "hit_rate_before": 0.45, "hit_rate_after": 0.65}}),
    ]
    server = subprocess.Popen([str(PM_ASSISTANT), "mcp"], cwd=REPO, env=server_env(pm_home), text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write("\n".join(lines) + "\n")
    server.stdin.flush()
    messages: list[dict[str, Any]] = []
    while len([m for m in messages if m.get("id") is not None]) < 5:  # every line must be JSON-RPC
        messages.append(json.loads(server.stdout.readline()))
    rest, stderr = server.communicate(timeout=60)  # closing stdin ends the server
    assert server.returncode == 0, stderr
    messages += [json.loads(line) for line in rest.splitlines()]
    assert all(m["jsonrpc"] == "2.0" for m in messages)
    by_id = {m["id"]: m for m in messages if "id" in m and m["id"] is not None}
    assert by_id[1]["result"]["serverInfo"]["name"] == "pm-assistant"
    assert len(by_id[2]["result"]["tools"]) == 15
    assert by_id[3]["result"]["isError"] is True
    assert by_id[3]["result"]["content"][0]["text"].startswith("pm-assistant: roi_payback: investment: must be")
    assert by_id[4]["result"]["structuredContent"]["title"] == "Smart meeting notes"
    assert by_id[5]["result"]["structuredContent"]["monthly_savings"] == 42000


CALCULATORS_ONLY = """
import sys
from pathlib import Path

import anyio
from mcp.shared.memory import create_connected_server_and_client_session

from pm_assistant.agent.mcp.roots import AllowedRoots
from pm_assistant.agent.mcp.server import build_server
from pm_assistant.core.config import load_settings


async def main() -> None:
    server = build_server(load_settings(), AllowedRoots.build(Path.cwd()))
    async with create_connected_server_and_client_session(server) as client:
        await client.list_tools()
        result = await client.call_tool("roi_payback", {"investment": 800000, "annual_benefit": 1500000})
        assert result.structuredContent["payback_months"] == 6.4


anyio.run(main)
print(sorted({name.split(".")[0] for name in sys.modules} & {"langchain", "langchain_core", "langgraph",
                                                              "chromadb", "onnxruntime", "openai"}))
"""


def test_tools_list_and_a_calculator_need_neither_langchain_nor_chromadb_nor_onnxruntime(pm_home: Path) -> None:
    done = subprocess.run([sys.executable, "-c", CALCULATORS_ONLY], cwd=REPO, env=server_env(pm_home),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_option_mistakes_are_one_line_and_exit_2(pm_home: Path, tmp_path: Path) -> None:
    for args, says in [
        (["--port", "9000"], "--host and --port are for --http"),
        (["--http", "--port", "70000"], "--port must be between 0 and 65535"),
        (["--allow", str(tmp_path / "missing")], "not a folder"),
    ]:
        done = subprocess.run([str(PM_ASSISTANT), "mcp", *args], env=server_env(pm_home), capture_output=True,
                              text=True, timeout=60, stdin=subprocess.DEVNULL, check=False)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.count("\n") == 1 and says in done.stderr


STRAY_WRITES = """
import os

from pm_assistant.agent.mcp.server import protocol_stdout

with protocol_stdout() as wire:
    print("a stray print")
    os.write(1, b"a C library writing to fd 1\\n")
    wire.write("the protocol line\\n")
print("stdout is back after serving")
"""


def test_while_serving_stdio_only_the_protocol_stream_reaches_stdout() -> None:
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}  # print buffers
    done = subprocess.run([sys.executable, "-c", STRAY_WRITES], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "the protocol line\nstdout is back after serving\n"
    assert sorted(done.stderr.splitlines()) == ["a C library writing to fd 1", "a stray print"]
