"""Fixtures for the Slack app tests: the fake Slack Web API, a posts folder written here, the
real store synced from it, the real HTTP server (waitress) in a thread, and a client that
signs requests exactly as Slack does. Imported by conftest.py (`from tests.fixtures_slack
import *`)."""

from __future__ import annotations

import hashlib
import hmac
import json
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.slack_api_server import APP_ID, TEAM_ID, SlackApiServer

SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-1-test-token"

# Posts written for these tests (never copied from the shared corpus).
POST_TOOLS = """\
---
title: "Python Tooling Meetup #3"
date: 2026-11-14 19:00:00 +0900
---

[Python Tooling Meetup #3](https://example.connpass.com/event/3/) notes.

## @alice [Fast linters with ruff](https://speakerdeck.com/alice/ruff)

* ruff replaces flake8 and isort
* cgroup limits in CI runners matter too

## @bob Packaging with uv

* uv lock files & <!channel> reproducible installs <@U123>
* 感想: とても速い

## Carol <carol@example.com>: Typing at scale

* mypy strict on a large codebase
"""

POST_DOCKER_4 = """\
---
title: "Docker Meetup Tokyo #4"
date: 2015-01-17 20:30:00 +0900
---

Notes from Docker Meetup Tokyo #4.

## @deeeet [CoreOS basics](https://speakerdeck.com/tcnksm/coreos)

* etcd and fleet

## @ten_forward Container resource control with cgroup

* cgroup v1 memory controller
* blkio throttling
"""

POST_DOCKER_5 = """\
---
title: "Docker Meetup Tokyo #5"
date: 2015-03-20 19:00:00 +0900
---

Notes from Docker Meetup Tokyo #5.

## @someone Docker networking

* overlay networks
"""


def _many_talks() -> str:
    talks = "\n".join(
        f"## @speaker{n} [Lightning talk {n} about containers](https://example.com/slides/{n})\n\n"
        f"* container topic {n}\n"
        for n in range(1, 14)
    )
    head = '---\ntitle: "Container Night #12"\ndate: 2026-10-03 21:15:00 +0900\n---\n\nIntro.\n\n'
    return head + talks


POSTS = {
    "2026-11-14-python-tooling-3.md": POST_TOOLS,
    "2015-01-17-docker-meetup-tokyo-4.md": POST_DOCKER_4,
    "2015-03-20-docker-meetup-tokyo-5.md": POST_DOCKER_5,
}


def write_posts(folder: Path, posts: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (posts or POSTS).items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "2026-10-03-container-night-12.md").write_text(_many_talks(), encoding="utf-8")
    return folder


