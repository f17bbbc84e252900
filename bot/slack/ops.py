"""The operations routes of `meetup-bot serve`, in front of everything else:

- GET /healthz: liveness. 200 with `{"status": "ok"}` or `{"status": "degraded", "reason": ...}`
  (degraded: publishing or the index sync keeps failing; the process itself is fine, so a
  restart would not help and the orchestrator must not kill it);
- GET /readyz: readiness. 200 `{"ready": true}` once start-up is done (migrations, first index
  sync), the database answers and Slack auth is fine (or dry mode); else 503 with `reason`;
- GET /metrics: Prometheus (text or OpenMetrics, by Accept).

`ServeRoutes.inner` (the Slack endpoints, preview, webhook) is set when start-up is done; until
then every other path answers 503 with Retry-After: a page that reloads itself for a browser,
`{"reason": "starting"}` for anything else (bot/slack/starting.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from bot.observability import metrics_response
from bot.slack.starting import starting_response

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApp = Callable[[Environ, StartResponse], Iterable[bytes]]
Response = tuple[int, dict[str, str], bytes]
Health = Callable[[], dict[str, Any]]
Ready = Callable[[], "str | None"]

HEALTH_PATH, READY_PATH, METRICS_PATH = "/healthz", "/readyz", "/metrics"
REASONS = {
    200: "OK",
    404: "Not Found",
    405: "Method Not Allowed",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
JSON = "application/json"


def json_response(status: int, body: dict[str, Any]) -> Response:
    data = json.dumps(body, default=str, ensure_ascii=False).encode()
    return status, {"Content-Type": JSON, "Cache-Control": "no-store"}, data


def healthz_response(health: Health) -> Response:
    """Always 200 while the process answers; the body says `ok` or `degraded`."""
    return json_response(200, health())


def readyz_response(ready: Ready) -> Response:
    reason = ready()
    if reason is None:
        return json_response(200, {"ready": True})
    return json_response(503, {"ready": False, "reason": reason})


def send(environ: Environ, start_response: StartResponse, response: Response) -> list[bytes]:
    status, headers, body = response
    headers = {**headers, "Content-Length": str(len(body))}
    start_response(f"{status} {REASONS.get(status, 'Status')}", list(headers.items()))
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


class ServeRoutes:
    """The root WSGI app: the operations routes, then `inner` (None: still starting, 503)."""

    def __init__(self, health: Health, ready: Ready, inner: WSGIApp | None = None) -> None:
        self.health, self.ready, self.inner = health, ready, inner

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path in (HEALTH_PATH, READY_PATH, METRICS_PATH):
            return send(environ, start_response, self.operations(path, environ))
        inner = self.inner
        if inner is None:
            return send(environ, start_response, starting_response(environ, self.ready()))
        return inner(environ, start_response)

    def operations(self, path: str, environ: Environ) -> Response:
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return json_response(405, {"error": "method_not_allowed", "allow": "GET, HEAD"})
        try:
            if path == HEALTH_PATH:
                return healthz_response(self.health)
            if path == READY_PATH:
                return readyz_response(self.ready)
            return metrics_response(str(environ.get("HTTP_ACCEPT", "")))
        except Exception as error:  # never a traceback to the prober
            return json_response(500, {"error": type(error).__name__})
