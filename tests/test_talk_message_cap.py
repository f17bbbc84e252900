"""A post with many talks takes at most MEETUP_MAX_TALK_MESSAGES messages after its
announcement (issue 10, item 4; default 30): past it, the first talks get their own message and
the last message lists the rest, numbered as in the post, with the link to the full post. The
publisher, the dry run, the preview page, `preview` and `check` agree."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.publish.ledger import open_ledger
from bot.publish.poster import Poster, RetryPolicy, make_client
from bot.publish.publisher import PublishConfig, Publisher
from bot.site_url import Site
from formatters import check_message
from tests.fixtures_slack import blocks_text
from tests.serve_process import ROOT, Serve, clean_env, wait_until
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, write_post

POST_ID = "2026-11-14-huge"
POST_URL = "https://blog.example/huge/"


@pytest.fixture
def slack() -> Iterator[PublishSlackServer]:
    with PublishSlackServer() as server:
        yield server


def _publisher(tmp: Path, slack: PublishSlackServer, cap: int | None = None) -> Publisher:
    policy = RetryPolicy(base_delay=0.01, rate_interval=0, jitter=lambda top: top)
    poster = Poster(make_client(TOKEN, slack.api_url, timeout=5), policy, sleep=lambda s: None)
    config = PublishConfig(CHANNEL)
    if cap is not None:
        config.max_talk_messages = cap
    ledger = open_ledger(f"sqlite:///{tmp / 'ledger.db'}")
    site = Site("https://blog.example", "/:title/", "plain", tmp)
    return Publisher(ledger, poster, config, Catalog(tmp / "posts", site))


def _texts(slack: PublishSlackServer) -> dict[str, str]:
    """Each part of the post: what its message shows."""
    with slack.lock:
        stored = list(slack.messages.get(CHANNEL, []))
    return {
        str(m.metadata["event_payload"]["part"]): m.text + "\n" + blocks_text({"blocks": m.blocks})
        for m in stored
        if m.metadata and m.metadata["event_payload"].get("post_id") == POST_ID
    }


def test_a_post_with_200_talks_is_posted_as_30_messages_after_its_announcement(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    (tmp_path / "posts").mkdir()
    publisher = _publisher(tmp_path, slack)
    publisher.run_once(time.time())  # the baseline
    write_post(tmp_path / "posts", POST_ID, "Huge Meetup", 200)
    publisher.run_once(time.time())
    parts = _texts(slack)
    assert len(parts) == 31 and len(slack.calls_to("chat.postMessage")) == 31
    assert {f"talk-{n}" for n in range(1, 30)} < set(parts) and "talk-30" not in parts
    [last] = [text for name, text in parts.items() if not name.startswith(("talk-", "announce"))]
    assert "171 more talks" in last and POST_URL in last
    assert "Talk number 30" in last and "Talk number 29" not in last
    publisher.run_once(time.time())  # nothing changed: nothing more is sent
    assert len(slack.calls_to("chat.postMessage")) == 31 and not slack.calls_to("chat.update")


def test_an_edit_across_the_cap_updates_in_place(tmp_path: Path, slack: PublishSlackServer) -> None:
    (tmp_path / "posts").mkdir()
    publisher = _publisher(tmp_path, slack, cap=5)
    publisher.run_once(time.time())
    write_post(tmp_path / "posts", POST_ID, "Huge Meetup", 12)
    publisher.run_once(time.time())
    before = _texts(slack)
    assert len(before) == 6  # the announcement, talks 1-4, the rest (5-12)
    write_post(tmp_path / "posts", POST_ID, "Huge Meetup", 3)  # now under the cap
    publisher.run_once(time.time())
    after = _texts(slack)
    assert set(after) == set(before) and len(slack.calls_to("chat.postMessage")) == 6
    gone = [name for name, text in after.items() if "removed" in text.lower()]
    assert len(gone) == 2, after  # talk-4 and the list of the rest say they are gone
    write_post(tmp_path / "posts", POST_ID, "Huge Meetup", 40)  # over it again
    publisher.run_once(time.time())
    final = _texts(slack)
    assert len(final) == 6 and "36 more talks" in "\n".join(final.values())
    for message in slack.calls_to("chat.postMessage") + slack.calls_to("chat.update"):
        assert check_message(message.params) == [], message.params


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_preview_and_check_show_the_cap(tmp_path: Path) -> None:
    path = write_post(tmp_path, POST_ID, "Huge Meetup", 200)
    previewed = _cli("preview", str(path), "--language", "en")
    assert previewed.returncode == 0, previewed.stderr
    assert len(json.loads(previewed.stdout)) == 31
    smaller = _cli("preview", str(path), MEETUP_MAX_TALK_MESSAGES="5")
    assert len(json.loads(smaller.stdout)) == 6
    checked = _cli("check", str(path), "--language", "en")
    assert checked.returncode == 0, checked.stderr
    assert "29 talks get their own message" in checked.stdout
    assert "the other 171 are listed in the last one" in checked.stdout
    as_json = json.loads(_cli("check", str(path), "--json", MEETUP_MAX_TALK_MESSAGES="5").stdout)
    assert as_json["capped"] == {"max_talk_messages": 5, "own_messages": 4, "listed_in_last": 196}
    bad = _cli("preview", str(path), MEETUP_MAX_TALK_MESSAGES="0")
    assert bad.returncode == 1 and "MEETUP_MAX_TALK_MESSAGES" in bad.stderr


def test_the_dry_run_and_the_preview_page_follow_the_setting(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    write_post(posts, POST_ID, "Huge Meetup", 50)
    env = clean_env(
        MEETUP_POSTS=str(posts),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'meetup.db'}",
        MEETUP_MAX_TALK_MESSAGES="8",
        MEETUP_LANGUAGE="en",
    )
    with Serve(env) as serve:
        assert wait_until(lambda: len(serve.dry_messages()) >= 9, 30)
        page = serve.request(f"/posts/{POST_ID}")
    assert len(serve.dry_messages()) == 9
    assert "7 talks get their own message" in page.text and "43 more talks" in page.text
