"""A real `meetup-bot serve` (HTTP mode) publishing against the fake Slack server: new posts go
out exactly once, /metrics counts them, /healthz turns `degraded` (still 200) while Slack
refuses, the preview shows the ledger's state, and SIGTERM stops between two messages."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures_slack import SIGNING_SECRET, SlackClient
from tests.serve_process import Serve, clean_env, wait_until
from tests.slack_api_server import Fault
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, write_post


@pytest.fixture
def slack() -> Iterator[PublishSlackServer]:
    with PublishSlackServer() as server:
        yield server


def _env(tmp: Path, slack: PublishSlackServer, **extra: str) -> dict[str, str]:
    posts = tmp / "posts"
    if not posts.exists():
        posts.mkdir()
        write_post(posts, "2026-10-01-existing", "Existing", 2)
    values = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack.api_url,
        "MEETUP_CHANNEL": CHANNEL,
        "MEETUP_POSTS": str(posts),
        "MEETUP_DATABASE_URL": f"sqlite:///{tmp / 'meetup.db'}",
        "MEETUP_POLL_INTERVAL": "0.2",
        "MEETUP_MESSAGE_INTERVAL": "0",
    }
    return clean_env(**(values | extra))


def _expected(post_id: str, talks: int) -> dict[tuple[str, str], int]:
    return {(post_id, "announcement"): 1} | {(post_id, f"talk-{n}"): 1 for n in range(1, talks + 1)}


def _metric(serve: Serve, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} (\S+)$", serve.request("/metrics").text, re.M)
    return float(match[1]) if match else float("nan")


def _first_scan_done(serve: Serve) -> bool:
    """The first publishing scan (the baseline: posts already there stay silent) has run."""
    scans = 'meetup_scan_seconds_count{kind="publish"}'
    return wait_until(lambda: _metric(serve, scans) >= 1, 30)


def test_publishes_counts_degrades_and_recovers(tmp_path: Path, slack: PublishSlackServer) -> None:
    with Serve(_env(tmp_path, slack, MEETUP_PREVIEW="1")) as serve:
        assert serve.request("/readyz").json() == {"ready": True}
        assert _first_scan_done(serve)
        write_post(tmp_path / "posts", "2026-11-14-new", "New Meetup", 2)
        assert wait_until(lambda: slack.parts() == _expected("2026-11-14-new", 2), 30)
        assert wait_until(lambda: _metric(serve, "meetup_messages_posted_total") == 3, 10)
        assert ("2026-10-01-existing", "announcement") not in slack.parts()  # first run: silent
        posted = [e for e in serve.entries() if e.get("msg") == "message posted"]
        assert sorted((e["post"], e["part"]) for e in posted) == sorted(slack.parts())
        for entry in posted:  # one structured line per message, with Slack's ts
            assert entry["ts"] == slack.message(entry["post"], entry["part"]).ts
            assert entry["channel"] == CHANNEL and entry["attempt"] == 1
        index = serve.request("/").text
        assert "https://test.slack.com/archives/C0MEETUP/p" in index  # published, with its link

        slack.inject("chat.postMessage", *[Fault.api_error("not_in_channel")] * 1000)
        write_post(tmp_path / "posts", "2026-11-20-refused", "Refused", 1)
        assert wait_until(lambda: serve.request("/healthz").json()["status"] == "degraded", 30)
        health = serve.request("/healthz")
        assert health.status == 200 and "/invite" in health.json()["reason"]
        assert "Pending" in serve.request("/").text
        with slack.lock:
            slack.faults.clear()
        assert wait_until(lambda: serve.request("/healthz").json()["status"] == "ok", 30)
        assert slack.parts()[("2026-11-20-refused", "talk-1")] == 1

        client = SlackClient(serve.url, slack)
        assert client.slash("search ruff").status == 200
        assert client.slash("talks").status == 200
        assert client.slash("subscribe").status == 200
        assert _metric(serve, 'meetup_slash_commands_total{subcommand="search"}') == 1
        assert _metric(serve, 'meetup_slash_commands_total{subcommand="talks"}') == 1
        assert _metric(serve, 'meetup_slash_commands_total{subcommand="subscribe"}') == 1
        assert _metric(serve, "meetup_search_seconds_count") == 2
        assert client.post(b"command=%2Fmeetup&text=search", signed=False).status == 401
        assert _metric(serve, 'meetup_slash_commands_total{subcommand="search"}') == 1
    assert serve.process.returncode == 0


def test_token_without_channel_answers_but_does_not_publish(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    env = _env(tmp_path, slack)
    del env["MEETUP_CHANNEL"]
    with Serve(env) as serve:
        assert serve.request("/healthz").json()["publishing"] is False
        assert serve.request("/readyz").status == 200
        assert serve.request("/").status == 404  # no preview without dry mode or MEETUP_PREVIEW
    assert slack.calls_to("chat.postMessage") == []


def _ledger_states(tmp: Path) -> dict[str, int]:
    with sqlite3.connect(tmp / "meetup.db") as db:
        rows = db.execute("SELECT state, count(*) FROM publish_parts GROUP BY state").fetchall()
    return dict(rows)


def test_sigterm_finishes_the_message_in_flight_then_exits(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    env = _env(tmp_path, slack, MEETUP_MESSAGE_INTERVAL="0.1")
    expected = _expected("2026-11-14-long", 15)
    serve = Serve(env).wait_ready()
    try:
        assert _first_scan_done(serve)
        write_post(tmp_path / "posts", "2026-11-14-long", "Long Meetup", 15)
        assert wait_until(lambda: len(slack.calls_to("chat.postMessage")) >= 3, 30)
        with slack.lock:  # the very next message stays in flight for 2 s
            in_flight = len([c for c in slack.calls if c.method == "chat.postMessage"]) + 1
            slack.faults.setdefault("chat.postMessage", deque()).append(Fault.slow(2.0))
        slack.wait_for("chat.postMessage", in_flight, timeout=30)
        # exits 0 once the message in flight is recorded (how long after SIGTERM, against an
        # idle serve: bench/bench_limits.py; the spec says within 10 s)
        assert serve.terminate(timeout=60) == 0
    except subprocess.TimeoutExpired:
        serve.kill()
        raise
    stored = sum(slack.parts().values())
    assert in_flight <= stored < len(expected)  # the slow one went out, then it stopped
    assert _ledger_states(tmp_path).get("posted") == stored  # ...and it was recorded
    assert all(count == 1 for count in slack.parts().values())
    assert "stopped" in serve.log()
    with Serve(env) as again:
        assert wait_until(lambda: slack.parts() == expected, 60), slack.parts()
        assert again.request("/healthz").json()["status"] == "ok"
