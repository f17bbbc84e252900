"""MEETUP_SOURCES and the catalog: how sources are written and refused, source-qualified ids
(two sources never collide), the posts folder's ids exactly as before (an existing ledger posts
nothing again), and each new source's first read as a baseline."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.errors import ConfigError
from bot.publish.ledger import SEEN
from bot.settings import load_settings
from bot.sources.spec import FEED, FOLDER, GIT, SourceSpec, make_key, parse_sources
from tests.slack_faults import PublishSlackServer, write_post
from tests.sources_harness import SourceBot


@pytest.fixture
def slack() -> Iterator[PublishSlackServer]:
    with PublishSlackServer() as server:
        yield server


def test_sources_are_split_on_spaces_commas_and_newlines_and_told_apart() -> None:
    text = """posts, https://nozomi.hatenablog.example/feed#interval=300
    git@github.com:org/blog.git#_posts  file:///srv/blog.git
    https://example.org/blog.git https://example.org/index.xml /srv/other"""
    specs = parse_sources(text, Path("unused"))
    assert [(s.kind, s.key) for s in specs] == [
        (FOLDER, ""),
        (FEED, "nozomi.hatenablog.example-feed"),
        (GIT, "github.com-org-blog.git-_posts"),
        (GIT, "srv-blog.git"),
        (GIT, "example.org-blog.git"),
        (FEED, "example.org-index.xml"),
        (FOLDER, "srv-other"),
    ]
    assert specs[1].interval == 300 and specs[2].subfolder == "_posts"
    assert specs[2].location == "git@github.com:org/blog.git"
    assert parse_sources("git+https://example.org/blog#posts", Path("x"))[0].kind == GIT


def test_unset_sources_is_the_posts_folder_alone() -> None:
    assert parse_sources(None, Path("p")) == [SourceSpec(FOLDER, "p", "")]
    assert parse_sources(" ,\n", Path("p")) == [SourceSpec(FOLDER, "p", "")]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("ftp://example.org/feed", "not a folder, a git repository or a feed URL"),
        ("https://a.example/feed#every=5", "a feed takes #interval=SECONDS"),
        ("https://a.example/feed#interval=0", "a feed takes #interval=SECONDS"),
        ("file:///srv/blog.git#../etc", "must be inside the repository"),
        ("posts#drafts", "a folder takes no #"),
        ("posts https://a.example/feed https://A.example/feed", "the same source as"),
    ],
)
def test_a_wrong_source_is_refused_naming_it(value: str, says: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"MEETUP_SOURCES": value})
    assert str(error.value).startswith("MEETUP_SOURCES: ") and says in str(error.value)


def test_keys_are_readable_and_never_hold_the_id_separator() -> None:
    assert (
        make_key("https://user:pw@Example.org:8080/a b/feed?x=1") == "example.org-8080-a-b-feed-x-1"
    )
    assert ":" not in make_key("git@github.com:org/blog.git")


def test_two_sources_with_the_same_paths_do_not_collide(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        folder.mkdir()
        write_post(folder, "2026-10-01-night", f"Night in {folder.name}", 1)
    b = SourceBot(tmp_path, slack, MEETUP_SOURCES=f"{one}\n{two}")
    key = make_key(str(two))
    assert b.post_ids() == ["2026-10-01-night", f"{key}:2026-10-01-night"]
    titles = [b.catalog.read(b.catalog.find(i).path).title for i in b.post_ids()]
    assert titles == ["Night in one", "Night in two"]
    assert b.catalog.post_id(two / "2026-10-01-night.md") == f"{key}:2026-10-01-night"


def test_the_posts_folder_keeps_its_ids_and_an_old_ledger_posts_nothing_again(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    posts, more = tmp_path / "posts", tmp_path / "more"
    posts.mkdir()
    more.mkdir()
    write_post(posts, "2026-10-01-old", "Old Meetup", 1)
    old = SourceBot(tmp_path, slack, MEETUP_POSTS=str(posts))
    old.scan()
    write_post(posts, "2026-10-02-published", "Published Meetup", 1)
    old.scan()
    assert old.announced() == ["2026-10-02-published"]
    before = old.post_ids()
    # the same ledger, now with MEETUP_SOURCES: the posts folder first, then a new folder
    write_post(more, "2026-09-01-elsewhere", "Elsewhere", 1)
    new = SourceBot(tmp_path, slack, MEETUP_SOURCES=f"{posts} {more}")
    assert (
        [i for i in new.post_ids() if ":" not in i]
        == before
        == [
            "2026-10-01-old",
            "2026-10-02-published",
        ]
    )
    new.scan()
    assert new.announced() == ["2026-10-02-published"]  # nothing posted twice
    elsewhere = f"{make_key(str(more))}:2026-09-01-elsewhere"
    assert new.record(elsewhere).state == SEEN  # the new source's first read: a baseline
    write_post(more, "2026-12-01-fresh", "Fresh", 1)
    new.scan()
    assert new.announced() == ["2026-10-02-published", f"{make_key(str(more))}:2026-12-01-fresh"]


def test_a_missing_posts_folder_is_still_a_config_error_for_the_index(tmp_path: Path) -> None:
    from bot.indexer import sync_index
    from bot.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'i.db'}")
    try:
        with pytest.raises(ConfigError):
            sync_index(store, Catalog(tmp_path / "nowhere"))
    finally:
        store.close()


def test_a_folder_source_that_goes_away_keeps_its_posts_and_index_rows(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    posts, more = tmp_path / "posts", tmp_path / "more"
    posts.mkdir()
    more.mkdir()
    write_post(more, "2026-09-01-elsewhere", "Elsewhere", 1)
    b = SourceBot(tmp_path, slack, MEETUP_SOURCES=f"{posts} {more}")
    b.scan()
    assert b.index().added == 1
    more.rename(tmp_path / "unmounted")
    b.advance(60)
    b.scan()
    elsewhere = f"{make_key(str(more))}:2026-09-01-elsewhere"
    assert b.record(elsewhere).state == SEEN
    assert b.index().removed == 0
    assert "not a folder" in b.sources.states[1].last_error


def test_a_token_in_a_source_url_is_never_shown() -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"MEETUP_SOURCES": "posts https://x-token:s3cret@example.org/feed#every=1"})
    assert "s3cret" not in str(error.value) and "https://***@example.org/feed" in str(error.value)
    specs = parse_sources("https://bot:s3cret@git.example/blog.git", Path("p"))
    assert "s3cret" not in specs[0].key and specs[0].location.endswith("@git.example/blog.git")
