"""POST /webhooks/github over real HTTP (its route in the one web app, wsgiref in a thread):
signature, JSON, and a push triggering a scan through the APScheduler job."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from bot.catalog import Catalog
from bot.publish import jobs
from bot.publish.ledger import open_ledger
from bot.publish.poster import Poster, RetryPolicy, make_client
from bot.publish.publisher import PublishConfig, Publisher
from bot.publish.webhook import verify_signature, webhook_route
from bot.web.app import WebApp
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, write_post

SECRET = "webhook-secret-0123456789"
PUSH = json.dumps({"ref": "refs/heads/main", "commits": []}).encode()


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[int]]]:
    pushes: list[int] = []
    app = WebApp([webhook_route(lambda: SECRET, lambda: pushes.append(1))])
    httpd = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/webhooks/github", pushes
    httpd.shutdown()
    httpd.server_close()


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_signed_push_triggers_a_scan(server: tuple[str, list[int]]) -> None:
    url, pushes = server
    status, body = post(url, PUSH, {"X-Hub-Signature-256": sign(PUSH), "X-GitHub-Event": "push"})
    assert (status, body["scan"]) == (202, "triggered") and pushes == [1]


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "sha256=",
        "sha1=abc",
        "sha256=" + "0" * 64,
        sign(PUSH, "wrong-secret"),
        sign(PUSH + b" "),
        sign(PUSH).upper(),
    ],
)
def test_bad_signatures_are_401(server: tuple[str, list[int]], signature: str | None) -> None:
    url, pushes = server
    headers = {"X-GitHub-Event": "push"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    status, _ = post(url, PUSH, headers)
    assert status == 401 and pushes == []


def test_malformed_json_ping_and_other_events(server: tuple[str, list[int]]) -> None:
    url, pushes = server
    for body in (b"{not json", b"[1, 2]", b"\xff\xfe"):
        status, _ = post(url, body, {"X-Hub-Signature-256": sign(body), "X-GitHub-Event": "push"})
        assert status == 400
    ping = b'{"zen": "hi"}'
    signed = {"X-Hub-Signature-256": sign(ping)}
    assert post(url, ping, {**signed, "X-GitHub-Event": "ping"})[0] == 200
    assert post(url, ping, {**signed, "X-GitHub-Event": "issues"})[0] == 202
    assert pushes == []


def test_no_secret_refuses_everything() -> None:
    assert not verify_signature(None, PUSH, sign(PUSH, ""))
    assert not verify_signature("", PUSH, sign(PUSH, ""))
    assert verify_signature(SECRET, PUSH, sign(PUSH))


def test_push_through_the_scheduler_publishes_a_new_post(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    with PublishSlackServer() as slack:
        poster = Poster(make_client(TOKEN, slack.api_url), RetryPolicy(rate_interval=0))
        publisher = Publisher(
            open_ledger(f"sqlite:///{tmp_path / 'm.db'}"),
            poster,
            PublishConfig(CHANNEL),
            Catalog(posts),
        )
        scheduler = BackgroundScheduler()
        scheduler.start()
        try:
            publisher.run_once()  # first run: the (empty) baseline
            later = datetime.now(UTC) + timedelta(hours=1)
            for _ in range(2):  # replace_existing: installing twice keeps one job
                jobs.install_publishing(
                    scheduler, publisher, interval=3600, posts_dir=posts, start_at=later
                )
            assert [job.id for job in scheduler.get_jobs()] == [jobs.SCAN_JOB_ID]
            write_post(posts, "2026-11-14-hook", "Hook", 1)
            jobs.trigger_scan(scheduler)  # what a signed push does
            slack.wait_for("chat.postMessage", 2, timeout=20)
        finally:
            scheduler.shutdown(wait=True)
        assert set(slack.parts().values()) == {1}
