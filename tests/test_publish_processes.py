"""Real `meetup-bot serve` processes (publishing every MEETUP_POLL_INTERVAL) against the fake
Slack server: kill -9 at random points while a 40-talk post goes out, restarted each time; two
processes on one store; DRY `publish --once`. Each part must end in the channel exactly once.

Nothing here depends on a quiet machine: every wait is on a condition (a call reaching the fake
Slack, the `serving` log line, the publishing scans counted by /metrics), and a wait that times
out fails the test with what the process logged."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.serve_process import Serve
from tests.slack_api_server import Fault
from tests.slack_faults import (
    CHANNEL,
    TOKEN,
    PublishSlackServer,
    store_then_drop,
    store_then_stall,
    write_post,
)

ROOT = Path(__file__).resolve().parents[1]
POST_ID = "2026-11-14-big-meetup"
TALKS = 40
EXPECTED = {(POST_ID, "announcement"): 1} | {(POST_ID, f"talk-{n}"): 1 for n in range(1, 41)}


def _env(tmp: Path, slack: PublishSlackServer, token: str | None = TOKEN) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MEETUP_"))}
    env.update(
        SLACK_API_URL=slack.api_url,
        MEETUP_CHANNEL=CHANNEL,
        MEETUP_POSTS=str(tmp / "posts"),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp / 'm.db'}",
        MEETUP_POLL_INTERVAL="0.2",
        MEETUP_MESSAGE_INTERVAL="0",
        MEETUP_MAX_TALK_MESSAGES=str(TALKS),  # all 40 talks as their own message (41 parts)
        SLACK_SIGNING_SECRET="test-signing-secret-0123456789abcdef",
        PYTHONPATH=str(ROOT),
    )
    if token:
        env["SLACK_BOT_TOKEN"] = token
    return env


def _start(env: dict[str, str]) -> Serve:
    """`meetup-bot serve` on any free port, its log collected (`wait_ready` to wait for it)."""
    return Serve(env)


def _wait(condition: Callable[[], object], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def _publish_scans(serve: Serve) -> float:
    """The publishing scans the process has finished (/metrics)."""
    text = serve.request("/metrics").text
    found = re.search(r'^meetup_scan_seconds_count\{kind="publish"\} (\S+)$', text, re.M)
    return float(found[1]) if found else 0.0


def _more_scans(serves: list[Serve], more: int = 3) -> bool:
    """Wait until each process has finished `more` publishing scans since now."""
    start = [_publish_scans(serve) for serve in serves]
    return _wait(
        lambda: all(_publish_scans(s) >= n + more for s, n in zip(serves, start, strict=True)), 60
    )


def _sent_or_done(slack: PublishSlackServer, count: int) -> bool:
    """`count` messages sent, or nothing left to send (then a kill round is moot)."""
    return len(slack.calls_to("chat.postMessage")) >= count or _complete_or_duplicated(slack)


def _complete_or_duplicated(slack: PublishSlackServer) -> bool:
    parts = slack.parts()
    return parts == EXPECTED or max(parts.values(), default=0) > 1


def _prepare(tmp: Path, slack: PublishSlackServer) -> dict[str, str]:
    (tmp / "posts").mkdir()
    write_post(tmp / "posts", "2026-10-01-existing", "Existing", 2)
    env = _env(tmp, slack)
    subprocess.run(
        [sys.executable, "-m", "bot", "publish", "--once"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert not slack.calls_to("chat.postMessage")  # first run: the existing post is silent
    write_post(tmp / "posts", POST_ID, "Big Meetup", TALKS)
    return env


def test_kill_9_at_random_points_each_part_exactly_once(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    env = _prepare(tmp_path, slack)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    for round_number in range(5):
        before = len(slack.calls_to("chat.postMessage"))
        process = _start(env)
        if round_number % 2:  # kill inside the window: Slack stored it, the ledger did not
            slack.inject("chat.postMessage", store_then_stall(5))
            target = before + 1
        else:  # kill at a random point between messages
            slack.inject("chat.postMessage", *[store_then_drop()] * rng.randint(0, 1))
            target = before + rng.randint(1, 9)
        reached = _wait(lambda t=target: _sent_or_done(slack, t), timeout=120)
        process.kill()
        assert reached, f"seed {seed}, round {round_number}: no send\n{process.log()[-3000:]}"
        with slack.lock:
            slack.faults.clear()
        if _complete_or_duplicated(slack):
            break
    final = _start(env).wait_ready(120)  # the last restart finishes the post, then SIGTERM
    try:
        done = _wait(lambda: _complete_or_duplicated(slack), 120)
        assert done and _more_scans([final]), final.log()[-3000:]  # then nothing more posted
    finally:
        status = final.terminate(timeout=60)
    assert status == 0, final.log()[-3000:]
    parts = slack.parts()
    # the kills inside the window left parts whose fate only the channel knew: read back
    assert slack.calls_to("conversations.replies") or slack.calls_to("conversations.history")
    assert parts == EXPECTED, f"seed {seed}: {sorted((k, v) for k, v in parts.items() if v != 1)}"


def _shows(slack: PublishSlackServer, text: str) -> int:
    """How many of the post's messages in the channel show `text`."""
    with slack.lock:
        stored = list(slack.messages.get(CHANNEL, []))
    return sum(
        1
        for m in stored
        if (m.metadata or {}).get("event_payload", {}).get("post_id") == POST_ID
        and text in m.text + json.dumps(m.blocks, ensure_ascii=False)
    )


