"""A local stand-in for Slack: the Web API, response_url endpoints and Socket Mode.

`SlackApiServer` is a real threaded HTTP server on 127.0.0.1 (any free port). Point slack_sdk at
it with `WebClient(base_url=server.api_url)` (SLACK_API_URL) and use `server.response_url(id)` as
a slash command's response_url. It records every call, stores posted messages (with metadata),
assigns `ts` values, and judges every message it receives with `tests.slack_judge` (slack_sdk's
Block Kit models and Slack's documented limits, nothing of `formatters`), refusing invalid ones
as Slack does (`invalid_blocks`, `msg_too_long`, `msg_blocks_too_long`, `no_text`). It judges
the cards of `chat.unfurl` the same way, and the Home views of `views.publish` (100 blocks).
`users` maps a user ID to the `users.info` it answers.

Fault injection: `server.inject("chat.postMessage", Fault.ratelimited(1))` queues a fault for
the next call of that method (`"response"` for response_url posts); faults are used in order.

`SocketModeServer` is a WebSocket server speaking Slack's Socket Mode protocol: it sends `hello`
to each client, then the envelopes a test pushes, and collects the acks.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import queue
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.slack_judge import judge, judge_unfurls, judge_view

TEAM_ID = "T0TEST"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
APP_ID = "A0APP"
BAD_TOKENS = frozenset({"xoxb-invalid", "xapp-invalid"})
SOURCES = ("composer", "conversations_history")
"""chat.unfurl's `source` values."""


@dataclass
class Call:
    """One request the server received."""

    method: str
    """Web API method (`chat.postMessage`), or `response` for a response_url post."""
    params: dict[str, Any]
    """Form/query parameters and JSON body merged (JSON-looking form values decoded)."""
    path: str
    token: str | None = None
    json_body: Any = None
    response_id: str | None = None


@dataclass
class Fault:
    """One injected failure."""

    kind: str
    """`ratelimited`, `server_error`, `drop` (close the connection, call recorded), `error`,
    `slow` (answer normally after `delay` seconds: a message in flight for that long, or until
    `gate` is set: `held`)."""
    retry_after: int = 1
    error: str = ""
    delay: float = 0.0
    gate: threading.Event | None = None

    @classmethod
    def ratelimited(cls, retry_after: int = 1) -> Fault:
        return cls("ratelimited", retry_after=retry_after)

    @classmethod
    def server_error(cls) -> Fault:
        return cls("server_error")

    @classmethod
    def drop(cls) -> Fault:
        return cls("drop")

    @classmethod
    def api_error(cls, error: str) -> Fault:
        return cls("error", error=error)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls("slow", delay=seconds)

    @classmethod
    def held(cls, gate: threading.Event, timeout: float = 30) -> Fault:
        """Answer normally once the test sets `gate` (at most `timeout` seconds later)."""
        return cls("slow", delay=timeout, gate=gate)


@dataclass
class StoredMessage:
    channel: str
    ts: str
    text: str = ""
    blocks: list[Any] = field(default_factory=list)
    metadata: dict[str, Any] | None = None
    thread_ts: str | None = None
    user: str = BOT_USER_ID

    def to_api(self, with_metadata: bool) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "message",
            "user": self.user,
            "bot_id": BOT_ID,
            "ts": self.ts,
            "text": self.text,
            "blocks": self.blocks,
        }
        if self.thread_ts:
            out["thread_ts"] = self.thread_ts
        if with_metadata and self.metadata:
            out["metadata"] = self.metadata
        return out


