"""Slack's routes in the one router, answered by Bolt's own WSGI adapter:

- POST /slack/events: events, slash commands and interactivity (absent in Socket Mode: 404;
  503 when SLACK_SIGNING_SECRET is not set, so nothing unsigned is ever taken);
- GET /slack/install, GET /slack/oauth_redirect: Bolt's OAuth flow, when the app has one.

The limits middleware checks Slack's signature (slack_sdk's SignatureVerifier, after a strict
look at the timestamp header, which Slack always sends as ASCII digits) before the content
type, and before Bolt parses the body: Bolt parses first and verifies after, so a body it cannot
parse would otherwise be a 500. A signed body Bolt cannot parse is a 400.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.web.http import Environ, Response, error_slug, json_response, respond_with
from bot.web.limits import Limits, Verify
from bot.web.router import Route

log = logging.getLogger("bot.slack")

EVENTS_PATH = "/slack/events"
NO_SIGNING_SECRET = "Slack requests are refused: SLACK_SIGNING_SECRET is not set"


def slack_routes(app: App | None, signing_secret: str, *, events: bool = True) -> list[Route]:
    """The routes for `app` (None: no Slack HTTP endpoint, as in dry mode without a secret);
    `events` False in Socket Mode."""
    routes: list[Route] = []
    adapter = BoltAdapter(app, EVENTS_PATH) if app is not None else None
    flow = app.oauth_flow if app is not None else None
    if adapter is not None and flow is not None:
        routes += [Route(flow.install_path, adapter), Route(flow.redirect_uri_path, adapter)]
    if not events:
        return routes
    if adapter is None or not signing_secret:
        return [*routes, Route(EVENTS_PATH, respond_with(_no_secret), ("POST",))]
    limits = Limits(verify=slack_signature(signing_secret))
    return [*routes, Route(EVENTS_PATH, adapter, ("POST",), limits=limits)]


class BoltAdapter(SlackRequestHandler):
    """Bolt's WSGI adapter; a body Bolt cannot parse is a 400 rather than an exception."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        try:
            bolt_request = BoltRequest(
                body=request.get_body(),
                query=request.query_string,
                headers=request.get_headers(),
            )
        except (ValueError, TypeError, AttributeError, KeyError):
            log.warning("refused a signed request: HTTP 400")
            return BoltResponse(status=400, body=json.dumps({"error": error_slug(400)}))
        return self.app.dispatch(bolt_request)


def _no_secret(environ: Environ) -> Response:
    return json_response(503, {"error": error_slug(503), "reason": NO_SIGNING_SECRET})


_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
"""Slack's X-Slack-Request-Timestamp: POSIX seconds in ASCII digits, nothing else."""


class _RawBodyVerifier(SignatureVerifier):
    """slack_sdk's verifier (clock skew, constant-time compare) over the body's raw bytes, so
    that a signed body that is not UTF-8 is still recognised as signed (and answered 400)."""

    def generate_signature(self, *, timestamp: str, body: str | bytes) -> str | None:
        raw = body if isinstance(body, bytes) else (body or "").encode("utf-8")
        base = b"v0:" + timestamp.encode("ascii") + b":" + raw
        return "v0=" + hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()


def slack_signature(secret: str) -> Verify:
    """The limits middleware's check: True when Slack signed the body (v0, timestamp within
    5 minutes); False for any missing or malformed header, never an exception."""
    verifier = _RawBodyVerifier(secret)

    def verify(headers: dict[str, str], raw: bytes) -> bool:
        timestamp = headers.get("x-slack-request-timestamp", "")
        signature = headers.get("x-slack-signature", "")
        if not _TIMESTAMP.fullmatch(timestamp) or not signature.isascii():
            return False
        return verifier.is_valid(raw, timestamp, signature)

    return verify
