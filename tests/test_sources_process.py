"""A feed added to a real `meetup-bot serve` (restarted with it in MEETUP_SOURCES): its first
read posts nothing, its next new entry goes out on the next poll, each part exactly once
through kill -9 at random points and restarts; a feed that breaks makes /healthz degraded; the
GitHub webhook fetches a git source and posts the push.

Every wait is on a condition (a call reaching the fake Slack, a request reaching the feed
server, /healthz), never on a fixed sleep; no time is asserted."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
from pathlib import Path

from tests.feed_server import Feed, FeedServer, atom, talks_html
from tests.serve_process import Serve, wait_until
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, store_then_drop, write_post
from tests.test_sources_git import Blog

ROOT = Path(__file__).resolve().parents[1]
TALKS = 12


def feed(*numbers: int) -> Feed:
    speakers = [f"speaker{n}" for n in range(1, TALKS + 1)]
    return Feed(
        atom([(f"urn:test:entry-{n}", f"Feed Meetup {n}", talks_html(*speakers)) for n in numbers])
    )


def env(tmp: Path, slack: PublishSlackServer, sources: str | None) -> dict[str, str]:
    values = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MEETUP_"))}
    values.update(
        SLACK_API_URL=slack.api_url,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET="test-signing-secret-0123456789abcdef",
        MEETUP_CHANNEL=CHANNEL,
        MEETUP_POSTS=str(tmp / "posts"),
        MEETUP_DATA_DIR=str(tmp / "data"),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp / 'm.db'}",
        MEETUP_POLL_INTERVAL="0.2",
        MEETUP_FEED_INTERVAL="0.3",
        MEETUP_SOURCE_TIMEOUT="5",
        MEETUP_MESSAGE_INTERVAL="0",
        PYTHONPATH=str(ROOT),
    )
    if sources:
        values["MEETUP_SOURCES"] = sources
    return values


def feed_read(serve: Serve) -> bool:
    """The feed source was read at least once (/healthz lists each source's last read)."""
    health = serve.request("/healthz").json()
    return any(s["kind"] == "feed" and s["last_read"] for s in health.get("sources", []))


def feed_parts(slack: PublishSlackServer) -> dict[tuple[str, str], int]:
    return {key: n for key, n in slack.parts().items() if ":" in key[0]}


def test_a_feed_added_to_a_running_bot_posts_its_next_entry_once_through_kill_9(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    (tmp_path / "posts").mkdir()
    write_post(tmp_path / "posts", "2026-10-01-existing", "Existing", 1)
    feeds.feeds["/feed"] = feed(1)
    with Serve(env(tmp_path, slack, None)) as folder_only:
        assert wait_until(lambda: folder_only.request("/healthz").json().get("sources"), 60)
    assert not slack.calls_to("chat.postMessage")  # first run: a baseline

    sources = f"{tmp_path / 'posts'} {feeds.url('/feed')}"
    with Serve(env(tmp_path, slack, sources)) as added:
        assert wait_until(lambda: feed_read(added), 60), added.log()[-3000:]
        asked = len(feeds.to("/feed"))
        assert wait_until(lambda: len(feeds.to("/feed")) >= asked + 3, 60)  # polled on its clock
        assert not slack.calls_to("chat.postMessage")  # the feed's first read: a baseline

    feeds.feeds["/feed"] = feed(2, 1)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    for round_number in range(3):
        before = len(slack.calls_to("chat.postMessage"))
        slack.inject("chat.postMessage", *[store_then_drop()] * rng.randint(0, 1))
        process = Serve(env(tmp_path, slack, sources))
        target = before + rng.randint(1, 5)
        reached = wait_until(
            lambda t=target: (
                len(slack.calls_to("chat.postMessage")) >= t or len(feed_parts(slack)) == TALKS + 1
            ),
            120,
        )
        process.kill()
        assert reached, f"seed {seed}, round {round_number}:\n{process.log()[-3000:]}"
        with slack.lock:
            slack.faults.clear()
    with Serve(env(tmp_path, slack, sources)) as final:
        assert wait_until(lambda: len(feed_parts(slack)) == TALKS + 1, 120), final.log()[-3000:]
        asked = len(feeds.to("/feed"))
        assert wait_until(lambda: len(feeds.to("/feed")) >= asked + 3, 60)  # more polls: quiet
        health = final.request("/healthz").json()
    parts = feed_parts(slack)
    assert set(parts.values()) == {1}, f"seed {seed}: {parts}"
    (post_id,) = {post for post, _ in parts}
    assert post_id.startswith("127.0.0.1-") and "entry-2" in post_id
    assert health["status"] == "ok"


def test_a_feed_that_breaks_makes_healthz_degraded_and_the_folder_still_publishes(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    (tmp_path / "posts").mkdir()
    feeds.feeds["/feed"] = feed(1)
    sources = f"{tmp_path / 'posts'} {feeds.url('/feed')}#interval=0.05"
    with Serve(env(tmp_path, slack, sources)) as serve:
        assert wait_until(lambda: feed_read(serve), 60), serve.log()[-3000:]
        feeds.feeds["/feed"] = Feed(b"<html>not a feed</html>", "text/html")

        def degraded() -> bool:
            return serve.request("/healthz").json()["status"] == "degraded"

        assert wait_until(degraded, 120), serve.log()[-3000:]
        reason = serve.request("/healthz").json()["reason"]
        assert "not a feed" in reason and "127.0.0.1" in reason
        write_post(tmp_path / "posts", "2026-12-01-local", "Local Meetup", 1)
        assert wait_until(lambda: ("2026-12-01-local", "announcement") in slack.parts(), 60)


def test_the_github_webhook_fetches_a_git_source_and_posts_the_push(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    blog = Blog(tmp_path)
    blog.post("2026-10-01-first", "First Meetup")
    values = env(tmp_path, slack, blog.url)
    values |= {"MEETUP_POLL_INTERVAL": "3600", "MEETUP_WEBHOOK_SECRET": "webhook-secret-42"}
    with Serve(values) as serve:

        def cloned() -> bool:
            found = serve.request("/healthz").json().get("sources", [])
            return bool(found and found[0]["last_read"])

        assert wait_until(cloned, 60), serve.log()[-3000:]
        blog.post("2026-11-01-pushed", "Pushed Meetup")
        body = json.dumps({"ref": "refs/heads/main"}).encode()
        digest = hmac.new(b"webhook-secret-42", body, hashlib.sha256).hexdigest()
        headers = {
            "X-GitHub-Event": "push",
            "X-Hub-Signature-256": f"sha256={digest}",
            "Content-Type": "application/json",
        }
        answer = serve.request("/webhooks/github", method="POST", body=body, headers=headers)
        assert answer.status == 202  # the next poll is an hour away: the webhook fetches
        assert wait_until(
            lambda: any(p.endswith(":2026-11-01-pushed") for p, _ in slack.parts()), 60
        ), serve.log()[-3000:]
    announced = [post for post, part in slack.parts() if part == "announcement"]
    assert len(announced) == 1 and announced[0].endswith(":2026-11-01-pushed")
