"""The MCP server: the SDK's low-level `Server` (mcp 1.x) wired to the tool catalog, the resources and the
prompts, served over stdio or streamable HTTP.

Why the low-level `Server` and not `FastMCP`: the calculators publish their own pydantic JSON schemas unchanged
(`FastMCP` derives a schema from a function signature), and every failure must reach the client as the CLI's
one line (`FastMCP`, and the low-level server unless told not to, validate arguments themselves and prefix their
messages). Tool failures come back as results with `isError` (the model can read and correct them); resource and
prompt failures as protocol errors, as MCP defines them. Tools run in worker threads, so a long review or
diagnosis never stalls the connection.

This module imports the `mcp` SDK (about 0.35 s: its package import loads its client, server and web stack
whatever part is used): only the `mcp` command loads it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO

import anyio
import anyio.to_thread
import uvicorn
from mcp import McpError, types
from mcp.server.fastmcp.server import StreamableHTTPASGIApp
from mcp.server.lowlevel import Server
from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.server.stdio import stdio_server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import AnyUrl
from starlette.applications import Starlette
from starlette.routing import Route

from pm_assistant.agent.mcp.assistant_tools import AssistantTools
from pm_assistant.agent.mcp.catalog import CONVENTIONS, ToolEntry, calculator_entries, error_line
from pm_assistant.agent.mcp.prompts import PROMPTS, render_prompt
from pm_assistant.agent.mcp.resources import CARD_TEMPLATES, Library, ResourceNotFound
from pm_assistant.agent.mcp.roots import AllowedRoots
from pm_assistant.core.config import Settings
from pm_assistant.core.errors import PMAssistantError, UserInputError

NAME = "pm-assistant"
INSTRUCTIONS = (
    "PM Assistant for AI product managers: deterministic calculators (ROI and payback, token and GPU cost, "
    "custom-model cost, investment scoring, risk-cost and differentiation matrices, classification metrics, POC "
    "comparison, hallucination budgets, cache savings, token counts), a knowledge base of PM framework cards "
    "(search_knowledge; cards also as resources pm://cards/{id}), proposal review, RAG trace diagnosis and the "
    f"full assistant (ask). Use the calculators for every number instead of computing it yourself. {CONVENTIONS}"
)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
logger = logging.getLogger(__name__)


def _version() -> str:
    """The installed package's version, for the server's `serverInfo`."""
    try:
        return version(NAME)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0"


def _tool(entry: ToolEntry) -> types.Tool:
    """The protocol's description of one catalog entry (every tool only reads and computes)."""
    return types.Tool(
        name=entry.name,
        description=entry.description,
        inputSchema=entry.input_schema,
        annotations=types.ToolAnnotations(
            readOnlyHint=True, destructiveHint=False, idempotentHint=True, openWorldHint=entry.open_world
        ),
    )


def _failure(message: str) -> types.CallToolResult:
    """A tool result the model reads as a failure: `isError` with the one-line message."""
    return types.CallToolResult(content=[types.TextContent(type="text", text=message)], isError=True)


def _protocol_error(code: int, message: str, uri: str) -> McpError:
    """A protocol error about a resource: one line, with the URI as data."""
    return McpError(types.ErrorData(code=code, message=message, data={"uri": uri}))


class McpHandlers:
    """The request handlers of one server: tools from the catalog, resources from the library, the prompts."""

    def __init__(self, catalog: Mapping[str, ToolEntry], library: Library) -> None:
        self.catalog = catalog
        self.library = library
        self._tools = [_tool(entry) for entry in catalog.values()]

    async def list_tools(self) -> list[types.Tool]:
        """Every tool, calculators first (built once: the schemas never change while serving)."""
        return self._tools

    async def call_tool(self, name: str, arguments: dict[str, Any] | None) -> types.CallToolResult:
        """Run the tool in a worker thread; any failure is an `isError` result with one line, never a crash."""
        entry = self.catalog.get(name)
        if entry is None:
            return _failure(f"pm-assistant: unknown tool '{name}'; available: {', '.join(self.catalog)}")
        try:
            result = await anyio.to_thread.run_sync(entry.run, arguments or {})
        except Exception as exc:  # the boundary: a tool failure is a message to the model, not a dead server
            if not isinstance(exc, PMAssistantError):
                logger.exception("tool %s failed", entry.name)  # logging goes to stderr, never the protocol
            return _failure(error_line(exc))
        text = json.dumps(result, ensure_ascii=False)
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)], structuredContent=result)

    async def list_resources(self) -> list[types.Resource]:
        """Every card in each of its languages, then the documents list (cards parsed on first call)."""
        entries = await anyio.to_thread.run_sync(self.library.entries)
        return [
            types.Resource(uri=AnyUrl(e.uri), name=e.name, title=e.title, description=e.description,
                           mimeType=e.mime_type)
            for e in entries
        ]

    async def list_resource_templates(self) -> list[types.ResourceTemplate]:
        """The card URI patterns, so a client can read a card by id without listing."""
        return [
            types.ResourceTemplate(
                uriTemplate=template, name=f"card-{lang}", title=f"Framework card ({lang})",
                description=f"A framework card's markdown ({lang}) by card id.", mimeType="text/markdown",
            )
            for lang, template in CARD_TEMPLATES.items()
        ]

    async def read_resource(self, uri: AnyUrl) -> list[ReadResourceContents]:
        """One card's markdown or the documents JSON."""
        text, mime = await anyio.to_thread.run_sync(self._read, str(uri))
        return [ReadResourceContents(content=text, mime_type=mime)]

    async def list_prompts(self) -> list[types.Prompt]:
        """The three prompts; every argument is optional."""
        return [
            types.Prompt(
                name=spec.name, title=spec.title, description=spec.description,
                arguments=[
                    types.PromptArgument(name=a.name, description=a.description, required=False)
                    for a in spec.arguments
                ],
            )
            for spec in PROMPTS.values()
        ]

    async def get_prompt(self, name: str, arguments: dict[str, str] | None) -> types.GetPromptResult:
        """The prompt's instructions, then each card it relies on as an embedded resource."""
        try:
            rendered = render_prompt(name, arguments)
        except UserInputError as exc:
            raise McpError(types.ErrorData(code=types.INVALID_PARAMS, message=str(exc))) from None
        messages = [types.PromptMessage(role="user", content=types.TextContent(type="text", text=rendered.text))]
        for uri in rendered.cards:
            text, mime = await anyio.to_thread.run_sync(self._read, uri)
            resource = types.TextResourceContents(uri=AnyUrl(uri), text=text, mimeType=mime)
            messages.append(
                types.PromptMessage(role="user", content=types.EmbeddedResource(type="resource", resource=resource))
            )
        return types.GetPromptResult(description=PROMPTS[name].description, messages=messages)

    def _read(self, uri: str) -> tuple[str, str]:
        """A resource's (text, MIME type); protocol errors with one line when it is missing or unreadable."""
        try:
            return self.library.read(uri)
        except ResourceNotFound as exc:
            raise _protocol_error(types.INVALID_PARAMS, str(exc), uri) from None
        except Exception as exc:  # an unreadable registry or card file: say so, keep serving
            raise _protocol_error(types.INTERNAL_ERROR, error_line(exc), uri) from None


