"""`pm-assistant mcp [--http [--host H] [--port N]] [--allow PATH]...`: serve the assistant over MCP.

Stdio by default (what desktop clients launch); `--http` serves streamable HTTP, bound to 127.0.0.1 unless
`--host` says otherwise. Options are checked before the SDK loads, so a mistake is one line and exit 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pm_assistant.core.config import load_settings
from pm_assistant.core.errors import UserInputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def run(args: argparse.Namespace) -> int:
    """Check the options, build the server and serve until the client (stdio) or the user (HTTP) stops it."""
    if not args.http and (args.host is not None or args.port is not None):
        raise UserInputError("--host and --port are for --http; stdio needs neither")
    port = DEFAULT_PORT if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise UserInputError(f"--port must be between 0 and 65535, got {port}")
    from pm_assistant.agent.mcp.roots import AllowedRoots

    roots = AllowedRoots.build(Path.cwd(), args.allow)
    settings = load_settings()
    from pm_assistant.agent.mcp.server import build_server, serve_http, serve_stdio  # lazy: the mcp SDK, ~0.35 s

    server = build_server(settings, roots)
    if args.http:
        serve_http(server, args.host or DEFAULT_HOST, port)
    else:
        serve_stdio(server)
    return 0
