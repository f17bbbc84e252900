"""Limits that must stay cheap, each measured against a baseline side by side in one run
(interleaved round by round, so machine noise hits both alike); the tests only check what
happens, never how long it takes.

- huge query: a signed `/meetup search` of 10,240 characters (refused politely) against a
  short search, over HTTP on the real app (waitress + our WSGI app + Bolt + SQLite);
- 5,000 bullets: `render_talk` of a talk with 5,000 bullets (each with a sub-bullet) against
  one with 20;
- 10 MB post: `read_post` of a sparse 10 MB file (refused by its size) against a small post;
- SIGTERM: a real `meetup-bot serve` exiting after SIGTERM with a message in flight (the fake
  Slack holds it 2 s) against an idle one; the spec is out within 10 s.

Run: `.venv/bin/python bench/bench_limits.py [--rounds 15] [--serve-rounds 3]`.
"""

from __future__ import annotations

import argparse
import http.client
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_slash import SECRET, one  # noqa: E402

from bot.catalog import Catalog  # noqa: E402
from bot.indexer import sync_index  # noqa: E402
from bot.model import Note, NoteKind, Post, Span, Talk  # noqa: E402
from bot.parser import read_post  # noqa: E402
from bot.slack.app import build_app  # noqa: E402
from bot.slack.routes import slack_routes  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.web.app import WebApp  # noqa: E402
from bot.web.server import HttpServer  # noqa: E402
from formatters import render_talk  # noqa: E402

Pair = tuple[Callable[[], object], Callable[[], object]]
"""(the limit case, its baseline): each call is one measured run (timed here, or the seconds
it measured itself when it returns a float)."""
HOLD = 2.0
"""Seconds the fake Slack holds the message in flight in the SIGTERM case."""


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    result = run()
    return result if isinstance(result, float) else time.perf_counter() - started


def side_by_side(pair: Pair, rounds: int) -> tuple[float, float]:
    """Median seconds of (case, baseline), alternating which goes first each round."""
    case, base = [], []
    for number in range(rounds):
        if number % 2:
            base.append(timed(pair[1]))
            case.append(timed(pair[0]))
        else:
            case.append(timed(pair[0]))
            base.append(timed(pair[1]))
    return statistics.median(case), statistics.median(base)


def _talk_post(bullets: int) -> Post:
    def bullet(text: str, *children: Note) -> Note:
        return Note(NoteKind.BULLET, (Span(text),), children)

    notes = tuple(bullet(f"point {i}", bullet(f"detail {i}")) for i in range(bullets))
    talk = Talk("@speaker", "A talk with many points", None, notes)
    return Post(title="Bench Meetup", date=None, slug="bench", talks=(talk,))


def bullets_pair() -> Pair:
    many, few = _talk_post(5000), _talk_post(20)
    return (lambda: render_talk(many, 0)), (lambda: render_talk(few, 0))


def big_file_pair(folder: Path) -> Pair:
    huge = folder / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024)
    small = REPO / "examples" / "posts" / "2026-10-03-container-night-12.md"

    def refused() -> None:
        try:
            read_post(huge)
        except Exception:  # the PostError is the point
            return
        raise SystemExit("the 10 MB post was not refused")

    return refused, (lambda: read_post(small))


def query_pair(folder: Path) -> tuple[Pair, Callable[[], None]]:
    """(huge query, short query) over HTTP, and how to stop the server."""
    store = open_store(f"sqlite:///{folder}/bench.db")
    sync_index(store, Catalog(REPO / "examples" / "posts"))
    app = build_app(store, bot_token=None, signing_secret=SECRET, api_url="http://127.0.0.1:9/")
    server = HttpServer(WebApp(slack_routes(app, SECRET)), "127.0.0.1", 0).start()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    huge = "search " + "k" * 10_240

    def close() -> None:
        conn.close()
        server.close()
        store.close()

    return ((lambda: one(conn, huge)), (lambda: one(conn, "search cgroup"))), close


def sigterm_pair() -> Pair:
    """(exit with a message in flight, exit when idle): seconds from SIGTERM to exit."""
    return (lambda: _sigterm(in_flight=True)), (lambda: _sigterm(in_flight=False))


def _sigterm(*, in_flight: bool) -> float:
    from tests.serve_process import Serve, clean_env, wait_until
    from tests.slack_api_server import Fault
    from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, write_post

    with PublishSlackServer() as slack, tempfile.TemporaryDirectory() as tmp:
        posts = Path(tmp) / "posts"
        posts.mkdir()
        env = clean_env(
            SLACK_BOT_TOKEN=TOKEN,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_API_URL=slack.api_url,
            MEETUP_CHANNEL=CHANNEL,
            MEETUP_POSTS=str(posts),
            MEETUP_DATABASE_URL=f"sqlite:///{tmp}/meetup.db",
            MEETUP_POLL_INTERVAL="0.2",
            MEETUP_MESSAGE_INTERVAL="0",
        )
        serve = Serve(env)
        try:
            serve.wait_ready(120)
            if not wait_until(lambda: _publish_scans(serve) >= 1, 120):  # the baseline is in
                raise SystemExit("no publishing scan:\n" + serve.log()[-2000:])
            if in_flight:
                slack.inject("chat.postMessage", Fault.slow(HOLD))
                write_post(posts, "2026-11-14-bench", "Bench Meetup", 3)
                slack.wait_for("chat.postMessage", 1, timeout=120)
            started = time.perf_counter()
            status = serve.terminate(timeout=120)
            elapsed = time.perf_counter() - started
        finally:
            serve.kill()  # never left running, whatever failed
    if status != 0:
        raise SystemExit(f"serve exited {status}:\n{serve.log()[-2000:]}")
    return elapsed


def _publish_scans(serve: Any) -> float:
    text = serve.request("/metrics").text
    found = re.search(r'^meetup_scan_seconds_count\{kind="publish"\} (\S+)$', text, re.M)
    return float(found[1]) if found else 0.0


def report(name: str, case: float, base: float, target: str) -> None:
    ratio = case / base if base else float("inf")
    print(f"{name:<14} {case * 1000:10.2f} {base * 1000:10.2f} {ratio:8.2f}x   {target}")


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--rounds", type=int, default=15)
    options.add_argument("--serve-rounds", type=int, default=3)
    args = options.parse_args()
    print(f"{'limit':<14} {'case ms':>10} {'base ms':>10} {'ratio':>9}   target")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pair, close = query_pair(folder)
        for _ in range(10):  # warm-up
            pair[0](), pair[1]()
        report("huge query", *side_by_side(pair, args.rounds * 10), "<= 2x a short search")
        close()
        report("5,000 bullets", *side_by_side(bullets_pair(), args.rounds), "<= 250x (the lines)")
        report("10 MB post", *side_by_side(big_file_pair(folder), args.rounds), "<= 1x a post")
    case, base = side_by_side(sigterm_pair(), args.serve_rounds)
    report("SIGTERM", case, base, f"in flight: <= {HOLD:.0f} s hold + 10 s")


if __name__ == "__main__":
    main()
