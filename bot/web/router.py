"""The one router: path -> route, method check, then the route's app behind the limits middleware.

A path no route serves is 404 and a method a route does not take is 405 (with `Allow`), the same
JSON refusal for every route. HEAD is served wherever GET is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.web.http import Environ, StartResponse, WSGIApp, refusal, send
from bot.web.limits import Limits, WithinLimits


@dataclass(frozen=True)
class Route:
    """`path` (or every path under it with `prefix`, which then ends in `/`), answered by `app`."""

    path: str
    app: WSGIApp
    methods: tuple[str, ...] = ("GET",)
    prefix: bool = False
    limits: Limits = field(default_factory=Limits)

    def allowed(self) -> tuple[str, ...]:
        return (*self.methods, "HEAD") if "GET" in self.methods else self.methods


class Router:
    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes: tuple[Route, ...] = tuple(routes)
        paths = [route.path for route in self.routes]
        if len(paths) != len(set(paths)):
            raise ValueError(f"two routes for one path: {sorted(paths)}")
        self._exact = {r.path: r for r in self.routes if not r.prefix}
        self._prefixes = [r for r in self.routes if r.prefix]
        self._guarded = {r.path: WithinLimits(r.app, r.limits) for r in self.routes}

    def match(self, path: str) -> Route | None:
        route = self._exact.get(path)
        if route is not None:
            return route
        return next((r for r in self._prefixes if path.startswith(r.path)), None)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        route = self.match(str(environ.get("PATH_INFO") or "/"))
        if route is None:
            return send(start_response, refusal(404))
        allowed = route.allowed()
        if str(environ.get("REQUEST_METHOD", "GET")) not in allowed:
            return send(start_response, not_allowed(allowed))
        return self._guarded[route.path](environ, start_response)


def not_allowed(allowed: Sequence[str]) -> tuple[int, dict[str, str], bytes]:
    allow = ", ".join(allowed)
    return refusal(405, {"Allow": allow}, allow=allow)