def build_server(settings: Settings, roots: AllowedRoots) -> Server[Any, Any]:
    """The server for these settings and allowed roots (nothing heavy is loaded until a tool needs it)."""
    entries = [*calculator_entries(), *AssistantTools(settings, roots).entries()]
    handlers = McpHandlers({entry.name: entry for entry in entries}, Library(settings))
    server: Server[Any, Any] = Server(NAME, version=_version(), instructions=INSTRUCTIONS)
    server.list_tools()(handlers.list_tools)
    # validate_input=False: the catalog validates, so a bad argument reads as the CLI's line, not jsonschema's
    server.call_tool(validate_input=False)(handlers.call_tool)
    server.list_resources()(handlers.list_resources)
    server.list_resource_templates()(handlers.list_resource_templates)
    server.read_resource()(handlers.read_resource)
    server.list_prompts()(handlers.list_prompts)
    server.get_prompt()(handlers.get_prompt)
    return server


@contextmanager
def protocol_stdout() -> Iterator[TextIO]:
    """A text stream on the real stdout for protocol messages alone; meanwhile fd 1 points at stderr, so a stray
    print, log handler or C library cannot corrupt the protocol. fd 1 is restored on exit."""
    sys.stdout.flush()
    wire = os.dup(1)
    os.dup2(2, 1)
    try:
        with os.fdopen(os.dup(wire), "w", encoding="utf-8") as out:
            yield out
    finally:
        sys.stdout.flush()  # what was printed meanwhile goes to stderr, not to the restored stdout
        os.dup2(wire, 1)
        os.close(wire)


def serve_stdio(server: Server[Any, Any]) -> None:
    """Serve one client over stdin/stdout until it closes stdin."""

    async def run() -> None:
        with protocol_stdout() as out:
            async with stdio_server(stdout=anyio.wrap_file(out)) as (read_stream, write_stream):
                await server.run(read_stream, write_stream, server.create_initialization_options())

    anyio.run(run)


def _http_app(server: Server[Any, Any], host: str) -> Starlette:
    """The streamable HTTP app at /mcp; on a loopback host it refuses other Host and Origin headers (DNS
    rebinding protection, as the SDK's own apps do)."""
    security = None
    if host in LOOPBACK_HOSTS:
        security = TransportSecuritySettings(
            enable_dns_rebinding_protection=True,
            allowed_hosts=["127.0.0.1:*", "localhost:*", "[::1]:*"],
            allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
        )
    sessions = StreamableHTTPSessionManager(app=server, security_settings=security)
    return Starlette(routes=[Route("/mcp", endpoint=StreamableHTTPASGIApp(sessions))],
                     lifespan=lambda _: sessions.run())


def serve_http(server: Server[Any, Any], host: str, port: int) -> None:
    """Serve streamable HTTP at http://HOST:PORT/mcp until interrupted (Ctrl-C or SIGTERM)."""
    sock = _listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"pm-assistant: MCP server at http://{shown}:{sock.getsockname()[1]}/mcp (Ctrl-C to stop)", file=sys.stderr)
    if host not in LOOPBACK_HOSTS:
        print(f"pm-assistant: warning: {host} is reachable from other machines and the server has no "
              "authentication; anyone who reaches it can read files under the allowed folders", file=sys.stderr)
    # log_config=None: uvicorn keeps its hands off logging, so only warnings reach stderr and nothing stdout.
    config = uvicorn.Config(_http_app(server, host), log_config=None, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """A bound socket for HOST:PORT (port 0: any free port); UserInputError with one line when it cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UserInputError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); pick another --port") from None
    return sock