def test_kill_9_during_an_edit_every_message_is_updated_after_restart(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    """An edit (the title: every message shows it) killed while its chat.updates go out: the
    restart updates every message still stale, as a new post's parts are posted."""
    env = _prepare(tmp_path, slack)
    subprocess.run(  # the new post goes out in full, then the author fixes its title
        [sys.executable, "-m", "bot", "publish", "--once"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert slack.parts() == EXPECTED and _shows(slack, "Big Meetup") == TALKS + 1
    posted = len(slack.calls_to("chat.postMessage"))
    write_post(tmp_path / "posts", POST_ID, "Big Meetup, edited", TALKS)
    gate = threading.Event()  # the 6th update is held: the kill lands in the middle of the run
    slack.inject("chat.update", *[Fault.slow(0)] * 5, Fault.held(gate, timeout=60))
    process = _start(env)
    try:
        assert _wait(lambda: len(slack.calls_to("chat.update")) >= 6, 120), process.log()
    finally:
        process.kill()
        gate.set()
    assert 0 < _shows(slack, "Big Meetup, edited") < TALKS + 1
    final = _start(env).wait_ready(120)
    try:
        assert _wait(lambda: _shows(slack, "Big Meetup, edited") == TALKS + 1, 120), (
            f"{_shows(slack, 'Big Meetup, edited')} of {TALKS + 1} messages updated"
        )
    finally:
        assert final.terminate(timeout=60) == 0, final.log()[-3000:]
    assert slack.parts() == EXPECTED  # updated in place: nothing posted again
    assert len(slack.calls_to("chat.postMessage")) == posted


def test_two_processes_on_one_store_post_each_part_once(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    env = _prepare(tmp_path, slack)
    serves = [_start(env), _start(env)]
    try:
        for serve in serves:
            serve.wait_ready(120)
        assert _wait(lambda: _complete_or_duplicated(slack), 120)
        assert _more_scans(serves)  # several more scans of both processes
    finally:
        for serve in serves:
            serve.kill()
    assert slack.parts() == EXPECTED


def test_dry_run_prints_json_lines_and_records_nothing(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    (tmp_path / "posts").mkdir()
    write_post(tmp_path / "posts", "2026-11-14-dry", "Dry", 2)
    write_post(tmp_path / "posts", "2026-11-15-draft", "Draft", 1, extra="draft: true")
    env = _env(tmp_path, slack, token=None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "publish", "--once"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    messages = [line for line in lines if line.get("dry_run")]
    assert [m["metadata"]["event_payload"]["part"] for m in messages] == [
        "announcement",
        "talk-1",
        "talk-2",
    ]
    assert all(m["blocks"] and m["text"] for m in messages)
    assert not slack.calls
    assert not (tmp_path / "m.db").exists()
