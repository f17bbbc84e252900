"""The limits middleware: the door every route's requests pass before its handler.

In this order, so that a stranger learns nothing of what a route takes:
1. size: a Content-Length over the route's `max_body` is 413 (the body is not read);
2. who: a route with `verify` (Slack's signature, GitHub's HMAC) answers 401 when it says no;
3. what: a body whose media type the route does not take is 415, a body that is not UTF-8 400.

The body is read once, here, and handed on as `wsgi.input` (Bolt's adapter reads it again).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.web.http import (
    JSON,
    Environ,
    Response,
    StartResponse,
    WSGIApp,
    media_type,
    refusal,
    request_headers,
    send,
)

log = logging.getLogger("bot.web")

MAX_BODY = 1_000_000
"""The default largest body; Slack's interactivity payloads are a few tens of KB."""
SERVER_MAX_BODY = 10 * 1024 * 1024
"""Above every route's `max_body`: waitress refuses a larger body itself (its own 413), before
spooling it to disk; every smaller one gets this middleware's answer."""
FORM = "application/x-www-form-urlencoded"
FORM_OR_JSON = (FORM, JSON)
Verify = Callable[[dict[str, str], bytes], bool]
"""(headers, raw body) -> True when the sender proved who it is."""


@dataclass(frozen=True)
class Limits:
    max_body: int = MAX_BODY
    content_types: tuple[str, ...] = FORM_OR_JSON
    verify: Verify | None = None
    unverified: str | None = None
    """The `reason` of the 401 when `verify` says no (what to fix, for the operator)."""


class WithinLimits:
    """WSGI middleware: `app` only sees requests within `limits` (see the module doc)."""

    def __init__(self, app: WSGIApp, limits: Limits) -> None:
        self.app, self.limits = app, limits

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        refused = self.check(environ)
        if refused is not None:
            return send(start_response, refused)
        return self.app(environ, start_response)

    def check(self, environ: Environ) -> Response | None:
        """The refusal, or None (with the body, read, back in `wsgi.input`)."""
        limits = self.limits
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refusal(400, reason="Content-Length is not a number")
        if length > limits.max_body:
            return refusal(413, limit=limits.max_body)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        if limits.verify is not None and not limits.verify(request_headers(environ), body):
            return refusal(401, reason=limits.unverified) if limits.unverified else refusal(401)
        refused = _content(environ, body, limits.content_types)
        if refused is not None and limits.verify is not None:
            log.warning("refused a signed request: HTTP %s", refused[0])
        return refused


def _content(environ: Environ, body: bytes, accepted: tuple[str, ...]) -> Response | None:
    if not body:
        return None
    if media_type(environ) not in accepted:
        return refusal(415, accepted=", ".join(accepted))
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return refusal(400, reason="the body is not UTF-8")
    return None
