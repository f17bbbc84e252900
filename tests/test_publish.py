"""Auto-publishing against the fake Slack Web API (real HTTP) and a real SQLite ledger.

Clocks are injected (`now` of each scan); sleeps are recorded, never slept; no timing asserted.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.publish.ledger import SEEN, open_ledger
from bot.publish.poster import Poster, RetryPolicy, make_client
from bot.publish.publisher import PublishConfig, Publisher
from bot.publish.status import health_reason, publication_status
from bot.site_url import Site
from tests.slack_api_server import Fault
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, store_then_drop, write_post

NOW = time.time()


class Harness:
    def __init__(self, tmp: Path, slack: PublishSlackServer, layout: str = "thread") -> None:
        self.posts = tmp / "posts"
        self.posts.mkdir(exist_ok=True)
        self.catalog = Catalog(self.posts, Site("https://blog.example", "/:title/", "plain", tmp))
        self.db = f"sqlite:///{tmp / 'meetup.db'}"
        self.slack, self.sleeps = slack, []
        self.ledger = open_ledger(self.db)
        self.publisher = self.make(layout)

    def make(self, layout: str = "thread", token: str = TOKEN) -> Publisher:
        policy = RetryPolicy(base_delay=0.01, rate_interval=0, jitter=lambda top: top)
        poster = Poster(
            make_client(token, self.slack.api_url, timeout=5), policy, sleep=self.sleeps.append
        )
        config = PublishConfig(CHANNEL, layout)
        return Publisher(open_ledger(self.db), poster, config, self.catalog)

    def scan(self, now: float = NOW, **kwargs: object) -> object:
        return self.publisher.run_once(now, **kwargs)

    def posted(self) -> int:
        return len(self.slack.calls_to("chat.postMessage"))


@pytest.fixture
def h(tmp_path: Path, slack: PublishSlackServer) -> Harness:
    harness = Harness(tmp_path, slack)
    write_post(harness.posts, "2026-10-01-old-meetup", "Old Meetup", 3)
    harness.scan()  # first run: the baseline
    return harness


def test_first_run_posts_nothing_and_records_existing_posts(h: Harness) -> None:
    assert h.posted() == 0
    assert h.ledger.get_post("2026-10-01-old-meetup").state == SEEN  # type: ignore[union-attr]
    h.scan()
    assert h.posted() == 0


def test_new_post_announcement_then_one_reply_per_talk_exactly_once(h: Harness) -> None:
    write_post(h.posts, "2026-11-14-new", "New Meetup", 3)
    h.scan()
    parts = h.slack.parts()
    assert parts == {
        ("2026-11-14-new", p): 1 for p in ("announcement", "talk-1", "talk-2", "talk-3")
    }
    parent = h.slack.message("2026-11-14-new", "announcement")
    assert parent.thread_ts is None
    for number in (1, 2, 3):
        assert h.slack.message("2026-11-14-new", f"talk-{number}").thread_ts == parent.ts
    assert "https://blog.example/new/" in str(parent.blocks)
    h.scan()
    h.make().run_once(NOW)  # a restarted process
    assert h.posted() == 4
    [status] = [s for s in publication_status(h.ledger, NOW) if s.post_id == "2026-11-14-new"]
    assert status.state == "published" and status.ts == parent.ts and status.channel == CHANNEL
    assert status.permalink and parent.ts.replace(".", "") in status.permalink


def test_flat_layout_posts_everything_in_the_channel(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    h = Harness(tmp_path, slack, layout="flat")
    h.scan()
    write_post(h.posts, "2026-11-14-flat", "Flat Meetup", 2)
    h.scan()
    assert h.posted() == 3
    assert all(m.thread_ts is None for m in slack.messages[CHANNEL])


def test_drafts_are_never_posted(h: Harness) -> None:
    write_post(h.posts, "2026-11-14-draft", "Draft", 2, extra="draft: true")
    write_post(h.posts, "2026-11-15-unpublished", "Unpublished", 2, extra="published: false")
    h.scan()
    h.scan(NOW + 86400 * 365)
    assert h.posted() == 0
    states = {s.post_id: s.state for s in publication_status(h.ledger, NOW)}
    assert states["2026-11-14-draft"] == states["2026-11-15-unpublished"] == "draft"


def test_future_post_is_held_then_posted_when_its_time_comes(h: Harness) -> None:
    write_post(h.posts, "2030-01-01-future", "Future", 1, date="2030-01-01 10:00:00 +0000")
    due = 1893492000.0  # 2030-01-01T10:00:00Z
    h.scan(due - 60)
    assert h.posted() == 0
    [status] = [s for s in publication_status(h.ledger, due - 60) if s.state == "scheduled"]
    assert status.date.startswith("2030-01-01T10:00")
    h.scan(due + 1)  # no file change: the clock alone makes it due
    assert h.slack.parts() == {
        ("2030-01-01-future", "announcement"): 1,
        ("2030-01-01-future", "talk-1"): 1,
    }


def test_edit_updates_in_place_and_whitespace_changes_nothing(h: Harness) -> None:
    path = write_post(h.posts, "2026-11-14-edit", "Edit Me", 2)
    h.scan()
    path.write_text(path.read_text().replace("---\n\n", "---\n\n\n\n") + "\n\n")
    h.scan()
    assert h.posted() == 3 and not h.slack.calls_to("chat.update")
    path.write_text(path.read_text().replace("point one of talk 2", "a corrected point"))
    h.scan()
    assert h.posted() == 3
    [update] = h.slack.calls_to("chat.update")
    assert update.params["ts"] == h.slack.message("2026-11-14-edit", "talk-2").ts
    assert "a corrected point" in str(h.slack.message("2026-11-14-edit", "talk-2").blocks)


def test_talk_added_gets_a_reply_and_removed_talk_says_so(h: Harness) -> None:
    write_post(h.posts, "2026-11-14-grow", "Grow", 2)
    h.scan()
    write_post(h.posts, "2026-11-14-grow", "Grow", 3)
    h.scan()
    assert h.slack.parts()[("2026-11-14-grow", "talk-3")] == 1
    assert h.posted() == 4
    path = h.posts / "2026-11-14-grow.md"
    text = path.read_text()
    path.write_text(text[: text.index("## @speaker2")] + text[text.index("## @speaker3") :])
    h.scan()
    assert h.posted() == 4
    assert "removed" in h.slack.message("2026-11-14-grow", "talk-2").text
    assert "Talk number 3" in str(h.slack.message("2026-11-14-grow", "talk-3").blocks)


def test_rate_limited_waits_retry_after_then_posts_once(h: Harness) -> None:
    h.slack.inject("chat.postMessage", Fault.ratelimited(7))
    write_post(h.posts, "2026-11-14-rl", "Rate Limited", 1)
    h.scan()
    assert 7.0 in h.sleeps
    assert sum(h.slack.parts().values()) == 2


def test_server_error_is_retried_with_backoff(h: Harness) -> None:
    h.slack.inject("chat.postMessage", Fault.server_error(), Fault.server_error())
    write_post(h.posts, "2026-11-14-500", "Server Error", 1)
    h.scan()
    assert h.slack.parts() == {
        ("2026-11-14-500", "announcement"): 1,
        ("2026-11-14-500", "talk-1"): 1,
    }
    assert h.sleeps[:2] == [0.01, 0.02]  # exponential (jitter pinned to its top)


def test_dropped_connection_after_slack_stored_it_is_not_posted_twice(h: Harness) -> None:
    h.slack.inject("chat.postMessage", store_then_drop(), Fault.drop(), store_then_drop())
    write_post(h.posts, "2026-11-14-trap", "Duplicate Trap", 2)
    h.scan()
    assert h.slack.parts() == {
        ("2026-11-14-trap", p): 1 for p in ("announcement", "talk-1", "talk-2")
    }
    assert h.slack.calls_to("conversations.history") and h.slack.calls_to("conversations.replies")
    h.scan()
    assert sum(h.slack.parts().values()) == 3


def test_gives_up_after_the_limit_and_posts_on_a_later_scan(h: Harness) -> None:
    h.slack.inject("chat.postMessage", *[Fault.server_error()] * 5)
    write_post(h.posts, "2026-11-14-down", "Slack Down", 1)
    h.scan()
    assert h.slack.parts() == {}
    assert "Slack unreachable" in (health_reason(h.ledger) or "")
    h.scan()
    assert sum(h.slack.parts().values()) == 2 and health_reason(h.ledger) is None


@pytest.mark.parametrize(
    "error", ["invalid_auth", "channel_not_found", "not_in_channel", "is_archived"]
)
def test_fatal_error_stops_logs_one_line_then_recovers(
    h: Harness, error: str, caplog: pytest.LogCaptureFixture
) -> None:
    h.slack.inject("chat.postMessage", Fault.api_error(error), Fault.api_error(error))
    write_post(h.posts, "2026-11-14-a", "A", 1)
    write_post(h.posts, "2026-11-14-b", "B", 1)
    with caplog.at_level(logging.ERROR, logger="bot.publish"):
        h.scan()
        h.scan()
    stops = [r for r in caplog.records if "publishing stopped" in r.getMessage()]
    assert len(stops) == 1 and error in stops[0].getMessage()
    assert h.slack.parts() == {}
    assert error in (health_reason(h.ledger) or "")
    h.scan()  # the fix is made (no more faults)
    assert set(h.slack.parts().values()) == {1} and len(h.slack.parts()) == 4
    assert health_reason(h.ledger) is None


def test_a_refused_message_keeps_its_post_pending_and_others_go_out(h: Harness) -> None:
    h.slack.inject("chat.postMessage", Fault.api_error("msg_too_long"))
    write_post(h.posts, "2026-11-14-a", "A", 1)
    write_post(h.posts, "2026-11-14-b", "B", 1)
    h.scan()
    assert len(h.slack.parts()) == 2
    assert "msg_too_long" in (health_reason(h.ledger) or "")
    h.scan()
    assert len(h.slack.parts()) == 4 and set(h.slack.parts().values()) == {1}


def test_a_post_that_fails_to_parse_is_logged_and_others_published(
    h: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    (h.posts / "2026-11-14-broken.md").write_bytes(b"\x00\x01binary")
    (h.posts / "2026-11-14-badyaml.md").write_text("---\ntitle: [unclosed\n---\n\n## a b\n")
    write_post(h.posts, "2026-11-14-good", "Good", 1)
    with caplog.at_level(logging.WARNING, logger="bot.publish"):
        h.scan()
    assert {p for p, _ in h.slack.parts()} == {"2026-11-14-good"}
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "2026-11-14-broken.md" in logged and "2026-11-14-badyaml.md" in logged


def test_deleted_post_leaves_its_messages_alone(h: Harness) -> None:
    path = write_post(h.posts, "2026-11-14-gone", "Gone", 1)
    h.scan()
    path.unlink()
    h.scan()
    assert h.posted() == 2 and not h.slack.calls_to("chat.update") and len(h.slack.parts()) == 2


def test_backfill_posts_the_newest_n_on_purpose(tmp_path: Path, slack: PublishSlackServer) -> None:
    h = Harness(tmp_path, slack)
    for day in (1, 2, 3):
        write_post(
            h.posts, f"2026-10-0{day}-m{day}", f"M{day}", 1, date=f"2026-10-0{day} 19:00:00 +0000"
        )
    h.scan()
    assert h.posted() == 0
    h.scan(backfill=2)
    assert {p for p, _ in slack.parts()} == {"2026-10-02-m2", "2026-10-03-m3"}
    h.scan(backfill=2)
    assert h.posted() == 4


def test_two_replicas_starting_together_post_nothing_old(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    """Replica B reads the (still empty) post list, then replica A runs its whole first scan,
    then B goes on: B must still treat the existing post as old, not as new."""
    harness = Harness(tmp_path, slack)
    write_post(harness.posts, "2026-10-01-old-meetup", "Old Meetup", 3)
    replica_a = harness.make()
    replica_b = harness.make()
    real_posts = replica_b.ledger.posts

    def posts_then_a_scans():  # type: ignore[no-untyped-def]
        seen = real_posts()
        replica_b.ledger.posts = real_posts  # type: ignore[method-assign]
        replica_a.run_once(NOW)
        return seen

    replica_b.ledger.posts = posts_then_a_scans  # type: ignore[method-assign]
    replica_b.run_once(NOW)
    assert harness.posted() == 0
    assert harness.ledger.get_post("2026-10-01-old-meetup").state == SEEN  # type: ignore[union-attr]


def test_replicas_share_each_channels_message_interval(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    """Two replicas publishing two posts to one channel at once: together they keep to one
    message per interval (their waits are recorded, not slept)."""
    from bot.publish.factory import shared_send_slots

    harness = Harness(tmp_path, slack)
    harness.scan()  # the baseline
    replicas = []
    for sleeps in ([], []):
        ledger = open_ledger(harness.db)
        policy = RetryPolicy(rate_interval=1.0)
        client = make_client(TOKEN, slack.api_url, timeout=5)
        poster = Poster(client, policy, sleep=sleeps.append, reserve=shared_send_slots(ledger))
        replicas.append(
            (Publisher(ledger, poster, PublishConfig(CHANNEL), harness.catalog), sleeps)
        )
    write_post(harness.posts, "2026-11-14-first", "First", 1)
    replicas[0][0].run_once(NOW)
    write_post(harness.posts, "2026-11-15-second", "Second", 1)
    replicas[1][0].run_once(NOW)
    assert harness.posted() == 4
    first_waits, second_waits = replicas[0][1], replicas[1][1]
    assert len(first_waits) == 1 and 0.5 < first_waits[0] <= 1.0  # its second message
    # The second replica's messages queue behind the first's two: ~2 s, then ~3 s.
    assert len(second_waits) == 2 and 1.5 < second_waits[0] <= 2.0 < second_waits[1] <= 3.0
