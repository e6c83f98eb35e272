"""A scripted OpenAI-compatible chat server on 127.0.0.1, for tests and benchmarks of LLM mode.

It answers `POST /v1/chat/completions` (plain JSON, or server-sent events when `stream` is true) with the
scripted replies in order, records every request body, and can answer with an HTTP error or a delay, so the
real `openai` client and `langchain-openai` run end to end without any network.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted reply: text and/or tool calls, or an HTTP error status, optionally after a delay."""

    content: str = ""
    tool_calls: list[dict[str, Any]] = field(default_factory=list)  # [{"name": ..., "arguments": {...} or "raw"}]
    status: int = 200
    delay_s: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0


def _tool_call_json(index: int, call: dict[str, Any]) -> dict[str, Any]:
    arguments = call["arguments"] if isinstance(call["arguments"], str) else json.dumps(call["arguments"])
    return {"index": index, "id": call.get("id", f"call_{index}"), "type": "function",
            "function": {"name": call["name"], "arguments": arguments}}


class LoopbackOpenAI:
    """Context manager running the scripted server in a daemon thread; `url` is the base URL for clients."""

    def __init__(self, replies: list[Reply] | None = None, model: str = "loopback-model") -> None:
        self.replies = list(replies or [])
        self.requests: list[dict[str, Any]] = []
        self.model = model
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> LoopbackOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def next_reply(self) -> Reply:
        """The next scripted reply; an exhausted script answers 500 so a test sees the overrun."""
        return self.replies.pop(0) if self.replies else Reply(status=500, content="script exhausted")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                return

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    self._send_json(404, {"error": {"message": f"no route {self.path}"}})
                    return
                owner.requests.append(body)
                reply = owner.next_reply()
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                try:
                    self._answer(body, reply)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    return

            def _answer(self, body: dict[str, Any], reply: Reply) -> None:
                if reply.status != 200:
                    self._send_json(reply.status, {"error": {"message": reply.content or "error", "type": "test"}})
                elif body.get("stream"):
                    self._send_stream(reply)
                else:
                    self._send_json(200, owner._completion(reply))

            def _send_json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _send_stream(self, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                for chunk in owner._stream_chunks(reply):
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        return Handler

    def _usage(self, reply: Reply) -> dict[str, int]:
        return {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens,
                "total_tokens": reply.prompt_tokens + reply.completion_tokens}

    def _completion(self, reply: Reply) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": reply.content or None}
        if reply.tool_calls:
            message["tool_calls"] = [{k: v for k, v in _tool_call_json(i, c).items() if k != "index"}
                                     for i, c in enumerate(reply.tool_calls)]
        return {"id": "chatcmpl-loopback", "object": "chat.completion", "created": int(time.time()),
                "model": self.model, "usage": self._usage(reply),
                "choices": [{"index": 0, "message": message,
                             "finish_reason": "tool_calls" if reply.tool_calls else "stop"}]}

    def _stream_chunks(self, reply: Reply) -> list[dict[str, Any]]:
        base = {"id": "chatcmpl-loopback", "object": "chat.completion.chunk", "created": int(time.time()),
                "model": self.model}
        deltas: list[dict[str, Any]] = [{"role": "assistant", "content": ""}]
        deltas += [{"content": word} for word in _pieces(reply.content)]
        deltas += [{"tool_calls": [_tool_call_json(i, c)]} for i, c in enumerate(reply.tool_calls)]
        chunks = [{**base, "choices": [{"index": 0, "delta": d, "finish_reason": None}]} for d in deltas]
        finish = "tool_calls" if reply.tool_calls else "stop"
        chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
        chunks.append({**base, "choices": [], "usage": self._usage(reply)})
        return chunks


def _pieces(text: str) -> list[str]:
    """Split text into word-sized stream deltas that concatenate back to the text."""
    words = text.split(" ")
    return [w if i == len(words) - 1 else w + " " for i, w in enumerate(words) if w or i == len(words) - 1]