class SlackApiServer:
    """The fake Slack Web API. Use as a context manager, or `start()` / `close()`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[str, list[StoredMessage]] = {}
        self.responses: dict[str, list[dict[str, Any]]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        """The Home view published for each user ID (the latest)."""
        self.faults: dict[str, deque[Fault]] = {}
        self.socket_url = "ws://127.0.0.1:1/"
        self.lock = threading.Lock()
        self._ts = itertools.count(1)
        self._clock = int(time.time())
        self._changed = threading.Condition(self.lock)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # --- lifecycle -----------------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def response_url(self, response_id: str) -> str:
        return f"{self.url}/response/{response_id}"

    def start(self) -> SlackApiServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> SlackApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- test helpers --------------------------------------------------------------------------
    def inject(self, method: str, *faults: Fault) -> None:
        with self.lock:
            self.faults.setdefault(method, deque()).extend(faults)

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [call for call in self.calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The calls to `method`, once there are at least `count` (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [call for call in self.calls if call.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{count} call(s) to {method} expected, got {len(found)}")
                self._changed.wait(left)

    def next_ts(self) -> str:
        return f"{self._clock}.{next(self._ts):06d}"

    # --- request handling (called on the server's threads) -------------------------------------
    def record(self, call: Call) -> Fault | None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
            pending = self.faults.get(call.method)
            return pending.popleft() if pending else None

    def api(self, method: str, params: dict[str, Any], token: str | None) -> tuple[int, Any]:
        handler = getattr(self, "m_" + method.replace(".", "_"), None)
        if handler is None:
            return 404, {"ok": False, "error": "unknown_method"}
        if method != "apps.connections.open":
            if not token:
                return 200, {"ok": False, "error": "not_authed"}
            if token in BAD_TOKENS or not token.startswith(("xoxb-", "xoxp-")):
                return 200, {"ok": False, "error": "invalid_auth"}
        return 200, handler(params, token)

    def respond(self, response_id: str, body: Any) -> tuple[int, Any]:
        if not isinstance(body, dict):
            return 400, {"ok": False, "error": "invalid_payload"}
        if body.get("delete_original"):
            with self.lock:
                self.responses.setdefault(response_id, []).append(body)
            return 200, {"ok": True}
        refusal = judge(body)
        if refusal:
            return 400, refusal.answer()
        with self.lock:
            self.responses.setdefault(response_id, []).append(body)
        return 200, {"ok": True}

    # --- Web API methods -------------------------------------------------------------------------
    def m_auth_test(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://test.slack.com/",
            "team": "Test Team",
            "user": "meetup-bot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def m_apps_connections_open(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        if not token or not token.startswith("xapp-") or token in BAD_TOKENS:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": self.socket_url}

    def _message_problems(self, params: dict[str, Any]) -> dict[str, Any] | None:
        if not params.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        message = {k: params[k] for k in ("text", "blocks", "mrkdwn") if params.get(k) is not None}
        refusal = judge(message)
        if refusal:
            return refusal.answer()
        metadata = params.get("metadata")
        if metadata is not None and (
            not isinstance(metadata, dict)
            or not isinstance(metadata.get("event_type"), str)
            or not isinstance(metadata.get("event_payload"), dict)
        ):
            return {"ok": False, "error": "invalid_metadata_format"}
        return None

    def m_chat_postMessage(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        problem = self._message_problems(params)
        if problem:
            return problem
        channel = str(params["channel"])
        with self.lock:
            stored = StoredMessage(
                channel=channel,
                ts=self.next_ts(),
                text=str(params.get("text") or ""),
                blocks=list(params.get("blocks") or []),
                metadata=params.get("metadata"),
                thread_ts=params.get("thread_ts"),
            )
            self.messages.setdefault(channel, []).append(stored)
        return {"ok": True, "channel": channel, "ts": stored.ts, "message": stored.to_api(True)}

    def m_chat_update(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        problem = self._message_problems(params) if params.get("blocks") is not None else None
        if problem:
            return problem
        channel, ts = str(params.get("channel") or ""), str(params.get("ts") or "")
        with self.lock:
            found = next((m for m in self.messages.get(channel, []) if m.ts == ts), None)
            if found is None:
                return {"ok": False, "error": "message_not_found"}
            if params.get("text") is not None:
                found.text = str(params["text"])
            if params.get("blocks") is not None:
                found.blocks = list(params["blocks"])
            if params.get("metadata") is not None:
                found.metadata = params["metadata"]
            return {"ok": True, "channel": channel, "ts": ts, "text": found.text}

    def m_chat_postEphemeral(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        problem = self._message_problems(params)
        if problem:
            return problem
        if not params.get("user"):
            return {"ok": False, "error": "user_not_in_channel"}
        with self.lock:
            return {"ok": True, "message_ts": self.next_ts()}

    def m_chat_unfurl(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        by_message = bool(params.get("channel")) and bool(params.get("ts"))
        by_id = bool(params.get("unfurl_id")) and params.get("source") in SOURCES
        if by_message == by_id:  # neither, or both
            return {"ok": False, "error": "invalid_arguments"}
        refusal = judge_unfurls(params.get("unfurls"))
        return refusal.answer() if refusal else {"ok": True}

    def m_views_publish(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        user = params.get("user_id")
        if not isinstance(user, str) or not user.startswith(("U", "W")):
            return {"ok": False, "error": "invalid_arguments"}
        view = params.get("view")
        refusal = judge_view(view)
        if refusal:
            return refusal.answer()
        with self.lock:
            old = self.home_views.get(user)
            if params.get("hash") and old is not None and params["hash"] != old["hash"]:
                return {"ok": False, "error": "hash_conflict"}
            stored = {**view, "id": f"V{len(self.home_views) + 1}", "hash": self.next_ts()}
            self.home_views[user] = stored
            return {"ok": True, "view": stored}

    def m_conversations_history(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel = str(params.get("channel") or "")
        with_metadata = _truthy(params.get("include_all_metadata"))
        limit = int(params.get("limit") or 100)
        with self.lock:
            found = [m for m in self.messages.get(channel, []) if not m.thread_ts]
            found.sort(key=lambda m: m.ts, reverse=True)
            start = int(params.get("cursor") or 0)
            page = found[start : start + limit]
            more = start + limit < len(found)
            return {
                "ok": True,
                "messages": [m.to_api(with_metadata) for m in page],
                "has_more": more,
                "response_metadata": {"next_cursor": str(start + limit) if more else ""},
            }

    def m_conversations_replies(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel, ts = str(params.get("channel") or ""), str(params.get("ts") or "")
        with_metadata = _truthy(params.get("include_all_metadata"))
        with self.lock:
            thread = [m for m in self.messages.get(channel, []) if m.ts == ts or m.thread_ts == ts]
            if not thread:
                return {"ok": False, "error": "thread_not_found"}
            thread.sort(key=lambda m: m.ts)
            return {
                "ok": True,
                "messages": [m.to_api(with_metadata) for m in thread],
                "has_more": False,
            }


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _decode(params: dict[str, Any]) -> dict[str, Any]:
    """Form values that hold JSON (blocks, metadata) decoded, as Slack does."""
    out = dict(params)
    for key in ("blocks", "attachments", "metadata", "unfurls", "view"):
        value = out.get(key)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                out[key] = json.loads(value)
    return out


def _handler_for(server: SlackApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.handle_any()

        def do_POST(self) -> None:
            self.handle_any()

        def handle_any(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            params: dict[str, Any] = dict(parse_qsl(parts.query))
            json_body: Any = None
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
            if ctype == "application/json" and raw:
                try:
                    json_body = json.loads(raw)
                except ValueError:
                    self.send(400, {"ok": False, "error": "invalid_json"})
                    return
                if isinstance(json_body, dict):
                    params.update(json_body)
            elif raw:
                params.update(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
            params = _decode(params)
            auth = self.headers.get("Authorization") or ""
            token = auth[7:] if auth.startswith("Bearer ") else params.get("token")
            if parts.path.startswith("/api/"):
                method = parts.path[len("/api/") :]
                call = Call(method, params, parts.path, token, json_body)
            elif parts.path.startswith("/response/"):
                response_id = parts.path[len("/response/") :]
                call = Call("response", params, parts.path, None, json_body, response_id)
            else:
                self.send(404, {"ok": False, "error": "not_found"})
                return
            fault = server.record(call)
            if fault is not None and fault.kind == "slow":
                if fault.gate is not None:
                    fault.gate.wait(fault.delay)
                else:
                    time.sleep(fault.delay)
                fault = None
            if fault is not None:
                self.fail(fault)
                return
            if call.method == "response":
                status, body = server.respond(call.response_id or "", json_body)
            else:
                status, body = server.api(call.method, params, token)
            self.send(status, body)

        def fail(self, fault: Fault) -> None:
            if fault.kind == "drop":
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(2)
                return
            if fault.kind == "ratelimited":
                self.send(
                    429,
                    {"ok": False, "error": "ratelimited"},
                    {"Retry-After": str(fault.retry_after)},
                )
            elif fault.kind == "server_error":
                self.send(500, {"ok": False, "error": "internal_error"})
            else:
                self.send(200, {"ok": False, "error": fault.error})

        def send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


# --- Socket Mode -------------------------------------------------------------------------------


class SocketModeServer:
    """A WebSocket server speaking Socket Mode: `hello` on connect, envelopes out, acks in."""

    def __init__(self) -> None:
        self.acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self.connected = threading.Event()
        self.received: list[Any] = []
        self._loop = asyncio.new_event_loop()
        self._clients: set[Any] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Any = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=test"

    def start(self) -> SocketModeServer:
        import websockets

        self._thread.start()

        async def serve() -> Any:
            return await websockets.serve(self._handle, "127.0.0.1", 0)

        self._server = asyncio.run_coroutine_threadsafe(serve(), self._loop).result(5)
        self.port = next(iter(self._server.sockets)).getsockname()[1]
        return self

    def close(self) -> None:
        async def stop() -> None:
            self._server.close()
            await self._server.wait_closed()

        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def __enter__(self) -> SocketModeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def _handle(self, websocket: Any) -> None:
        self._clients.add(websocket)
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "applink-test", "approximate_connection_time": 18060},
            "connection_info": {"app_id": APP_ID},
        }
        await websocket.send(json.dumps(hello))
        self.connected.set()
        try:
            async for message in websocket:
                self.received.append(message)
                with contextlib.suppress(ValueError):
                    data = json.loads(message)
                    if isinstance(data, dict) and "envelope_id" in data:
                        self.acks.put(data)
        except Exception:
            pass
        finally:
            self._clients.discard(websocket)

    def send(self, envelope: dict[str, Any]) -> None:
        """Send an envelope to every connected client."""

        async def push() -> None:
            for client in list(self._clients):
                await client.send(json.dumps(envelope))

        asyncio.run_coroutine_threadsafe(push(), self._loop).result(5)

    def ack_for(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The ack the client sent for `envelope_id` (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        skipped: list[dict[str, Any]] = []
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no ack for envelope {envelope_id}")
                try:
                    ack = self.acks.get(timeout=left)
                except queue.Empty:
                    raise AssertionError(f"no ack for envelope {envelope_id}") from None
                if ack.get("envelope_id") == envelope_id:
                    return ack
                skipped.append(ack)
        finally:
            for ack in skipped:
                self.acks.put(ack)


@contextlib.contextmanager
def slack_servers() -> Iterator[tuple[SlackApiServer, SocketModeServer]]:
    """A Web API server whose apps.connections.open points at a Socket Mode server."""
    with SlackApiServer() as api, SocketModeServer() as socket:
        api.socket_url = socket.url
        yield api, socket
