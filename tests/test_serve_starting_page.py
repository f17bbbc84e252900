"""A person opening the preview page while `meetup-bot serve` is still starting gets an HTML page
saying so, which reloads itself (503 + Retry-After); machines keep JSON, and /readyz stays JSON.

A real `serve` process on a real port; its start-up is held at auth.test by the fake Slack
Web API until the test lets it go, so "during start-up" is a condition, not a race."""

from __future__ import annotations

import json
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures_slack import BOT_TOKEN, SIGNING_SECRET, HttpAnswer, write_posts
from tests.serve_process import Serve, clean_env, free_port, wait_until
from tests.slack_api_server import Fault, SlackApiServer

HELD = "starting: connecting to Slack"
"""/readyz's reason while auth.test is held (check_bot_token gives up after 10 s: be quick)."""
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _get(url: str, **headers: str) -> HttpAnswer:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return HttpAnswer(response.status, response.read(), dict(response.headers))
    except urllib.error.HTTPError as error:
        return HttpAnswer(error.code, error.read(), dict(error.headers))


def _readiness(base: str) -> str | None:
    """/readyz's reason ('' when ready), None while the port is not open yet."""
    try:
        answer = _get(base + "/readyz")
    except OSError:
        return None
    return "" if answer.status == 200 else str(answer.json().get("reason"))


@pytest.fixture
def held_start(tmp_path: Path, slack_api: SlackApiServer) -> Iterator[tuple[str, threading.Event]]:
    """`serve` (with the preview page) stopped at auth.test; set the event to let it finish."""
    gate = threading.Event()
    slack_api.inject("auth.test", Fault.held(gate))
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.api_url,
        MEETUP_PREVIEW="1",
        MEETUP_POSTS=str(write_posts(tmp_path / "posts")),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'meetup.db'}",
    )
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    serve = Serve(env, command)
    base = f"http://127.0.0.1:{port}"
    try:

        def held_or_gone() -> bool:
            return serve.process.poll() is not None or _readiness(base) == HELD

        assert wait_until(held_or_gone, 60) and serve.process.poll() is None, serve.log()
        yield base, gate
    finally:
        gate.set()
        serve.__exit__()


def test_a_browser_gets_a_page_that_reloads_itself(held_start: tuple[str, threading.Event]) -> None:
    base, gate = held_start
    page = _get(base + "/", Accept=BROWSER, **{"Accept-Language": "en-US,en;q=0.9"})
    assert page.status == 503
    assert page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Retry-After"] == "2"
    assert "meetup-bot is starting" in page.text and "connecting to Slack" in page.text
    assert '<meta http-equiv="refresh" content="2">' in page.text
    assert "script" not in page.headers["Content-Security-Policy"]

    japanese = _get(base + "/posts/x", Accept=BROWSER, **{"Accept-Language": "ja,en;q=0.8"})
    assert japanese.status == 503 and "meetup-bot を起動しています" in japanese.text
    assert '<html lang="ja">' in japanese.text

    gate.set()
    assert wait_until(lambda: _readiness(base) == "", 60)
    ready = _get(base + "/", Accept=BROWSER)
    assert ready.status == 200 and "Python Tooling Meetup #3" in ready.text


def test_machines_keep_json(held_start: tuple[str, threading.Event]) -> None:
    base, _gate = held_start
    readyz = _get(base + "/readyz", Accept=BROWSER)
    assert readyz.status == 503 and readyz.headers["Content-Type"] == "application/json"
    assert json.loads(readyz.body) == {"ready": False, "reason": HELD}
    for accept in ("application/json", "*/*", "text/html;q=0"):
        answer = _get(base + "/", Accept=accept)
        assert answer.status == 503 and answer.json() == {"reason": "starting"}, accept
        assert answer.headers["Retry-After"] == "2"
    assert _get(base + "/healthz", Accept=BROWSER).json()["status"] == "ok"
