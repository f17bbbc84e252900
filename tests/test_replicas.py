"""Three real `meetup-bot serve` replicas on one PostgreSQL database behave as one bot.

The first run posts nothing (the post already there is recorded silently). A new 40-talk post
is dropped in; once a few parts are out, the replica holding the claim of the part being sent
(Slack stored it, the answer is held back) is killed with -9. The two survivors take its claim
over, read the channel back and finish: every part is in the channel exactly once, the talks in
the announcement's thread, long before a claim's 120 s TTL could run out (no scan waits on a
dead replica or piles up behind another), no error logged, and each survivor answers a signed
`/meetup talks` with the new meetup's talks.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.publish.ledger import POSTING
from bot.publish.ledger_sql import SQLLedger
from tests.fixtures_slack import SIGNING_SECRET, SlackClient, blocks_text
from tests.pg_fixture import fresh_database, pg_server  # noqa: F401
from tests.postgres_server import PostgresServer
from tests.serve_process import Serve, clean_env, wait_until
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, store_then_stall, write_post

EXISTING, POST_ID, TALKS = "2026-10-01-existing", "2026-11-14-big-meetup", 40
EXPECTED = {(POST_ID, "announcement"): 1} | {(POST_ID, f"talk-{n}"): 1 for n in range(1, 41)}
MESSAGE_INTERVAL = 0.2
PUBLISH_DEADLINE = 90.0
"""Seconds to publish all 41 parts: ~8 s of rate limit, well under the 120 s claim TTL."""
SERVE = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", "0"]
PILE_UP = "maximum number of running instances"


@pytest.fixture
def slack() -> Iterator[PublishSlackServer]:
    with PublishSlackServer() as server:
        yield server


@pytest.fixture
def database(pg_server: PostgresServer) -> str:  # noqa: F811
    return fresh_database(pg_server, "replicas")


def _env(tmp: Path, slack: PublishSlackServer, url: str) -> dict[str, str]:
    return clean_env(
        SLACK_API_URL=slack.api_url,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        MEETUP_CHANNEL=CHANNEL,
        MEETUP_POSTS=str(tmp / "posts"),
        MEETUP_DATABASE_URL=url,
        MEETUP_POLL_INTERVAL="1",
        MEETUP_MESSAGE_INTERVAL=str(MESSAGE_INTERVAL),
        MEETUP_MAX_TALK_MESSAGES=str(TALKS),  # all 40 talks as their own message (41 parts)
    )


def _start(env: dict[str, str], count: int = 3) -> list[Serve]:
    """`count` replicas started together (the index re-synced every second)."""
    serves = [Serve(env, [*SERVE, "--sync-interval", "1"]) for _ in range(count)]
    try:
        return [serve.wait_ready(60) for serve in serves]
    except AssertionError:
        for serve in serves:
            serve.kill()
        raise


def _kill_the_poster(serves: list[Serve], slack: PublishSlackServer, ledger: SQLLedger) -> Serve:
    """Hold the next message's answer (Slack has stored it), then kill -9 the replica whose
    claim covers that part in the database: it dies with the part's fate unknown."""
    sent = len(slack.calls_to("chat.postMessage"))
    slack.inject("chat.postMessage", store_then_stall(10))
    assert wait_until(lambda: len(slack.calls_to("chat.postMessage")) > sent, 60)
    in_flight = [p for p in ledger.parts(POST_ID) if p.state == POSTING and p.claim_owner]
    assert len(in_flight) == 1, in_flight
    pid = int(str(in_flight[0].claim_owner).split(":")[1])
    victim = next(serve for serve in serves if serve.process.pid == pid)
    victim.kill()
    with slack.lock:
        slack.faults.clear()
    return victim


def _assert_threaded(slack: PublishSlackServer) -> None:
    announcement = slack.message(POST_ID, "announcement")
    assert announcement.thread_ts is None
    for n in range(1, TALKS + 1):
        assert slack.message(POST_ID, f"talk-{n}").thread_ts == announcement.ts, n


