"""The operations routes of `meetup-bot serve`, served from the moment the port opens:

- GET /healthz: liveness. 200 with `{"status": "ok"}` or `{"status": "degraded", "reason": ...}`
  (degraded: publishing, the index sync or a source keeps failing; the process itself is fine, so a
  restart would not help and the orchestrator must not kill it);
- GET /readyz: readiness. 200 `{"ready": true}` once start-up is done (migrations, first index
  sync), the database answers and Slack auth is fine (or dry mode); else 503 with `reason`;
- GET /metrics: Prometheus (text or OpenMetrics, by Accept), prometheus_client's own WSGI app.

`serve_app` is the WebApp with these routes; until start-up mounts the others, every other
path answers 503 with Retry-After: a page that reloads itself for a browser,
`{"reason": "starting"}` for anything else (bot/web/starting.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.observability import metrics_wsgi_app
from bot.web.app import WebApp
from bot.web.http import Environ, Response, json_response, respond_with
from bot.web.router import Route
from bot.web.starting import starting_response

Health = Callable[[], dict[str, Any]]
Ready = Callable[[], "str | None"]

HEALTH_PATH, READY_PATH, METRICS_PATH = "/healthz", "/readyz", "/metrics"


def ops_routes(health: Health, ready: Ready) -> list[Route]:
    def healthz(environ: Environ) -> Response:
        """Always 200 while the process answers; the body says `ok` or `degraded`."""
        return json_response(200, health())

    def readyz(environ: Environ) -> Response:
        reason = ready()
        if reason is None:
            return json_response(200, {"ready": True})
        return json_response(503, {"ready": False, "reason": reason})

    return [
        Route(HEALTH_PATH, respond_with(healthz)),
        Route(READY_PATH, respond_with(readyz)),
        Route(METRICS_PATH, metrics_wsgi_app),
    ]


def serve_app(health: Health, ready: Ready) -> WebApp:
    """The app `serve` opens its port with: the operations routes, the rest starting."""

    def starting(environ: Environ) -> Response:
        return starting_response(environ, ready())

    return WebApp(ops_routes(health, ready), starting=starting)
