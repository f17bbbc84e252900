"""An unsure talk list goes out as the announcement alone: real publisher, real SQLite ledger,
the local Slack Web API server over HTTP.

The detector decides `talks_posted`; here the publisher is given a parse that reads the file
with the real parser and then takes the detector's verdict as "unsure" for detected talks (the
seam `Catalog(parse=...)`), so the test does not depend on which posts the detector doubts.
Talks listed in the front matter are never doubted. Clocks are injected; nothing is slept.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import replace
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.model import Post
from bot.observability import JsonFormatter
from bot.parser import read_post
from bot.publish.ledger import open_ledger
from bot.publish.poster import Poster, RetryPolicy, make_client
from bot.publish.publisher import PublishConfig, Publisher
from bot.publish.status import publication_status
from bot.site_url import Site
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, post_text

NOW = time.time()
NOT_LISTED = "The talks are not listed here: read the full post for them."


def unsure_parse(path: Path) -> Post:
    """The real parse, with the detector doubting every detected talk list."""
    post = read_post(path)
    if post.talks_from == "front_matter":
        return post
    return replace(post, confidence=0.42, talks_posted=False)


class Harness:
    def __init__(self, tmp: Path, slack: PublishSlackServer) -> None:
        self.posts = tmp / "posts"
        self.posts.mkdir()
        self.db = f"sqlite:///{tmp / 'meetup.db'}"
        self.slack = slack
        self.ledger = open_ledger(self.db)
        self.sure = False
        self.sleeps: list[float] = []

    def scan(self) -> None:
        policy = RetryPolicy(base_delay=0.01, rate_interval=0, jitter=lambda top: top)
        poster = Poster(
            make_client(TOKEN, self.slack.api_url, timeout=5), policy, sleep=self.sleeps.append
        )
        config = PublishConfig(CHANNEL, "thread")
        site = Site("https://blog.example", "/:title/", "plain", self.posts)
        catalog = Catalog(self.posts, site, parse=read_post if self.sure else unsure_parse)
        Publisher(open_ledger(self.db), poster, config, catalog).run_once(NOW)

    def write(self, name: str, talks: int, extra: str = "") -> Path:
        path = self.posts / f"{name}.md"
        path.write_text(post_text("Fog Ops Night", talks, extra=extra), encoding="utf-8")
        return path

    def posted(self) -> int:
        return len(self.slack.calls_to("chat.postMessage"))


@pytest.fixture
def h(tmp_path: Path, slack: PublishSlackServer) -> Harness:
    harness = Harness(tmp_path, slack)
    harness.scan()  # first run: the baseline (nothing to post)
    return harness


def test_unsure_post_makes_exactly_one_message_and_logs_why(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    h.write("2026-09-18-fog", 3)
    with caplog.at_level(logging.INFO, logger="bot.publish"):
        h.scan()
    assert h.posted() == 1
    assert h.slack.parts() == {("2026-09-18-fog", "announcement"): 1}
    announcement = h.slack.message("2026-09-18-fog", "announcement")
    shown = json.dumps(announcement.blocks, ensure_ascii=False)
    assert NOT_LISTED in shown and "https://blog.example/fog/" in shown
    assert "Talk number" not in shown
    held = [r for r in caplog.records if "only the announcement" in r.getMessage()]
    assert len(held) == 1
    line = json.loads(JsonFormatter().format(held[0]))
    assert line["post"] == "2026-09-18-fog" and line["confidence"] == 0.42
    assert "0.42" in line["msg"] and line["level"] == "WARNING"
    [status] = [s for s in publication_status(h.ledger, NOW) if s.post_id == "2026-09-18-fog"]
    assert status.state == "published"
    h.scan()
    assert h.posted() == 1 and not h.slack.calls_to("chat.update")


def test_listing_the_talks_in_front_matter_then_posts_them_in_the_thread(h: Harness) -> None:
    h.write("2026-09-18-fog", 2)
    h.scan()
    assert h.posted() == 1
    listed = (
        "talks:\n"
        "  - speaker: '@speaker1'\n    title: Talk number 1\n"
        "  - speaker: '@speaker2'\n    title: Talk number 2\n"
    )
    h.write("2026-09-18-fog", 2, extra=listed.rstrip("\n"))
    h.scan()
    assert h.posted() == 3
    parent = h.slack.message("2026-09-18-fog", "announcement")
    [update] = h.slack.calls_to("chat.update")
    assert update.params["ts"] == parent.ts
    assert NOT_LISTED not in json.dumps(parent.blocks) and "Talk number 2" in str(parent.blocks)
    for number in (1, 2):
        reply = h.slack.message("2026-09-18-fog", f"talk-{number}")
        assert reply.thread_ts == parent.ts
        assert f"point one of talk {number}" in str(reply.blocks)


def test_talks_posted_earlier_are_left_alone_when_the_list_turns_unsure(h: Harness) -> None:
    h.sure = True
    h.write("2026-09-18-fog", 2)
    h.scan()
    assert h.posted() == 3
    h.sure = False
    h.write("2026-09-18-fog", 3)
    h.scan()
    assert h.posted() == 3  # no talk message it does not believe, and none said "removed"
    [update] = h.slack.calls_to("chat.update")
    assert update.params["ts"] == h.slack.message("2026-09-18-fog", "announcement").ts
    assert NOT_LISTED in json.dumps(h.slack.message("2026-09-18-fog", "announcement").blocks)
    assert "removed" not in h.slack.message("2026-09-18-fog", "talk-2").text
