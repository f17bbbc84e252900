"""The pieces `serve` wires, each with real objects: /readyz reasons over real HTTP, stopping
between messages with the real DRY publisher, the preview rendering exactly what the publisher
posts, the demo script, and the README's settings table."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import Catalog
from bot.preview.pages import messages_for
from bot.preview.wiring import publisher_format_options
from bot.publish.factory import build_publisher
from bot.settings import Settings, load_settings
from bot.slack.service import READY, ServeState
from bot.store import open_store
from bot.web.app import WebApp
from bot.web.ops import serve_app
from bot.web.server import HttpServer
from tests.fixtures_slack import SlackClient, write_posts
from tests.serve_process import ROOT, Serve, clean_env, free_port
from tests.slack_api_server import SlackApiServer


@pytest.fixture
def routes(tmp_path: Path) -> Iterator[tuple[ServeState, SlackClient, WebApp]]:
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    state = ServeState(
        store=store, catalog=Catalog(tmp_path), mode="http", phase=READY, slack_auth="ok"
    )
    app = serve_app(state.health, state.readiness)
    server = HttpServer(app, "127.0.0.1", 0).start()
    with SlackApiServer() as api:
        yield state, SlackClient(f"http://127.0.0.1:{server.port}", api), app
    server.close()
    store.close()


def test_readyz_says_why_not(routes: tuple[ServeState, SlackClient, WebApp]) -> None:
    state, client, _app = routes
    assert client.get("/readyz").json() == {"ready": True}
    state.starting("opening the database (migrations)")
    answer = client.get("/readyz")
    assert answer.status == 503
    assert answer.json()["reason"] == "starting: opening the database (migrations)"
    assert client.get("/healthz").status == 200  # alive while starting
    assert client.get("/slack/events").status == 503  # the rest waits for start-up
    state.phase, state.slack_auth = READY, "invalid_auth"
    assert client.get("/readyz").json()["reason"] == "Slack auth: invalid_auth"
    state.slack_auth = "dry"
    assert state.store is not None
    state.store.close()
    answer = client.get("/readyz")
    assert answer.status == 503 and answer.json()["reason"].startswith("database unreachable")
    state.phase = "stopping"
    assert client.get("/readyz").json()["reason"] == "shutting down"


def _dry_publisher(posts: Path, out: io.StringIO) -> Any:
    settings = load_settings(
        {
            "MEETUP_POSTS": str(posts),
            "MEETUP_LANGUAGE": "en",
            "MEETUP_SITE_URL": "https://blog.example.com",
        }
    )
    return build_publisher(settings, out=out)


def _printed(out: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_stop_between_messages_leaves_the_post_pending(tmp_path: Path) -> None:
    posts = write_posts(tmp_path / "posts")
    out = io.StringIO()
    publisher = _dry_publisher(posts, out)
    publisher.stop.set()
    report = publisher.run_once()
    assert out.getvalue() == "" and len(report.pending) == 4 and not report.stopped
    publisher.stop.clear()
    report = publisher.run_once()
    assert len(report.published) == 4 and len(_printed(out)) == 4 + 3 + 2 + 1 + 13


def test_the_preview_renders_what_the_publisher_posts(tmp_path: Path) -> None:
    posts = write_posts(tmp_path / "posts")
    out = io.StringIO()
    publisher = _dry_publisher(posts, out)
    publisher.run_once()
    options_for = publisher_format_options(publisher)
    printed = _printed(out)
    for path in sorted(posts.glob("*.md")):
        from bot.parser import read_post

        post = read_post(path)
        sent = [m for m in printed if m["metadata"]["event_payload"]["post_id"] == path.stem]
        shown = messages_for(post, path, options_for)
        assert [m["blocks"] for m in sent] == [m["blocks"] for m in shown], path.name
        assert "https://blog.example.com/" in json.dumps(shown)


def test_the_demo_serves_the_preview_and_health(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / "bin" / "meetup-bot").exists():
        pytest.skip(".venv/bin/meetup-bot is not installed (scripts/setup makes it)")
    env = clean_env(
        PORT=str(free_port()),
        SLACK_BOT_TOKEN="xoxb-must-be-ignored",
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'demo.db'}",
    )
    with Serve(env, [str(ROOT / "scripts" / "demo-serve")]) as demo:
        assert demo.url == f"http://127.0.0.1:{env['PORT']}"
        health = demo.request("/healthz").json()
        assert health["status"] == "ok" and health["mode"] == "dry"
        page = demo.request("/")
        assert page.status == 200 and "Container Night #12" in page.text
        assert demo.request("/search?q=cgroup").status == 200


def test_the_readme_lists_every_setting_with_its_default() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running the bot", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]*) \|", section, re.M))
    assert set(rows) == set(Settings.model_fields), set(rows) ^ set(Settings.model_fields)
    for name, field in Settings.model_fields.items():
        default = field.default
        if default is None or default is False:
            continue
        shown = str(default.as_posix() if isinstance(default, Path) else default)
        assert shown.lower() in rows[name].lower(), f"{name}: default {shown!r} not in README"
