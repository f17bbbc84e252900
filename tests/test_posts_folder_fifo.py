"""A FIFO (or any file that is not a regular file) in MEETUP_POSTS never blocks anything
(issue 10, item 2): only regular files are read, never blocking; and a sync that cannot finish
for another reason makes /healthz say `degraded`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import Catalog
from bot.slack.service import ServeState, sync_index_job
from bot.store import open_store
from bot.web.app import WebApp
from bot.web.ops import ops_routes
from bot.web.server import HttpServer
from tests.fixtures_slack import SlackClient
from tests.serve_process import ROOT, Serve, clean_env, wait_until
from tests.slack_api_server import SlackApiServer
from tests.slack_faults import write_post


def _folder_with_fifos(tmp: Path) -> Path:
    posts = tmp / "posts"
    (posts / "sub").mkdir(parents=True)
    write_post(posts, "2026-11-14-real", "Real Meetup", 2)
    os.mkfifo(posts / "stuck.md")
    os.mkfifo(posts / "sub" / "2026-11-15-also.markdown")
    return posts


def test_serve_with_fifos_in_the_folder_syncs_publishes_and_answers(tmp_path: Path) -> None:
    posts = _folder_with_fifos(tmp_path)
    env = clean_env(
        MEETUP_POSTS=str(posts),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'meetup.db'}",
        MEETUP_POLL_INTERVAL="0.2",
    )
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", "0"]
    serve = Serve(env, [*command, "--sync-interval", "0.2"])
    try:
        serve.wait_ready(60)  # ready: the first index sync finished
        assert serve.request("/readyz").status == 200
        assert serve.request("/healthz").json()["status"] == "ok"
        page = serve.request("/")
        assert page.status == 200 and "Real Meetup" in page.text and "stuck" not in page.text
        assert serve.request("/posts/stuck").status == 404
        assert wait_until(lambda: len(serve.dry_messages()) == 3, 30)  # announcement + 2 talks
        syncs = lambda: sum("index:" in str(e.get("msg")) for e in serve.entries())  # noqa: E731
        assert wait_until(lambda: syncs() >= 3, 30), serve.log()
        assert serve.request("/healthz").json()["status"] == "ok"
    finally:
        serve.kill()
    skipped = [e["msg"] for e in serve.entries() if "not a regular file" in str(e.get("msg"))]
    assert len(skipped) == 2 and any("sub/2026-11-15-also.markdown" in m for m in skipped)


@pytest.mark.parametrize("command", ["parse", "check", "preview"])
def test_the_cli_refuses_a_fifo_at_once(tmp_path: Path, command: str) -> None:
    posts = _folder_with_fifos(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "bot", command, str(posts / "stuck.md")],
        cwd=ROOT,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "not a regular file" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not done.stdout


@pytest.fixture
def health_url(tmp_path: Path) -> Iterator[tuple[ServeState, SlackClient]]:
    posts = tmp_path / "posts"
    posts.mkdir()
    store = open_store(f"sqlite:///{tmp_path / 'meetup.db'}")
    state = ServeState(store=store, catalog=Catalog(posts), mode="dry")
    state.sync_stuck_after = 0.2
    server = HttpServer(WebApp(ops_routes(state.health, state.readiness)), "127.0.0.1", 0).start()
    with SlackApiServer() as api:
        yield state, SlackClient(f"http://127.0.0.1:{server.port}", api)
    server.close()
    store.close()


def test_a_sync_that_cannot_finish_makes_healthz_degraded(
    health_url: tuple[ServeState, SlackClient], tmp_path: Path
) -> None:
    state, client = health_url
    write_post(state.catalog.folder, "2026-11-14-real", "Real Meetup", 1)
    blocker = sqlite3.connect(tmp_path / "meetup.db", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process holds the database's write lock
    syncing = threading.Thread(target=sync_index_job, args=[state])
    syncing.start()

    def status() -> Any:
        return client.get("/healthz").json()

    try:
        assert wait_until(lambda: status()["status"] == "degraded", 20), status()
        assert "index sync has not finished" in status()["reason"]
        assert syncing.is_alive()
    finally:
        blocker.execute("COMMIT")
        blocker.close()
    syncing.join(30)
    assert status()["status"] == "ok" and "1 added" in status()["last_sync_summary"]
