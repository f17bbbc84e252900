"""What every route shares: the WSGI types, the request's headers, and answers.

One status table (the standard library's `HTTPStatus`: reason phrases and the `error` slugs of
JSON refusals), one header parser (`request_headers`), one way to send an answer (`send`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]
Response = tuple[int, dict[str, str], bytes]
"""(status, headers, body): what a route's handler returns."""
Handler = Callable[[Environ], Response]
JSON = "application/json"


def status_line(status: int) -> str:
    """`405 Method Not Allowed`."""
    return f"{status} {HTTPStatus(status).phrase}"


def error_slug(status: int) -> str:
    """`method_not_allowed`: the `error` of a JSON refusal."""
    return HTTPStatus(status).name.lower()


def request_headers(environ: Environ) -> dict[str, str]:
    """The request's headers, lower-cased with dashes: `content-type`, `x-slack-signature`."""
    out: dict[str, str] = {}
    for key, value in environ.items():
        if key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            out[key.lower().replace("_", "-")] = str(value)
        elif key.startswith("HTTP_"):
            out[key[5:].lower().replace("_", "-")] = str(value)
    return out


def media_type(environ: Environ) -> str:
    """`application/json` from `Content-Type: application/json; charset=utf-8`."""
    return str(environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    data = json.dumps(body, default=str, ensure_ascii=False).encode()
    return status, {"Content-Type": JSON, "Cache-Control": "no-store", **(headers or {})}, data


def refusal(status: int, headers: dict[str, str] | None = None, **details: Any) -> Response:
    """`{"error": "payload_too_large", ...details}`: how every route refuses a request."""
    return json_response(status, {"error": error_slug(status), **details}, headers)


def send(start_response: StartResponse, response: Response, exc_info: Any = None) -> list[bytes]:
    status, headers, body = response
    headers = {**headers, "Content-Length": str(len(body))}
    if exc_info is None:
        start_response(status_line(status), list(headers.items()))
    else:
        start_response(status_line(status), list(headers.items()), exc_info)
    return [body]


def respond_with(handler: Handler) -> WSGIApp:
    """A WSGI app answering with `handler(environ)`."""

    def app(environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        return send(start_response, handler(environ))

    return app
