"""HTTP serving: a small WSGI app (`POST /slack/events`, `GET /healthz`) run by waitress;
`meetup-bot serve` puts bot.slack.ops's routes, the webhook and the preview in front of it.

Bolt does the Slack work (routing, acks); this layer guards the door: method, path, size,
Slack's signature (slack_sdk's SignatureVerifier, after a strict look at the timestamp header,
which Slack always sends as ASCII digits), then content type and a body Bolt cannot parse
(400), so that no request can make the server answer 500.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.slack.ops import healthz_response

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger("bot.slack.server")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1_000_000
"""Largest request accepted; Slack's interactivity payloads are a few tens of KB."""
CONTENT_TYPES = ("application/x-www-form-urlencoded", "application/json")

Health = Callable[[], dict[str, Any]]
Response = tuple[int, dict[str, str], bytes]

_REASONS = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    411: "Length Required",
    413: "Payload Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _plain(status: int, text: str | None = None) -> Response:
    body = (text or _REASONS.get(status, "")).encode()
    return status, {"Content-Type": "text/plain; charset=utf-8"}, body


class SlackWsgiApp:
    """The WSGI application. `app` None: no Slack HTTP endpoint (Socket Mode, or dry without a
    signing secret) -- /slack/events then answers 404 or 503."""

    def __init__(
        self,
        app: App | None,
        signing_secret: str,
        health: Health,
        *,
        events_enabled: bool = True,
    ) -> None:
        self.app = app
        self.health = health
        self.events_enabled = events_enabled
        self.signing_secret = signing_secret

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, headers, body = self.respond(environ)
        except Exception:
            log.exception("request failed")
            status, headers, body = _plain(500)
        headers = {**headers, "Content-Length": str(len(body))}
        start_response(f"{status} {_REASONS.get(status, 'Status')}", list(headers.items()))
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    def respond(self, environ: WSGIEnvironment) -> Response:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH:
            if method not in ("GET", "HEAD"):
                return _plain(405)
            return self.healthz()
        if path != EVENTS_PATH:
            return _plain(404)
        if not self.events_enabled:
            return _plain(404)
        if self.app is None or not self.signing_secret:
            return _plain(503, "Slack requests are refused: SLACK_SIGNING_SECRET is not set")
        if method != "POST":
            return _plain(405)
        return self.slack_event(environ)

    def healthz(self) -> Response:
        return healthz_response(self.health)

    def slack_event(self, environ: WSGIEnvironment) -> Response:
        assert self.app is not None
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(411)
        if length > MAX_BODY:
            return _plain(413)
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        headers = _headers(environ)
        if not is_signed(self.signing_secret, raw, headers):
            return _plain(401)
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self._refuse(400)
        if content_type not in CONTENT_TYPES:
            return self._refuse(415)
        try:
            bolt_headers: dict[str, str | Sequence[str]] = dict(headers)
            request = BoltRequest(
                body=body, query=environ.get("QUERY_STRING", ""), headers=bolt_headers
            )
        except (ValueError, TypeError, AttributeError, KeyError):
            return self._refuse(400)
        response = self.app.dispatch(request)
        out_headers = {k: v[0] for k, v in response.headers.items() if v}
        payload = response.body.encode("utf-8") if isinstance(response.body, str) else response.body
        return response.status, out_headers, payload

    def _refuse(self, status: int) -> Response:
        """A signed request Bolt cannot take."""
        log.warning("refused a signed request: HTTP %s", status)
        return _plain(status)


_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
"""Slack's X-Slack-Request-Timestamp: POSIX seconds in ASCII digits, nothing else."""


class _RawBodyVerifier(SignatureVerifier):
    """slack_sdk's verifier (clock skew, constant-time compare) over the body's raw bytes, so
    that a signed body that is not UTF-8 is still recognised as signed (and answered 400)."""

    def generate_signature(self, *, timestamp: str, body: str | bytes) -> str | None:
        raw = body if isinstance(body, bytes) else (body or "").encode("utf-8")
        base = b"v0:" + timestamp.encode("ascii") + b":" + raw
        return "v0=" + hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()


def is_signed(secret: str, raw: bytes, headers: dict[str, str]) -> bool:
    """True when Slack signed `raw` (v0, timestamp within 5 minutes); False for any missing or
    malformed header, never an exception."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not _TIMESTAMP.fullmatch(timestamp) or not signature.isascii():
        return False
    return _RawBodyVerifier(secret).is_valid(raw, timestamp, signature)


def _headers(environ: WSGIEnvironment) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in environ.items():
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            out[key.lower().replace("_", "-")] = value
        elif key.startswith("HTTP_"):
            out[key[5:].lower().replace("_", "-")] = value
    return out


class HttpServer:
    """waitress serving a WSGI app on host:port (port 0: any free port)."""

    def __init__(self, wsgi: Any, host: str, port: int, *, threads: int = 8) -> None:
        from waitress.server import create_server  # type: ignore[import-untyped]

        self._server = create_server(
            wsgi,
            host=host,
            port=port,
            threads=threads,
            ident="meetup-bot",
            clear_untrusted_proxy_headers=True,
            channel_timeout=30,
            # Seconds; waitress reads it with int(), so 0.25 became 0 and the loop spun a core.
            asyncore_loop_timeout=1,
        )
        self._thread: threading.Thread | None = None
        self._closing = False

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def host(self) -> str:
        return str(self._server.effective_host)

    def serve_forever(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):
            if not self._closing:  # closing from another thread can break the select()
                raise

    def start(self) -> HttpServer:
        """Serve in a daemon thread (tests, benchmark)."""
        self._thread = threading.Thread(target=self.serve_forever, name="http", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._closing = True
        self._server.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