def sign(body: bytes, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's request-signing headers for `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class HttpAnswer:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def blocks_text(message: dict[str, Any]) -> str:
    """Every text a user would see in a message (fallback, blocks, buttons), one string."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "text" and isinstance(item, str):
                    out.append(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(message.get("blocks") or [])
    return "\n".join(out)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for block in message.get("blocks") or []:
        if block.get("type") == "actions":
            found.extend(block.get("elements") or [])
        elif isinstance(block.get("accessory"), dict):
            found.append(block["accessory"])
    return found


class SlackClient:
    """Sends requests to our server as Slack would."""

    def __init__(self, base_url: str, api: SlackApiServer, secret: str = SIGNING_SECRET) -> None:
        self.base_url = base_url
        self.api = api
        self.secret = secret
        self._ids = iter(range(1, 1_000_000))

    def post(
        self,
        body: bytes,
        *,
        headers: dict[str, str] | None = None,
        content_type: str = "application/x-www-form-urlencoded",
        path: str = "/slack/events",
        signed: bool = True,
        timestamp: int | None = None,
    ) -> HttpAnswer:
        all_headers = {"Content-Type": content_type}
        if signed:
            all_headers.update(sign(body, timestamp, self.secret))
        all_headers.update(headers or {})
        request = urllib.request.Request(
            self.base_url + path, data=body, headers=all_headers, method="POST"
        )
        return self._open(request)

    def get(self, path: str) -> HttpAnswer:
        return self._open(urllib.request.Request(self.base_url + path, method="GET"))

    def _open(self, request: urllib.request.Request) -> HttpAnswer:
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return HttpAnswer(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return HttpAnswer(error.code, error.read(), dict(error.headers))

    def command_form(self, text: str, response_id: str | None = None) -> dict[str, str]:
        response_id = response_id or f"cmd{next(self._ids)}"
        return {
            "token": "deprecated-verification-token",
            "team_id": TEAM_ID,
            "team_domain": "test",
            "channel_id": "C0GENERAL",
            "channel_name": "general",
            "user_id": "U0ALICE",
            "user_name": "alice",
            "command": "/meetup",
            "text": text,
            "api_app_id": APP_ID,
            "is_enterprise_install": "false",
            "response_url": self.api.response_url(response_id),
            "trigger_id": "123.456.abc",
        }

    def slash(self, text: str, **kwargs: Any) -> HttpAnswer:
        """`/meetup TEXT`: Slack escapes &, <, > in the text it sends."""
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        body = urllib.parse.urlencode(self.command_form(escaped)).encode()
        return self.post(body, **kwargs)

    def click(
        self, button: dict[str, Any], response_id: str = "click1", message: Any = None
    ) -> HttpAnswer:
        """Click a button of an ephemeral answer (block_actions, as Slack sends it)."""
        payload = {
            "type": "block_actions",
            "user": {"id": "U0ALICE", "username": "alice", "team_id": TEAM_ID},
            "api_app_id": APP_ID,
            "token": "deprecated-verification-token",
            "container": {"type": "message", "message_ts": "1.2", "is_ephemeral": True},
            "trigger_id": "123.456.abc",
            "team": {"id": TEAM_ID, "domain": "test"},
            "channel": {"id": "C0GENERAL", "name": "general"},
            "is_enterprise_install": False,
            "response_url": self.api.response_url(response_id),
            "actions": [
                {
                    "type": "button",
                    "action_id": button.get("action_id"),
                    "block_id": button.get("block_id", "b1"),
                    "text": button.get("text", {"type": "plain_text", "text": "x"}),
                    "value": button.get("value"),
                    "action_ts": "1700000000.000001",
                }
            ],
        }
        if message is not None:
            payload["message"] = message
        return self.payload(payload)

    def payload(self, payload: Any, **kwargs: Any) -> HttpAnswer:
        raw = payload if isinstance(payload, str) else json.dumps(payload)
        body = urllib.parse.urlencode({"payload": raw}).encode()
        return self.post(body, **kwargs)


@dataclass
class RunningBot:
    """The real app under waitress, with its fake Slack and store."""

    url: str
    client: SlackClient
    api: SlackApiServer
    store: Any
    posts: Path


@pytest.fixture
def slack_api() -> Iterator[SlackApiServer]:
    with SlackApiServer() as server:
        yield server


@pytest.fixture
def posts_dir(tmp_path: Path) -> Path:
    return write_posts(tmp_path / "posts")


@pytest.fixture
def meetup_store(tmp_path: Path, posts_dir: Path) -> Iterator[Any]:
    from bot.catalog import Catalog
    from bot.indexer import sync_index
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'meetup.db'}")
    report = sync_index(store, Catalog(posts_dir))
    assert report.ok, report.errors
    yield store
    store.close()


def start_bot(
    store: Any, api: SlackApiServer, posts: Path, *, bot_token: str | None = BOT_TOKEN
) -> tuple[RunningBot, Any]:
    from bot.catalog import Catalog
    from bot.slack.app import build_app
    from bot.slack.routes import slack_routes
    from bot.slack.service import ServeState
    from bot.web.app import WebApp
    from bot.web.ops import ops_routes
    from bot.web.server import HttpServer

    mode = "http" if bot_token else "dry"
    state = ServeState(store=store, catalog=Catalog(posts), mode=mode)
    app = build_app(store, bot_token=bot_token, signing_secret=SIGNING_SECRET, api_url=api.api_url)
    web = WebApp([*ops_routes(state.health, state.readiness), *slack_routes(app, SIGNING_SECRET)])
    server = HttpServer(web, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{server.port}"
    return RunningBot(url, SlackClient(url, api), api, store, posts), server


@pytest.fixture
def bot(meetup_store: Any, slack_api: SlackApiServer, posts_dir: Path) -> Iterator[RunningBot]:
    running, server = start_bot(meetup_store, slack_api, posts_dir)
    yield running
    server.close()
