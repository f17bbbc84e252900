"""Symbolic links in MEETUP_POSTS are never followed (issue 10, item 1): whatever they point to
(a file or a folder, outside or in, relative or absolute, through a chain of links), nothing is
read through them: not indexed, not published, not previewed. Each skipped link is logged once
per process, however many syncs, scans and page views walk the folder."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.indexer import sync_index
from bot.preview.source import PostFolder
from bot.publish.ledger import open_ledger
from bot.publish.poster import Poster, RetryPolicy, make_client
from bot.publish.publisher import PublishConfig, Publisher
from bot.search import search_talks
from bot.store import open_store
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, write_post

SECRET = "Outside Secret Meetup"


def _links(tmp: Path) -> tuple[Path, list[str]]:
    """posts/ with one real post and links of every shape; the names of the post-like links."""
    outside, posts = tmp / "outside", tmp / "posts"
    for folder in (outside, posts / "sub", outside / "nested"):
        folder.mkdir(parents=True, exist_ok=True)
    write_post(outside, "2026-11-20-secret", SECRET, 2)
    write_post(outside / "nested", "2026-11-21-deep-secret", SECRET, 1)
    links = {
        "passwd-link.md": "/etc/passwd",
        "abs-link.md": str(outside / "2026-11-20-secret.md"),
        "rel-link.markdown": "../outside/2026-11-20-secret.md",
        "hop.txt": "../outside/2026-11-20-secret.md",
        "chain.md": "hop.txt",
        "sub/deep.md": "../../outside/2026-11-20-secret.md",
        "sub/inside-copy.md": "../2026-11-14-real.md",  # inside: still a second copy, skipped
        "dangling.md": "../outside/none.md",
        "folder-rel": "../outside",
        "folder-abs": str(outside / "nested"),
        "loop": ".",
    }
    write_post(posts, "2026-11-14-real", "Real Meetup", 2)
    for name, target in links.items():
        (posts / name).symlink_to(target)
    shown = [n for n in links if n.endswith((".md", ".markdown")) or n.startswith("folder")]
    return posts, [*shown, "loop"]


def _publisher(tmp: Path, slack: PublishSlackServer) -> Publisher:
    policy = RetryPolicy(base_delay=0.01, rate_interval=0, jitter=lambda top: top)
    poster = Poster(make_client(TOKEN, slack.api_url, timeout=5), policy, sleep=lambda s: None)
    ledger = open_ledger(f"sqlite:///{tmp / 'ledger.db'}")
    return Publisher(ledger, poster, PublishConfig(CHANNEL), Catalog(tmp / "posts"))


def test_links_are_never_read_indexed_published_or_previewed(
    tmp_path: Path, slack: PublishSlackServer, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "posts").mkdir()
    publisher = _publisher(tmp_path, slack)
    publisher.run_once(time.time())  # the baseline: an empty folder
    posts, link_names = _links(tmp_path)
    store = open_store(f"sqlite:///{tmp_path / 'index.db'}")
    caplog.set_level(logging.INFO)
    for _ in range(3):  # syncs, scans and page views: the links are logged once all the same
        report = sync_index(store, Catalog(posts))
        publisher.run_once(time.time())
        listed = [loaded.post_id for loaded in PostFolder(Catalog(posts)).posts()]
    assert report.ok and report.unchanged == 1, report.errors
    assert sorted(store.file_fingerprints()) == ["2026-11-14-real"]
    assert search_talks(store, "point").total == 2  # the real post's two talks, no more
    assert set(slack.parts()) == {
        ("2026-11-14-real", p) for p in ("announcement", "talk-1", "talk-2")
    }
    assert "root:" not in str(slack.calls) and SECRET not in str(slack.calls)
    assert listed == ["2026-11-14-real"]
    assert (
        PostFolder(Catalog(posts)).find("passwd-link") is None
        and PostFolder(Catalog(posts)).find("chain") is None
    )
    skipped = [r.getMessage() for r in caplog.records if "symbolic link" in r.getMessage()]
    for name in link_names:
        assert sum(f"{name} ->" in line for line in skipped) == 1, (name, skipped)
    assert len(skipped) == len(link_names), skipped
    store.close()


def test_the_posts_folder_itself_may_be_a_link(tmp_path: Path) -> None:
    real = tmp_path / "site" / "_posts"
    real.mkdir(parents=True)
    write_post(real, "2026-11-14-real", "Real Meetup", 1)
    (tmp_path / "posts").symlink_to(real)
    store = open_store(f"sqlite:///{tmp_path / 'index.db'}")
    report = sync_index(store, Catalog(tmp_path / "posts"))
    assert report.added == 1 and [
        p.post_id for p in PostFolder(Catalog(tmp_path / "posts")).posts()
    ]
    store.close()