def _answers_talks(serve: Serve, slack: PublishSlackServer) -> bool:
    """A signed `/meetup talks big meetup` answered by this replica with the new talks."""
    answer = SlackClient(serve.url, slack).slash("talks big meetup")
    shown = blocks_text(answer.json()) if answer.status == 200 else ""
    return "Big Meetup" in shown and "Talk number 1" in shown


def _problems(serve: Serve) -> list[dict[str, Any]]:
    """Error-level lines. (APScheduler's WARNING 'skipped: maximum number of running instances'
    is not one: a tick that came while this replica's own scan was still publishing is dropped,
    not queued; the channel shows whether scans piled up.)"""
    return [entry for entry in serve.entries() if entry.get("level") in ("ERROR", "CRITICAL")]


def _first_run_is_silent(ledger: SQLLedger, slack: PublishSlackServer) -> None:
    def recorded() -> bool:
        record = ledger.get_post(EXISTING)
        return ledger.baseline_done() and record is not None and record.state == "seen"

    assert wait_until(recorded, 60)
    assert not slack.calls_to("chat.postMessage")


def _publish_with_a_kill(
    posts: Path, serves: list[Serve], slack: PublishSlackServer, ledger: SQLLedger
) -> tuple[Serve, float]:
    """Drop the new post, kill -9 the replica sending part 6 or so, wait for all 41 parts:
    (the replica killed, seconds from the drop to the last part)."""
    started = time.monotonic()
    write_post(posts, POST_ID, "Big Meetup", TALKS)
    assert wait_until(lambda: slack.parts().total() >= 5, 60), slack.parts()
    victim = _kill_the_poster(serves, slack, ledger)

    def finished() -> bool:
        parts = slack.parts()
        return parts == EXPECTED or max(parts.values()) > 1

    assert wait_until(finished, PUBLISH_DEADLINE), f"not all out: {sorted(slack.parts().items())}"
    return victim, time.monotonic() - started


def _stop(serves: list[Serve]) -> list[int]:
    """SIGTERM each replica still running; their exit statuses."""
    statuses = []
    for serve in serves:
        if serve.process.poll() is None:
            try:
                statuses.append(serve.terminate())
            except subprocess.TimeoutExpired:
                serve.kill()
                statuses.append(-9)
    return statuses


def test_three_replicas_post_each_part_once_when_one_is_killed(
    tmp_path: Path, slack: PublishSlackServer, database: str
) -> None:
    (tmp_path / "posts").mkdir()
    write_post(tmp_path / "posts", EXISTING, "Existing", 2)
    serves = _start(_env(tmp_path, slack, database))
    ledger = SQLLedger(database)
    try:
        _first_run_is_silent(ledger, slack)
        victim, took = _publish_with_a_kill(tmp_path / "posts", serves, slack, ledger)
        assert slack.parts() == EXPECTED, sorted(k for k, v in slack.parts().items() if v > 1)
        assert len(slack.calls_to("chat.postMessage")) == len(EXPECTED)  # not one send wasted
        assert slack.calls_to("conversations.replies")  # a survivor read the thread back
        _assert_threaded(slack)
        survivors = [serve for serve in serves if serve is not victim]
        for serve in survivors:  # any replica answers slash commands
            assert wait_until(lambda s=serve: _answers_talks(s, slack), 60), serve.log()[-3000:]
        assert wait_until(lambda: not getattr(ledger.get_post(POST_ID), "pending", True), 30)
        assert slack.parts() == EXPECTED  # the scans since posted nothing more
        assert [line for serve in serves for line in _problems(serve)] == []
        skips = sum(PILE_UP in str(e.get("msg")) for s in serves for e in s.entries())
        print(f"41 parts, 3 replicas, one killed -9: {took:.1f} s; {skips} ticks skipped")
    finally:
        ledger.close()
        statuses = _stop(serves)
    assert statuses == [0, 0]  # the survivors stop cleanly on SIGTERM
