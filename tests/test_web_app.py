"""The one web app, every route at once, over real HTTP (waitress): one router answering 404 and
405 the same way for each, one limits middleware in front of each (413, 401, 415, 400), one
/healthz, HEAD wherever GET is, and a route that fails answering 500, never a traceback."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.preview.routes import PreviewPages
from bot.preview.source import PostFolder
from bot.publish.webhook import webhook_route
from bot.slack.app import build_app
from bot.slack.routes import slack_routes
from bot.slack.service import READY, ServeState
from bot.store import open_store
from bot.web.app import WebApp
from bot.web.http import Environ, Response, respond_with
from bot.web.ops import ops_routes, serve_app
from bot.web.router import Route, Router
from bot.web.server import HttpServer
from bot.workspaces.oauth import oauth_settings, open_oauth_stores
from tests.fixtures_slack import SIGNING_SECRET, sign, write_posts

WEBHOOK_SECRET = "webhook-secret-for-the-router-test"
EVERY_PATH = {
    "/healthz",
    "/readyz",
    "/metrics",
    "/slack/events",
    "/slack/install",
    "/slack/oauth_redirect",
    "/",
    "/search",
    "/posts/",
    "/webhooks/github",
}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, object]:
        data = json.loads(self.body)
        assert isinstance(data, dict)
        return data


@dataclass
class Site:
    port: int
    routes: tuple[Route, ...]

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body or None, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, dict(response.headers), response.read())
        finally:
            connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Every route `serve` can mount (OAuth, the preview and the webhook included)."""
    tmp = tmp_path_factory.mktemp("web")
    posts = write_posts(tmp / "posts")
    database = f"sqlite:///{tmp / 'meetup.db'}"
    store = open_store(database)
    stores = open_oauth_stores(database, "1111.2222")
    oauth = oauth_settings("1111.2222", "client-secret", ["commands"], stores)
    app = build_app(
        store,
        bot_token=None,
        signing_secret=SIGNING_SECRET,
        api_url="http://127.0.0.1:9/api/",  # never called: nothing here reaches a listener
        oauth_settings=oauth,
    )
    state = ServeState(
        store=store, catalog=Catalog(posts), mode="oauth", phase=READY, slack_auth="ok"
    )
    web = WebApp(
        [
            *ops_routes(state.health, state.readiness),
            *slack_routes(app, SIGNING_SECRET),
            *PreviewPages(PostFolder(Catalog(posts))).routes(),
            webhook_route(lambda: WEBHOOK_SECRET, lambda: None),
        ]
    )
    server = HttpServer(web, "127.0.0.1", 0).start()
    yield Site(server.port, web.router.routes)
    server.close()
    stores.installations.engine.dispose()
    store.close()


def signed_for(route: Route, body: bytes) -> dict[str, str]:
    """The headers that prove the sender to `route` (none for unsigned routes)."""
    if route.path == "/slack/events":
        return sign(body, None, SIGNING_SECRET)
    if route.path == "/webhooks/github":
        digest = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
        return {"X-Hub-Signature-256": f"sha256={digest}", "X-GitHub-Event": "push"}
    return {}


def path_of(route: Route) -> str:
    return route.path + "some-post" if route.prefix else route.path


def test_the_app_serves_every_route_once(site: Site) -> None:
    paths = [route.path for route in site.routes]
    assert set(paths) == EVERY_PATH and len(paths) == len(EVERY_PATH)
    assert paths.count("/healthz") == 1
    with pytest.raises(ValueError, match="two routes"):
        Router([*site.routes, site.routes[0]])


def test_one_healthz(site: Site) -> None:
    answer = site.request("GET", "/healthz")
    assert answer.status == 200 and answer.json()["status"] == "ok"
    head = site.request("HEAD", "/healthz")
    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Length"] == answer.headers["Content-Length"]


@pytest.mark.parametrize(
    "path", ["/nope", "/healthz/", "/slack", "/posts", "/webhooks", "/index.html"]
)
def test_unknown_paths_get_one_404(site: Site, path: str) -> None:
    for method in ("GET", "POST", "DELETE"):
        answer = site.request(method, path, b"x" if method == "POST" else b"")
        assert answer.status == 404, (method, path)
        assert answer.json() == {"error": "not_found"}


