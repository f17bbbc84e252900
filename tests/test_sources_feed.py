"""Feed sources against a real local HTTP server: conditional GET, a changed, a removed and a
new entry, a broken feed, HTTP errors, an unknown host and a slow server; the fixture feeds
(ours) give the same talks as markdown posts. Clocks are injected; nothing sleeps."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from bot.observability import SOURCE_READS
from bot.publish.ledger import DELETED, SEEN
from tests.feed_server import Feed, FeedServer, atom, talks_html
from tests.slack_faults import PublishSlackServer
from tests.sources_harness import SourceBot

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
ENTRY = "tag:blog.example,2026:entry-{}"


def entries(*numbers: int, extra: str = "") -> bytes:
    return atom(
        [
            (ENTRY.format(n), f"Meetup {n}", talks_html(f"alice{n}", f"bob{n}") + extra)
            for n in numbers
        ]
    )


def bot(tmp: Path, slack: PublishSlackServer, sources: str, **env: str) -> SourceBot:
    return SourceBot(tmp, slack, MEETUP_SOURCES=sources, MEETUP_FEED_INTERVAL="60", **env)


def reads(outcome: str) -> float:
    return SOURCE_READS.labels(kind="feed", outcome=outcome)._value.get()


def test_first_read_is_a_baseline_then_each_new_entry_is_posted_once(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    feeds.feeds["/feed"] = Feed(entries(2, 1))
    b = bot(tmp_path, slack, feeds.url("/feed"))
    b.scan()
    assert b.announced() == []  # what the feed had is on the blog already
    ids = b.post_ids()
    assert len(ids) == 2 and all(i.startswith("127.0.0.1-") and ":" in i for i in ids)
    assert all(b.record(i).state == SEEN for i in ids)

    feeds.feeds["/feed"] = Feed(entries(3, 2, 1))
    b.scan()  # not due yet: the feed's interval has not passed
    assert b.announced() == []
    b.advance(60)
    b.scan()
    new = next(i for i in b.post_ids() if i not in ids)
    assert b.announced() == [new]
    assert b.slack.message(new, "talk-1").text  # the talks went out as their own messages
    b.advance(60)
    b.scan()
    b.restart()
    b.advance(60)
    b.scan()
    assert b.announced() == [new]


def test_an_unchanged_feed_costs_one_conditional_get_and_no_parsing(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    feeds.feeds["/feed"] = Feed(entries(2, 1))
    b = bot(tmp_path, slack, feeds.url("/feed"))
    b.scan()
    assert b.index().parsed == 2
    parsed, not_modified = reads("parsed"), reads("not_modified")
    b.advance(60)
    report = b.scan()
    again = feeds.to("/feed")[1:]
    assert len(again) == 1 and again[0].status == 304
    assert again[0].headers["if-none-match"].startswith('"')
    assert again[0].headers["if-modified-since"]
    assert reads("not_modified") == not_modified + 1 and reads("parsed") == parsed
    assert report.read == 0  # no post file was read by the publisher
    assert b.index().parsed == 0


def test_a_server_without_etag_sending_the_same_feed_is_not_parsed_again(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    feeds.feeds["/feed"] = Feed(entries(1), etag=False)
    b = bot(tmp_path, slack, feeds.url("/feed"))
    b.scan()
    parsed = reads("parsed")
    b.advance(60)
    assert b.scan().read == 0
    assert reads("parsed") == parsed
    assert feeds.to("/feed")[1].headers["if-modified-since"]


def test_an_edited_entry_updates_its_messages(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    feeds.feeds["/feed"] = Feed(entries(1))
    b = bot(tmp_path, slack, feeds.url("/feed"))
    b.scan()
    feeds.feeds["/feed"] = Feed(entries(2, 1))
    b.advance(60)
    b.scan()
    new = b.announced()[0]
    feeds.feeds["/feed"] = Feed(entries(2, 1, extra="<h3>@carol さん A late addition</h3>"))
    b.advance(60)
    b.scan()
    assert b.announced() == [new]  # the same post, not a second one
    assert slack.calls_to("chat.update")  # its announcement now counts three talks
    assert "carol" in json.dumps(slack.message(new, "talk-3").blocks)


def test_an_entry_that_leaves_the_feed_stays_published_and_is_not_posted_again(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    feeds.feeds["/feed"] = Feed(entries(1))
    b = bot(tmp_path, slack, feeds.url("/feed"))
    b.scan()
    feeds.feeds["/feed"] = Feed(entries(2, 1))
    b.advance(60)
    b.scan()
    new = b.announced()[0]
    feeds.feeds["/feed"] = Feed(entries(3))  # 1 and 2 fell off the feed's window
    b.advance(60)
    b.scan()
    assert b.record(new).state != DELETED
    assert new in b.post_ids()
    feeds.feeds["/feed"] = Feed(entries(3, 2, 1))
    b.advance(60)
    b.scan()
    assert sorted(b.announced()) == sorted([new, next(i for i in b.post_ids() if "entry-3" in i)])


@pytest.mark.parametrize(
    ("feed", "says"),
    [
        (Feed(b"<html><body>Moved to our new blog!</body></html>", "text/html"), "not a feed"),
        (Feed(b'{"hello": 1}', "application/json"), "not a feed"),
        (Feed(b"gone", status=404), "HTTP 404"),
        (Feed(b"oops", status=500), "HTTP 500"),
    ],
    ids=["html", "json-not-feed", "404", "500"],
)
def test_a_broken_feed_keeps_what_was_read_retries_with_backoff_and_degrades_health(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer, feed: Feed, says: str
) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    feeds.feeds["/feed"] = Feed(entries(1))
    b = bot(tmp_path, slack, f"{posts} {feeds.url('/feed')}")
    b.scan()
    kept = [i for i in b.post_ids() if ":" in i]
    feeds.feeds["/feed"] = feed
    asked = len(feeds.to("/feed"))
    waits = []
    for _ in range(3):
        b.advance(10_000)
        b.scan()
        state = b.sources.states[1]
        waits.append(state.due - b.now)
    assert len(feeds.to("/feed")) == asked + 3
    assert waits == sorted(waits) and waits[0] < waits[-1]  # backoff: longer each time
    assert says in b.sources.states[1].last_error
    assert any(says in reason for reason in b.sources.degraded_reasons())
    assert [i for i in b.post_ids() if ":" in i] == kept
    assert b.record(kept[0]).state == SEEN  # not taken as deleted
    from tests.slack_faults import write_post

    write_post(posts, "2026-12-01-folder", "Folder Meetup", 1)  # the other source goes on
    b.scan()
    assert b.announced() == ["2026-12-01-folder"]
    feeds.feeds["/feed"] = Feed(entries(1))
    b.advance(10_000)
    b.scan()
    assert b.sources.degraded_reasons() == []
    assert b.announced() == ["2026-12-01-folder"]


def test_an_unknown_host_fails_without_stopping_the_other_feed(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    feeds.feeds["/feed"] = Feed(entries(1))
    b = bot(tmp_path, slack, f"http://feed.invalid/atom {feeds.url('/feed')}")
    b.scan()
    dead, alive = b.sources.states
    assert dead.failures == 1 and "cannot reach it" in dead.last_error
    assert alive.failures == 0 and len(b.post_ids()) == 1


def test_a_slow_server_times_out_and_the_other_feed_is_read(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    gate = threading.Event()
    feeds.feeds["/slow"] = Feed(entries(7), hold=gate)
    feeds.feeds["/feed"] = Feed(entries(1))
    b = bot(
        tmp_path, slack, f"{feeds.url('/slow')} {feeds.url('/feed')}", MEETUP_SOURCE_TIMEOUT="0.5"
    )
    b.scan()
    gate.set()
    slow, fast = b.sources.states
    assert slow.failures == 1 and "timed out" in slow.last_error
    assert fast.failures == 0 and [i for i in b.post_ids() if "entry-1" in i]


def test_the_hatena_style_atom_fixture_gives_the_talks_a_markdown_post_would(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    feeds.feeds["/feed"] = Feed((FIXTURES / "hatena-atom.xml").read_bytes())
    b = bot(tmp_path, slack, feeds.url("/feed"))
    b.scan()
    posts = {b.catalog.read(item.path).title: item for item in b.catalog.files()}
    item = posts["Observability 夜会 #7 に参加しました"]
    post = b.catalog.read(item.path)
    assert [(t.speaker, t.title) for t in post.talks] == [
        ("@mori_sre", "OpenTelemetry Collector を一年運用して"),
        ("@akane_dev", "ログに trace_id を入れるだけで世界が変わる"),
        ("Yuto", None),
    ]
    assert post.talks[0].slides_url == "https://speakerdeck.example/mori/otel-collector"
    assert post.event_url == "https://o11y-yakai.connpass.example/event/707/"
    assert post.impressions and post.talks_posted and post.language == "ja"
    url = "https://nozomi-notes.hatenablog.example/entry/2026/11/21/224000"
    assert b.catalog.url(post, item.path) == url
    assert item.post_id == "127.0.0.1-" + feeds.url("/feed").split(":")[2].replace("/", "-") + (
        ":entry-6802418398300000001-243445ad"
    )
    assert b.index().ok
    assert not b.catalog.read(posts["読書メモ: 分散システムの本"].path).talks_posted


def test_the_rss_fixture_with_summaries_only_links_to_the_full_post(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    feeds.feeds["/rss"] = Feed((FIXTURES / "rss-summaries.xml").read_bytes(), "application/rss+xml")
    b = bot(tmp_path, slack, feeds.url("/rss"))
    b.scan()
    found = {b.catalog.read(i.path).title: i for i in b.catalog.files()}
    item = found["Rust Nights #3: async, embedded and a quiz"]
    post = b.catalog.read(item.path)
    assert [t.speaker for t in post.talks] == ["@lena_rs", "@ohno_embedded", "Priya"]
    assert post.talks[0].title == "Pin without tears"
    text = item.path.read_text(encoding="utf-8")
    assert "[Read the full post](https://reports.example.org/2026/12/rust-nights-3/)" in text
    assert b.catalog.url(post, item.path) == "https://reports.example.org/2026/12/rust-nights-3/"


def test_a_json_feed_is_read_and_its_backfill_posts_on_purpose(
    tmp_path: Path, slack: PublishSlackServer, feeds: FeedServer
) -> None:
    items = [
        {
            "id": f"https://json.example/{n}",
            "url": f"https://json.example/{n}",
            "title": f"JSON Meetup {n}",
            "date_published": f"2026-11-0{n}T19:00:00+09:00",
            "content_html": talks_html(f"dana{n}", f"eve{n}"),
        }
        for n in (2, 1)
    ]
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()
    feeds.feeds["/feed.json"] = Feed(body, "application/feed+json")
    b = bot(tmp_path, slack, feeds.url("/feed.json"))
    b.scan()
    assert b.announced() == []
    b.publisher.run_once(b.now, backfill=1)
    newest = next(i for i in b.post_ids() if ":json.example-2-" in i)
    assert b.announced() == [newest]
