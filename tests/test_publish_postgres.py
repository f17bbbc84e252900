"""Several real `meetup-bot publish` processes on one PostgreSQL database (claims in the
database): each part reaches each channel (MEETUP_CHANNEL + a subscription) exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.workspaces.subscriptions import open_subscriptions
from tests.pg_fixture import fresh_database, pg_server  # noqa: F401
from tests.postgres_server import PostgresServer
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, write_post

ROOT = Path(__file__).resolve().parents[1]
POST_ID = "2026-11-14-big"
EXPECTED = {(POST_ID, "announcement"): 1} | {(POST_ID, f"talk-{n}"): 1 for n in range(1, 16)}
LATER = "2026-11-21-later"
"""A post dropped once the first is out: all three processes, still polling, race for it."""
BOTH = EXPECTED | {(LATER, "announcement"): 1, (LATER, "talk-1"): 1, (LATER, "talk-2"): 1}


def test_three_processes_on_one_postgres_post_each_part_once_per_channel(
    tmp_path: Path,
    slack: PublishSlackServer,
    pg_server: PostgresServer,  # noqa: F811
) -> None:
    url = fresh_database(pg_server, "procs")
    open_subscriptions(url).subscribe("T0TEST", "C0SUB", "U1", time.time())
    (tmp_path / "posts").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MEETUP_"))}
    env.update(
        SLACK_API_URL=slack.api_url,
        MEETUP_CHANNEL=CHANNEL,
        SLACK_BOT_TOKEN=TOKEN,
        MEETUP_POSTS=str(tmp_path / "posts"),
        MEETUP_DATABASE_URL=url,
        MEETUP_POLL_INTERVAL="0.2",
        MEETUP_MESSAGE_INTERVAL="0",
        PYTHONPATH=str(ROOT),
    )
    command = [sys.executable, "-m", "bot", "publish", "--watch"]
    subprocess.run(
        [*command[:-1], "--once"], env=env, cwd=ROOT, check=True, capture_output=True, timeout=60
    )  # the baseline (and the schema)
    write_post(tmp_path / "posts", POST_ID, "Big", 15)
    processes = [
        subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        for _ in range(3)
    ]
    try:
        assert _settled(slack, EXPECTED)
        write_post(tmp_path / "posts", LATER, "Later", 2)  # the polls go on: a condition
        assert _settled(slack, BOTH)
    finally:
        for process in processes:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
    assert slack.parts(CHANNEL) == BOTH and slack.parts("C0SUB") == BOTH


def _settled(slack: PublishSlackServer, expected: dict[tuple[str, str], int]) -> bool:
    """Wait until both channels hold `expected`, or a part went out twice (then False)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        parts = [slack.parts(CHANNEL), slack.parts("C0SUB")]
        if any(max(p.values(), default=0) > 1 for p in parts):
            return False
        if all(p == expected for p in parts):
            return True
        time.sleep(0.05)
    return False