def test_each_route_refuses_other_methods_the_same_way(site: Site) -> None:
    for route in site.routes:
        allowed = route.allowed()
        for method in {"GET", "POST", "PUT", "DELETE", "PATCH"} - set(allowed):
            answer = site.request(method, path_of(route), b"x")
            assert answer.status == 405, (route.path, method)
            assert answer.json() == {"error": "method_not_allowed", "allow": ", ".join(allowed)}
            assert answer.headers["Allow"] == ", ".join(allowed)


def test_each_route_refuses_a_body_over_its_limit_with_413(site: Site) -> None:
    for route in site.routes:
        body = b"x" * (route.limits.max_body + 1)
        headers = {"Content-Type": "application/json", **signed_for(route, body)}
        answer = site.request(route.methods[0], path_of(route), body, headers)
        assert answer.status == 413, route.path
        assert answer.json() == {
            "error": "request_entity_too_large",
            "limit": route.limits.max_body,
        }


def test_each_route_refuses_a_media_type_it_does_not_take_with_415(site: Site) -> None:
    body = b"<xml/>"
    for route in site.routes:
        headers = {"Content-Type": "text/xml", **signed_for(route, body)}
        answer = site.request(route.methods[0], path_of(route), body, headers)
        assert answer.status == 415, route.path
        accepted = "application/x-www-form-urlencoded, application/json"
        assert answer.json() == {"error": "unsupported_media_type", "accepted": accepted}


def test_each_route_refuses_a_body_that_is_not_utf8_with_400(site: Site) -> None:
    body = b"\xff\xfe"
    for route in site.routes:
        headers = {"Content-Type": "application/json", **signed_for(route, body)}
        answer = site.request(route.methods[0], path_of(route), body, headers)
        assert answer.status == 400, route.path
        assert answer.json() == {"error": "bad_request", "reason": "the body is not UTF-8"}


def test_signed_routes_say_who_before_what(site: Site) -> None:
    """A stranger learns nothing of what a signed route takes: 401 before 415 or 400."""
    signed = [route for route in site.routes if route.limits.verify is not None]
    assert {route.path for route in signed} == {"/slack/events", "/webhooks/github"}
    for route in signed:
        for body, media in ((b"<xml/>", "text/xml"), (b"\xff\xfe", "application/json")):
            answer = site.request("POST", route.path, body, {"Content-Type": media})
            assert answer.status == 401, route.path
            assert answer.json()["error"] == "unauthorized"


def test_head_is_served_wherever_get_is(site: Site) -> None:
    for route in site.routes:
        if "GET" not in route.methods:
            assert site.request("HEAD", route.path).status == 405
            continue
        got, head = site.request("GET", path_of(route)), site.request("HEAD", path_of(route))
        assert head.status == got.status and head.body == b"", route.path


def _broken(environ: Environ) -> Response:
    raise RuntimeError("a bug in a handler")


def test_a_failing_route_is_a_500_and_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    web = WebApp([Route("/broken", respond_with(_broken))])
    server = HttpServer(web, "127.0.0.1", 0).start()
    try:
        answer = Site(server.port, ()).request("GET", "/broken")
    finally:
        server.close()
    assert answer.status == 500 and answer.json() == {"error": "internal_server_error"}
    assert b"a bug in a handler" not in answer.body
    assert any("request failed: /broken" in r.getMessage() for r in caplog.records)


def test_while_starting_only_the_operations_routes_answer(tmp_path: Path) -> None:
    state = ServeState(store=None, catalog=Catalog(tmp_path), mode="dry")
    state.starting("first index sync")
    web = serve_app(state.health, state.readiness)
    server = HttpServer(web, "127.0.0.1", 0).start()
    site = Site(server.port, ())
    try:
        assert site.request("GET", "/healthz").status == 200
        assert site.request("GET", "/nope").json() == {"reason": "starting"}
        assert site.request("POST", "/healthz", b"x").status == 405
        web.mount(PreviewPages(PostFolder(Catalog(tmp_path))).routes())
        assert site.request("GET", "/nope").status == 404
        assert site.request("GET", "/").status == 200
    finally:
        server.close()
