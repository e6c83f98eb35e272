"""The MCP server: the SDK's low-level `Server` wired to the tool catalog, the resources and the prompts, served
over stdio or streamable HTTP.

Why the low-level `Server` and not `MCPServer`: the calculators publish their own pydantic JSON schemas unchanged
(`MCPServer` derives a schema from a function signature), and every failure must reach the client as the CLI's
one line (`MCPServer` validates arguments itself and prefixes its messages). Tool failures come back as results
with `isError` (the model can read and correct them); resource and prompt failures as protocol errors, as MCP
defines them. Tools run in worker threads, so a long review or diagnosis never stalls the connection.

This module imports the `mcp` SDK (about half a second): only the `mcp` command loads it.
"""

from __future__ import annotations

import json
import logging
import socket
import sys
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import anyio
import anyio.to_thread
from mcp import MCPError, types
from mcp.server import Server, ServerRequestContext
from mcp.server.stdio import stdio_server

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
        input_schema=entry.input_schema,
        annotations=types.ToolAnnotations(
            read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=entry.open_world
        ),
    )


def _failure(message: str) -> types.CallToolResult:
    """A tool result the model reads as a failure: `isError` with the one-line message."""
    return types.CallToolResult(content=[types.TextContent(type="text", text=message)], is_error=True)


class McpHandlers:
    """The request handlers of one server: tools from the catalog, resources from the library, the prompts."""

    def __init__(self, catalog: Mapping[str, ToolEntry], library: Library) -> None:
        self.catalog = catalog
        self.library = library
        self._tools = [_tool(entry) for entry in catalog.values()]

    async def list_tools(
        self, ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        """Every tool, calculators first (built once: the schemas never change while serving)."""
        return types.ListToolsResult(tools=self._tools)

    async def call_tool(
        self, ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        """Run the tool in a worker thread; any failure is an `isError` result with one line, never a crash."""
        entry = self.catalog.get(params.name)
        if entry is None:
            return _failure(f"pm-assistant: unknown tool '{params.name}'; available: {', '.join(self.catalog)}")
        try:
            result = await anyio.to_thread.run_sync(entry.run, params.arguments or {})
        except Exception as exc:  # the boundary: a tool failure is a message to the model, not a dead server
            if not isinstance(exc, PMAssistantError):
                logger.exception("tool %s failed", entry.name)  # logging goes to stderr, never the protocol
            return _failure(error_line(exc))
        text = json.dumps(result, ensure_ascii=False)
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)], structured_content=result)

    async def list_resources(
        self, ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourcesResult:
        """Every card in each of its languages, then the documents list (cards parsed on first call)."""
        entries = await anyio.to_thread.run_sync(self.library.entries)
        return types.ListResourcesResult(
            resources=[
                types.Resource(uri=e.uri, name=e.name, title=e.title, description=e.description, mime_type=e.mime_type)
                for e in entries
            ]
        )

    async def list_resource_templates(
        self, ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListResourceTemplatesResult:
        """The card URI patterns, so a client can read a card by id without listing."""
        return types.ListResourceTemplatesResult(
            resource_templates=[
                types.ResourceTemplate(
                    uri_template=template, name=f"card-{lang}", title=f"Framework card ({lang})",
                    description=f"A framework card's markdown ({lang}) by card id.", mime_type="text/markdown",
                )
                for lang, template in CARD_TEMPLATES.items()
            ]
        )

    async def read_resource(
        self, ctx: ServerRequestContext[Any], params: types.ReadResourceRequestParams
    ) -> types.ReadResourceResult:
        """One card's markdown or the documents JSON."""
        text, mime = await anyio.to_thread.run_sync(self._read, params.uri)
        return types.ReadResourceResult(
            contents=[types.TextResourceContents(uri=params.uri, text=text, mime_type=mime)]
        )

    async def list_prompts(
        self, ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListPromptsResult:
        """The three prompts; every argument is optional."""
        return types.ListPromptsResult(
            prompts=[
                types.Prompt(
                    name=spec.name, title=spec.title, description=spec.description,
                    arguments=[
                        types.PromptArgument(name=a.name, description=a.description, required=False)
                        for a in spec.arguments
                    ],
                )
                for spec in PROMPTS.values()
            ]
        )

    async def get_prompt(
        self, ctx: ServerRequestContext[Any], params: types.GetPromptRequestParams
    ) -> types.GetPromptResult:
        """The prompt's instructions, then each card it relies on as an embedded resource."""
        try:
            rendered = render_prompt(params.name, params.arguments)
        except UserInputError as exc:
            raise MCPError(code=types.INVALID_PARAMS, message=str(exc)) from None
        messages = [types.PromptMessage(role="user", content=types.TextContent(type="text", text=rendered.text))]
        for uri in rendered.cards:
            text, mime = await anyio.to_thread.run_sync(self._read, uri)
            resource = types.TextResourceContents(uri=uri, text=text, mime_type=mime)
            messages.append(types.PromptMessage(role="user", content=types.EmbeddedResource(resource=resource)))
        return types.GetPromptResult(description=PROMPTS[params.name].description, messages=messages)

    def _read(self, uri: str) -> tuple[str, str]:
        """A resource's (text, MIME type); protocol errors with one line when it is missing or unreadable."""
        try:
            return self.library.read(uri)
        except ResourceNotFound as exc:
            raise MCPError(code=types.INVALID_PARAMS, message=str(exc), data={"uri": uri}) from None
        except Exception as exc:  # an unreadable registry or card file: say so, keep serving
            raise MCPError(code=types.INTERNAL_ERROR, message=error_line(exc), data={"uri": uri}) from None


def build_server(settings: Settings, roots: AllowedRoots) -> Server[Any]:
    """The server for these settings and allowed roots (nothing heavy is loaded until a tool needs it)."""
    entries = [*calculator_entries(), *AssistantTools(settings, roots).entries()]
    handlers = McpHandlers({entry.name: entry for entry in entries}, Library(settings))
    return Server(
        NAME,
        version=_version(),
        title="PM Assistant",
        instructions=INSTRUCTIONS,
        on_list_tools=handlers.list_tools,
        on_call_tool=handlers.call_tool,
        on_list_resources=handlers.list_resources,
        on_list_resource_templates=handlers.list_resource_templates,
        on_read_resource=handlers.read_resource,
        on_list_prompts=handlers.list_prompts,
        on_get_prompt=handlers.get_prompt,
    )


def serve_stdio(server: Server[Any]) -> None:
    """Serve one client over stdin/stdout until it closes stdin. While serving, the SDK points fd 1 at stderr,
    so nothing but protocol messages can reach stdout."""

    async def run() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    anyio.run(run)


def serve_http(server: Server[Any], host: str, port: int) -> None:
    """Serve streamable HTTP at http://HOST:PORT/mcp until interrupted (Ctrl-C or SIGTERM)."""
    import uvicorn  # lazy: only HTTP serving needs the web stack

    sock = _listen(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"pm-assistant: MCP server at http://{shown}:{sock.getsockname()[1]}/mcp (Ctrl-C to stop)", file=sys.stderr)
    if host not in LOOPBACK_HOSTS:
        print(f"pm-assistant: warning: {host} is reachable from other machines and the server has no "
              "authentication; anyone who reaches it can read files under the allowed folders", file=sys.stderr)
    app = server.streamable_http_app(host=host)
    # log_config=None: uvicorn keeps its hands off logging, so only warnings reach stderr and nothing stdout.
    config = uvicorn.Config(app, log_config=None, log_level="warning", access_log=False)
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
