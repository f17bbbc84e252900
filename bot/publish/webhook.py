"""POST /webhooks/github: a GitHub push webhook triggers a scan at once.

`verify_signature(secret, body, header)` checks `X-Hub-Signature-256` (`sha256=` + hex
HMAC-SHA256 of the raw body) in constant time. `handle_github_webhook(...)` is framework-free:
headers + raw body in, (status, JSON body) out; `webhook_wsgi_app(...)` wraps it for any WSGI
server. Without MEETUP_WEBHOOK_SECRET every request is refused (401).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from bot.errors import WEBHOOK_BAD_JSON, WEBHOOK_BAD_SIGNATURE, WEBHOOK_NO_SECRET

log = logging.getLogger("bot.publish")
WEBHOOK_PATH = "/webhooks/github"
MAX_BODY = 5 * 1024 * 1024
Response = tuple[int, dict[str, Any]]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def verify_signature(secret: str | None, body: bytes, header: str | None) -> bool:
    """True only when `header` is `sha256=<hex HMAC-SHA256(secret, body)>` and secret is set."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :].strip().lower())


def handle_github_webhook(
    headers: Mapping[str, str], body: bytes, secret: str | None, on_push: Callable[[], None]
) -> Response:
    """Check the signature (401), parse the JSON (400), then: `ping` 200, `push` triggers a
    scan (202), other events are ignored (202)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    if not secret:
        log.warning(WEBHOOK_NO_SECRET)
        return 401, {"ok": False, "error": "unauthorized"}
    if not verify_signature(secret, body, lowered.get("x-hub-signature-256")):
        return 401, {"ok": False, "error": WEBHOOK_BAD_SIGNATURE}
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        return 400, {"ok": False, "error": WEBHOOK_BAD_JSON}
    event = lowered.get("x-github-event", "")
    if event == "ping":
        return 200, {"ok": True, "pong": True}
    if event != "push":
        return 202, {"ok": True, "ignored": event or "unknown"}
    on_push()
    log.info("webhook push: scan triggered", extra={"ref": str(payload.get("ref", ""))[:200]})
    return 202, {"ok": True, "scan": "triggered"}


def webhook_wsgi_app(secret: Callable[[], str | None], on_push: Callable[[], None]) -> WSGIApp:
    """A WSGI app for POST /webhooks/github (`secret` is read per request)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST":
            status, body = 405, {"ok": False, "error": "method_not_allowed"}
        else:
            status, body = _wsgi_call(environ, secret(), on_push)
        data = json.dumps(body).encode()
        reason = {
            200: "OK",
            202: "Accepted",
            400: "Bad Request",
            401: "Unauthorized",
            405: "Method Not Allowed",
            413: "Payload Too Large",
        }[status]
        start_response(
            f"{status} {reason}",
            [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
        )
        return [data]

    return app


def _wsgi_call(
    environ: dict[str, Any], secret: str | None, on_push: Callable[[], None]
) -> Response:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return 413, {"ok": False, "error": "too_large"}
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    headers = {
        key[5:].replace("_", "-"): str(value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    }
    return handle_github_webhook(headers, body, secret, on_push)


def with_webhook(app: WSGIApp, webhook: WSGIApp) -> WSGIApp:
    """A WSGI app sending POST /webhooks/github to `webhook`, everything else to `app`."""

    def dispatch(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target = webhook if environ.get("PATH_INFO") == WEBHOOK_PATH else app
        return target(environ, start_response)

    return dispatch
