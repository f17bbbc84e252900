"""Publish throughput of one 40-talk post, against Slack's 1 message/second/channel.

A real `meetup-bot publish --once` process posts one new 40-talk post (41 messages: the
announcement, then each talk as a reply in its thread) to the fake Slack Web API over HTTP
(tests/slack_faults.py), with MEETUP_MESSAGE_INTERVAL at its default of 1 s. The ledger is a
fresh SQLite file, or a fresh database on a throwaway PostgreSQL 15 (tests/postgres_server.py).
Each round first runs `publish --once` on a folder holding one older post (the first run
records it silently), then drops the 40-talk post in and times the second `publish --once`:
  - end to end: process start -> the fake server accepted the last message;
  - sending: the first accepted message -> the last one; 40 gaps take 40 s at exactly 1/s.
Side by side in the same run, the same post with MEETUP_MESSAGE_INTERVAL=0 (unthrottled):
the bot's own cost per message, which the 1-second budget must hide.

Run: `.venv/bin/python bench/bench_publish_rate.py [--rounds 2] [--ledgers sqlite,postgres]`
(about 45 s per throttled round and ledger: the default run takes about 3¼ minutes).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.postgres_server import SKIP_REASON, PostgresServer, start_postgres  # noqa: E402
from tests.serve_process import clean_env  # noqa: E402
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, write_post  # noqa: E402

POST_ID = "2026-11-14-big-meetup"
LedgerUrl = Callable[[Path], str]
"""A fresh ledger's URL, given the round's temporary folder."""


class TimedSlack(PublishSlackServer):
    """The fake Slack, noting when it accepted each chat.postMessage (time.monotonic)."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted: list[float] = []

    def __enter__(self) -> TimedSlack:
        self.start()
        return self

    def m_chat_postMessage(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        answer = super().m_chat_postMessage(params, token)
        if answer.get("ok"):
            self.accepted.append(time.monotonic())
        return answer


@dataclass
class Run:
    ledger: str
    interval: float
    messages: int
    end_to_end: float
    """Process start -> last message accepted, seconds."""
    sending: float
    """First message accepted -> last one, seconds."""
    startup: float
    """Process start -> first message accepted, seconds."""
    other_calls: int
    """Slack calls besides chat.postMessage (auth.test, read-backs...)."""

    @property
    def rate(self) -> float:
        """Messages per second while sending (gaps per second: 40 gaps in 40 s is 1.0)."""
        return (self.messages - 1) / self.sending if self.sending else float("inf")


def publish_once(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "publish", "--once"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise SystemExit(f"publish --once failed ({done.returncode}):\n{done.stderr[-2000:]}")


def one_run(ledger: str, url: LedgerUrl, interval: float, talks: int) -> Run:
    with tempfile.TemporaryDirectory(prefix="bench-rate-") as tmp, TimedSlack() as slack:
        posts = Path(tmp) / "posts"
        posts.mkdir()
        write_post(posts, "2026-10-01-existing", "Existing", 2)
        env = clean_env(
            SLACK_BOT_TOKEN=TOKEN,
            SLACK_API_URL=slack.api_url,
            MEETUP_CHANNEL=CHANNEL,
            MEETUP_POSTS=str(posts),
            MEETUP_DATABASE_URL=url(Path(tmp)),
            MEETUP_MESSAGE_INTERVAL=None if interval == 1.0 else str(interval),
            MEETUP_MAX_TALK_MESSAGES=str(talks),  # every talk its own message
        )
        publish_once(env)  # first run: the existing post is recorded, not posted
        if slack.accepted:
            raise SystemExit("the first run posted; the baseline did not hold")
        write_post(posts, POST_ID, "Big Meetup", talks)
        started = time.monotonic()
        publish_once(env)
        accepted = list(slack.accepted)
        others = sum(1 for call in slack.calls if call.method != "chat.postMessage")
    if len(accepted) != talks + 1:
        raise SystemExit(f"expected {talks + 1} messages, the fake Slack accepted {len(accepted)}")
    first, last = accepted[0], accepted[-1]
    return Run(
        ledger, interval, len(accepted), last - started, last - first, first - started, others
    )


def ledger_urls(names: list[str], server: PostgresServer | None) -> dict[str, LedgerUrl]:
    counter = iter(range(1_000_000))
    urls: dict[str, LedgerUrl] = {}
    if "sqlite" in names:
        urls["SQLite"] = lambda tmp: f"sqlite:///{tmp / 'ledger.db'}"
    if "postgres" in names and server is not None:
        urls["PostgreSQL"] = lambda tmp: server.create_database(f"rate{next(counter)}")
    return urls


def run_all(args: argparse.Namespace, server: PostgresServer | None) -> list[Run]:
    urls = ledger_urls(args.ledgers.split(","), server)
    runs: list[Run] = []
    for number in range(args.rounds):
        order = list(urls.items()) if number % 2 == 0 else list(reversed(urls.items()))
        for ledger, url in order:
            for interval in (0.0, 1.0):
                run = one_run(ledger, url, interval, args.talks)
                runs.append(run)
                print(
                    f"round {number + 1} {ledger:<10} interval {interval:.0f} s: "
                    f"{run.messages} messages, end to end {run.end_to_end:6.2f} s, "
                    f"sending {run.sending:6.2f} s, first after {run.startup:.2f} s, "
                    f"{run.other_calls} other Slack calls",
                    flush=True,
                )
    return runs


def report(runs: list[Run], talks: int) -> None:
    gaps = talks  # 41 messages, 40 gaps: the first goes at once, then one a second
    print(f"\n{talks + 1} messages per post; at exactly 1 message/s the sending takes {gaps} s")
    print(
        f"{'ledger':<11} {'interval':>8} {'first after s':>13} {'sending s':>10} "
        f"{'end to end s':>12} {'msg/s sending':>13} {'vs 1/s':>7} {'vs ideal':>8}"
    )
    for key in sorted({(r.ledger, r.interval) for r in runs}, key=lambda k: (k[0], -k[1])):
        group = [r for r in runs if (r.ledger, r.interval) == key]
        end = statistics.median(r.end_to_end for r in group)
        rate = statistics.median(r.rate for r in group)
        bound = f"{rate * 100:6.1f}%" if key[1] == 1.0 else "      -"
        ideal = f"{gaps / end * 100:7.1f}%" if key[1] == 1.0 else "       -"
        print(
            f"{key[0]:<11} {key[1]:>7.0f}s {statistics.median(r.startup for r in group):13.2f} "
            f"{statistics.median(r.sending for r in group):10.2f} {end:12.2f} {rate:13.3f} "
            f"{bound} {ideal}"
        )
    print(
        f"(medians over {len(runs) // max(1, len({(r.ledger, r.interval) for r in runs}))} "
        f"rounds; vs 1/s: the sending rate against Slack's bound; vs ideal: {gaps} s against "
        "process start -> last message)"
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--rounds", type=int, default=2)
    options.add_argument("--talks", type=int, default=40)
    options.add_argument("--ledgers", default="sqlite,postgres", help="comma-separated")
    args = options.parse_args()
    server = start_postgres() if "postgres" in args.ledgers else None
    if "postgres" in args.ledgers and server is None:
        print(f"PostgreSQL skipped: {SKIP_REASON}")
    try:
        runs = run_all(args, server)
    finally:
        if server is not None:
            server.stop()
    report(runs, args.talks)


if __name__ == "__main__":
    main()
