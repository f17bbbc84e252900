"""One post catalog (issue 10, "Done once"): the index, the publisher, the preview, `talks
--json` and the logs see the same posts under the same id and the same URL; an upgrade from a
ledger or an index written before the catalog posts nothing twice. Posts are our own writing."""

from __future__ import annotations

import json
import logging
import sqlite3
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import Catalog
from bot.cli import main
from bot.indexer import sync_index
from bot.preview.wiring import make_preview_pages
from bot.publish.factory import build_publisher
from bot.publish.ledger import SEEN
from bot.publish.poster import RetryPolicy
from bot.publish.publisher import LATE_BASELINE, Publisher
from bot.search import search_talks
from bot.settings import Settings, load_settings
from bot.store import open_store
from bot.web.app import WebApp
from tests.browser import serving
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, post_text

SITE = "https://blog.example.com"
POST_ID = "2026/2026-11-20-lantern-night"
POST_URL = f"{SITE}/2026/11/20/lantern-night/"


@pytest.fixture
def settings(
    tmp_path: Path, slack: PublishSlackServer, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    posts = tmp_path / "posts"
    (posts / "2026").mkdir(parents=True)
    env = {
        "MEETUP_POSTS": str(posts),
        "MEETUP_DATABASE_URL": f"sqlite:///{tmp_path / 'meetup.db'}",
        "MEETUP_SITE_URL": SITE,
        "MEETUP_CHANNEL": CHANNEL,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_API_URL": slack.api_url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("MEETUP_PERMALINK", "MEETUP_LANGUAGE", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    return load_settings()


def publisher(settings: Settings) -> Publisher:
    return build_publisher(settings, policy=RetryPolicy(base_delay=0.01, rate_interval=0))


def write(folder: Path, name: str, title: str, talks: int = 2) -> Path:
    path = folder / name
    path.write_text(post_text(title, talks, date="2026-11-20 19:00:00 +0900"), encoding="utf-8")
    return path


def posted_texts(slack: PublishSlackServer) -> list[str]:
    return [
        json.dumps(call.params, ensure_ascii=False) for call in slack.calls_to("chat.postMessage")
    ]


def test_a_mdown_post_is_both_searchable_and_published(
    settings: Settings, slack: PublishSlackServer
) -> None:
    bot = publisher(settings)
    bot.run_once()  # the first run: the baseline (an empty folder)
    write(Path(settings.MEETUP_POSTS) / "2026", "2026-11-20-lantern-night.mdown", "Lantern Night")
    bot.run_once()
    assert len(slack.calls_to("chat.postMessage")) == 3  # the announcement and two talks
    with open_store(settings.MEETUP_DATABASE_URL) as store:
        assert sync_index(store, Catalog.from_settings(settings)).added == 1
        hits = search_talks(store, "Talk number 2").hits
    assert [hit.meetup.post_id for hit in hits] == [POST_ID]


def test_one_id_and_one_url_in_ledger_index_preview_talks_json_and_logs(
    settings: Settings,
    slack: PublishSlackServer,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    bot = publisher(settings)
    bot.run_once()
    write(Path(settings.MEETUP_POSTS) / "2026", "2026-11-20-lantern-night.md", "Lantern Night")
    with caplog.at_level(logging.INFO, logger="bot.publish"):
        bot.run_once()
    assert list(bot.ledger.posts()) == [POST_ID]
    logged = {record.post for record in caplog.records if hasattr(record, "post")}
    assert logged == {POST_ID}
    assert all(POST_URL in text for text in posted_texts(slack)[:1])

    assert main(["talks", "lantern", "--json"]) == 0
    meetup = json.loads(capsys.readouterr().out)["meetup"]
    assert (meetup["post_id"], meetup["url"]) == (POST_ID, POST_URL)
    assert main(["talks", POST_ID, "--json"]) == 0  # the id selects it again
    assert json.loads(capsys.readouterr().out)["meetup"]["post_id"] == POST_ID

    with serving(WebApp(make_preview_pages(settings).routes())) as base:
        index = _get(base + "/")
        page = _get(base + "/posts/" + POST_ID)
        found = _get(base + "/?q=number")
    assert f'href="/posts/{POST_ID}"' in index
    assert f'href="/posts/{POST_ID}#talk-' in found
    assert "Lantern Night" in page and POST_URL in page


def test_changing_the_site_url_updates_the_indexed_urls(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(Path(settings.MEETUP_POSTS) / "2026", "2026-11-20-lantern-night.md", "Lantern Night")
    with open_store(settings.MEETUP_DATABASE_URL) as store:
        sync_index(store, Catalog.from_settings(settings))
        assert store.list_meetups()[0].url == POST_URL
        monkeypatch.setenv("MEETUP_SITE_URL", "https://new.example.org")
        report = sync_index(store, Catalog.from_settings(load_settings()))
        assert report.changed == 1  # the file did not change; its URL did
        assert store.list_meetups()[0].url == "https://new.example.org/2026/11/20/lantern-night/"
        assert sync_index(store, Catalog.from_settings(load_settings())).parsed == 0


def test_an_upgrade_from_a_ledger_written_before_the_catalog_posts_nothing_twice(
    settings: Settings, slack: PublishSlackServer
) -> None:
    posts = Path(settings.MEETUP_POSTS)
    write(posts, "2026-11-01-old.md", "Old Night")
    bot = publisher(settings)
    bot.run_once()  # the baseline
    write(posts / "2026", "2026-11-20-lantern-night.markdown", "Lantern Night")
    bot.run_once()  # published the way the bot always did: keyed by path without suffix
    sent = len(slack.calls_to("chat.postMessage"))
    assert sent == 3
    # What a bot before the catalog leaves: its ledger has no record of the late suffixes
    # (it never read them), while a .mdown post sat on the blog unpublished.
    database = settings.MEETUP_DATABASE_URL.removeprefix("sqlite:///")
    with sqlite3.connect(database) as conn:
        conn.execute("DELETE FROM publish_meta WHERE key = ?", (LATE_BASELINE,))
    write(posts, "2024-05-05-archived.mdown", "Archived Night")
    write(posts, "2024-06-06-archived.mkd", "Archived Too")

    upgraded = publisher(settings)
    upgraded.run_once()
    upgraded.run_once()
    assert len(slack.calls_to("chat.postMessage")) == sent  # nothing posted twice, nor old posts
    records = upgraded.ledger.posts()
    assert set(records) == {
        "2026-11-01-old",
        POST_ID,
        "2024-05-05-archived",
        "2024-06-06-archived",
    }
    assert records["2024-05-05-archived"].state == SEEN
    assert records["2024-06-06-archived"].state == SEEN

    write(posts, "2026-11-21-fresh.mdown", "Fresh Night", talks=1)
    upgraded.run_once()  # after the upgrade, a new .mdown post goes out as any other
    assert len(slack.calls_to("chat.postMessage")) == sent + 2


def test_an_index_written_before_the_catalog_is_rebuilt_under_the_catalog_ids(
    settings: Settings,
) -> None:
    write(Path(settings.MEETUP_POSTS) / "2026", "2026-11-20-lantern-night.md", "Lantern Night")
    database = settings.MEETUP_DATABASE_URL.removeprefix("sqlite:///")
    with sqlite3.connect(database) as conn:  # schema 4: posts named by slug, files by path
        conn.executescript(
            "CREATE TABLE files (file_key TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,"
            " sha256 TEXT, post_id TEXT);"
            "INSERT INTO files VALUES ('2026/2026-11-20-lantern-night.md', 1, 1, 'x',"
            " 'lantern-night');"
            "PRAGMA user_version=4;"
        )
    with open_store(settings.MEETUP_DATABASE_URL) as store:
        assert store.file_fingerprints() == {}
        assert sync_index(store, Catalog.from_settings(settings)).added == 1
        assert [m.post_id for m in store.list_meetups()] == [POST_ID]


def test_two_files_of_one_id_are_one_post(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write(tmp_path, "night.markdown", "Night (markdown)")
    write(tmp_path, "night.md", "Night")
    write(tmp_path, "night.mdown", "Night (mdown)")
    catalog = Catalog(tmp_path)
    with caplog.at_level(logging.WARNING, logger="bot.posts"):
        files = catalog.files()
        catalog.files()
    assert [(item.post_id, item.path.name) for item in files] == [("night", "night.md")]
    left_out = [record.getMessage() for record in caplog.records]
    assert len(left_out) == 2  # each file left out said once, with the file kept
    assert all("night.md is the post night" in line for line in left_out)


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        body: Any = response.read()
    return str(body.decode("utf-8"))
