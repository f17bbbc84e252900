"""POST /webhooks/github: a GitHub push webhook triggers a scan at once.

`webhook_route(secret, on_push)` is the route for the one router (bot/web): its limits
middleware checks `X-Hub-Signature-256` (`verify_signature`: `sha256=` + hex HMAC-SHA256 of the
raw body, in constant time) before anything else; the handler then reads the JSON and the
event. Without MEETUP_WEBHOOK_SECRET every request is refused (401).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable

import words
from bot.web.http import Environ, Response, json_response, request_headers, respond_with
from bot.web.limits import Limits
from bot.web.router import Route

log = logging.getLogger("bot.publish")
WEBHOOK_PATH = "/webhooks/github"
MAX_BODY = 5 * 1024 * 1024
"""GitHub's push payloads can be large (up to 20 commits with their file lists)."""


def verify_signature(secret: str | None, body: bytes, header: str | None) -> bool:
    """True only when `header` is `sha256=<hex HMAC-SHA256(secret, body)>` and secret is set."""
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256=") :].strip().lower())


def webhook_route(secret: Callable[[], str | None], on_push: Callable[[], None]) -> Route:
    """POST /webhooks/github (`secret` is read per request)."""

    def signed(headers: dict[str, str], body: bytes) -> bool:
        key = secret()
        if not key:
            log.warning(words.said("webhook.no_secret"))
        return verify_signature(key, body, headers.get("x-hub-signature-256"))

    def handle(environ: Environ) -> Response:
        body = environ["wsgi.input"].read()
        return github_event(request_headers(environ).get("x-github-event", ""), body, on_push)

    limits = Limits(
        max_body=MAX_BODY, verify=signed, unverified=words.said("webhook.bad_signature")
    )
    return Route(WEBHOOK_PATH, respond_with(handle), ("POST",), limits=limits)


def github_event(event: str, body: bytes, on_push: Callable[[], None]) -> Response:
    """A signed request: its JSON (400 when not an object), then `ping` 200, `push` triggers a
    scan (202), other events are ignored (202)."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        return json_response(400, {"ok": False, "error": words.said("webhook.bad_json")})
    if event == "ping":
        return json_response(200, {"ok": True, "pong": True})
    if event != "push":
        return json_response(202, {"ok": True, "ignored": event or "unknown"})
    on_push()
    log.info("webhook push: scan triggered", extra={"ref": str(payload.get("ref", ""))[:200]})
    return json_response(202, {"ok": True, "scan": "triggered"})
