"""The one WSGI app `meetup-bot serve` runs under waitress.

`WebApp` holds the router. While `starting` is set (start-up is not done), a path no route
serves gets the starting answer (503, Retry-After) instead of 404; `mount(routes)` adds the
routes start-up built and ends that. Any exception in a route is logged and answered 500.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable

from bot.web.http import Environ, Handler, StartResponse, refusal, send
from bot.web.router import Route, Router

log = logging.getLogger("bot.web")


class WebApp:
    def __init__(self, routes: Iterable[Route] = (), *, starting: Handler | None = None) -> None:
        self.router = Router(routes)
        self.starting = starting

    def mount(self, routes: Iterable[Route]) -> None:
        """Serve `routes` too, and stop answering `starting`."""
        self.router = Router([*self.router.routes, *routes])
        self.starting = None

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "HEAD":  # the GET answer's headers, no body
            body = self._answer({**environ, "REQUEST_METHOD": "GET"}, start_response)
            _close(body)
            return []
        return self._answer(environ, start_response)

    def _answer(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        router, starting = self.router, self.starting
        try:
            if starting is not None and router.match(str(environ.get("PATH_INFO") or "/")) is None:
                return send(start_response, starting(environ))
            return router(environ, start_response)
        except Exception:
            log.exception("request failed: %s", environ.get("PATH_INFO"))
            return send(start_response, refusal(500), sys.exc_info())


def _close(body: Iterable[bytes]) -> None:
    close: Callable[[], object] | None = getattr(body, "close", None)
    if close is not None:
        close()
