"""sync_index: incremental, failure-tolerant sync of a posts folder into the store."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.errors import ConfigError, PostError
from bot.indexer import older_objects_frozen, sync_index
from bot.model import Note, NoteKind, Post, Span, Talk
from bot.search import search_talks
from bot.store import Store, open_store


def toy_parse(path: Path) -> Post:
    """A tiny stand-in parser: `# title`, `date: YYYY-MM-DD`, `draft`, `## speaker | title`,
    `- note`. A file containing BROKEN fails like a bad post."""
    text = path.read_text(encoding="utf-8")
    if "BROKEN" in text:
        raise PostError(f"{path}: front matter is not valid YAML: broken on purpose")
    title, when, draft = path.stem, None, False
    talks: list[Talk] = []
    for line in text.splitlines():
        if line.startswith("# "):
            title = line[2:]
        elif line.startswith("date: "):
            when = date.fromisoformat(line[6:])
        elif line == "draft":
            draft = True
        elif line.startswith("## "):
            speaker, _, name = line[3:].partition(" | ")
            talks.append(Talk(speaker, name, None))
        elif line.startswith("- ") and talks:
            last = talks[-1]
            note = Note(NoteKind.BULLET, (Span(line[2:]),))
            talks[-1] = Talk(last.speaker, last.title, None, (*last.notes, note))
    return Post(title=title, date=when, slug=path.stem, draft=draft, talks=tuple(talks))


class CountingParse:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, path: Path) -> Post:
        self.calls.append(path.name)
        return toy_parse(path)


def write(path: Path, text: str, mtime: int | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, ns=(mtime, mtime))


@pytest.fixture
def posts(tmp_path: Path) -> Path:
    folder = tmp_path / "posts"
    write(folder / "alpha.md", "# Alpha 勉強会\ndate: 2020-01-01\n## @ann | 監視の話\n- Zabbix\n")
    write(folder / "beta.md", "# Beta Night\ndate: 2021-02-02\n## @bob | etcd deep dive\n- raft\n")
    write(folder / "nested" / "gamma.markdown", "# Gamma\ndate: 2019-03-03\n## @cy | cgroup\n")
    write(folder / "notes.txt", "not a post")
    write(folder / ".hidden" / "x.md", "# hidden")
    return folder


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'index.db'}")
    yield s
    s.close()


def found(store: Store, query: str) -> list[str | None]:
    return [hit.talk.speaker for hit in search_talks(store, query).hits]


def test_first_sync_then_restart_parses_nothing(posts: Path, store: Store, tmp_path: Path) -> None:
    parse = CountingParse()
    report = sync_index(store, Catalog(posts, parse=parse))
    assert (report.added, report.changed, report.removed, report.unchanged, report.failed) == (
        3,
        0,
        0,
        0,
        0,
    )
    assert report.ok and report.parsed == 3 and "3 added" in report.summary()
    assert sorted(store.file_fingerprints()) == ["alpha", "beta", "nested/gamma"]
    assert found(store, "監視") == ["@ann"]
    store.close()
    # A restart: new store object on the same file; nothing is parsed.
    with open_store(f"sqlite:///{tmp_path / 'index.db'}") as again:
        parse2 = CountingParse()
        report = sync_index(again, Catalog(posts, parse=parse2))
        assert (report.unchanged, report.parsed, parse2.calls) == (3, 0, [])
        assert found(again, "cgroup") == ["@cy"]


def test_touched_but_same_content_is_not_parsed(posts: Path, store: Store) -> None:
    sync_index(store, Catalog(posts, parse=toy_parse))
    path = posts / "alpha.md"
    os.utime(path, ns=(1, 1))
    parse = CountingParse()
    report = sync_index(store, Catalog(posts, parse=parse))
    assert (report.unchanged, report.changed, parse.calls) == (3, 0, [])
    assert store.file_fingerprints()["alpha"].mtime_ns == 1  # fast path next time


def test_changed_added_removed_touch_only_themselves(posts: Path, store: Store) -> None:
    sync_index(store, Catalog(posts, parse=toy_parse))
    write(posts / "alpha.md", "# Alpha 勉強会\ndate: 2020-01-01\n## @ann | ログ基盤の話\n")
    write(posts / "delta.md", "# Delta\ndate: 2022-01-01\n## @dee | 監視 at scale\n")
    (posts / "beta.md").unlink()
    parse = CountingParse()
    report = sync_index(store, Catalog(posts, parse=parse))
    assert (report.added, report.changed, report.removed, report.unchanged) == (1, 1, 1, 1)
    assert sorted(parse.calls) == ["alpha.md", "delta.md"]
    assert found(store, "監視") == ["@dee"]
    assert found(store, "ログ基盤") == ["@ann"]
    assert found(store, "etcd") == []
    assert found(store, "cgroup") == ["@cy"]


def test_broken_files_are_reported_and_keep_good_data(posts: Path, store: Store) -> None:
    write(posts / "bad.md", "BROKEN")
    report = sync_index(store, Catalog(posts, parse=toy_parse))
    assert report.added == 3 and report.failed == 1
    assert report.errors == [
        f"{posts / 'bad.md'}: front matter is not valid YAML: broken on purpose"
    ]
    # A good post edited into a broken one keeps its old data until fixed.
    write(posts / "alpha.md", "BROKEN again")
    report = sync_index(store, Catalog(posts, parse=toy_parse))
    assert report.failed == 2 and report.changed == 0
    assert found(store, "監視") == ["@ann"]
    write(posts / "alpha.md", "# Alpha\n## @ann | 新しい監視\n")
    report = sync_index(store, Catalog(posts, parse=toy_parse))
    assert report.changed == 1
    assert [h.talk.title for h in search_talks(store, "監視").hits] == ["新しい監視"]


def test_parser_crash_is_a_failure_not_fatal(posts: Path, store: Store) -> None:
    def crashing(path: Path) -> Post:
        if path.name == "beta.md":
            raise RuntimeError("boom")
        return toy_parse(path)

    report = sync_index(store, Catalog(posts, parse=crashing))
    assert report.added == 2 and report.failed == 1
    assert report.errors == ["beta.md: could not be parsed (RuntimeError: boom)"]


def test_drafts_are_recorded_not_searchable(posts: Path, store: Store) -> None:
    write(posts / "draft.md", "# Draft\ndraft\n## @zed | unpublished secret\n")
    parse = CountingParse()
    report = sync_index(store, Catalog(posts, parse=parse))
    assert report.added == 4
    assert found(store, "secret") == []
    assert "draft" in store.file_fingerprints()
    parse.calls.clear()
    sync_index(store, Catalog(posts, parse=parse))
    assert parse.calls == []


UNSURE_POST = """---
title: "Notes from the Tuesday meetup"
date: 2026-11-20
---
We met again at the usual place.

## Scheduling on cgroup v2

Some thoughts about the scheduler and cgroup weights.

## Logging pipelines

We talked about log shipping for a while.
"""
SURE_POST = """---
title: "Container Night"
date: 2026-11-21
---
## @kumo | cgroup v2 の移行

- weights
"""


def test_talks_the_detector_is_unsure_of_are_not_searchable(tmp_path: Path, store: Store) -> None:
    """The real parser is unsure of this post's talk list: its talks were not posted, so no
    search answer (which can be shared into a channel) may show them; the sure post's may."""
    folder = tmp_path / "mixed"
    write(folder / "unsure.md", UNSURE_POST)
    write(folder / "sure.md", SURE_POST)
    sync_index(store, Catalog(folder))
    assert found(store, "cgroup") == ["@kumo"]
    assert found(store, "pipelines") == []
    assert store.get_meetup("unsure") is not None  # the meetup itself is still known


def test_small_batches_give_the_same_result(posts: Path, store: Store) -> None:
    report = sync_index(store, Catalog(posts, parse=toy_parse), batch_size=1)
    assert report.added == 3 and found(store, "etcd") == ["@bob"]


def test_missing_folder_is_a_config_error(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="MEETUP_POSTS"):
        sync_index(store, Catalog(tmp_path / "nope"))


def test_default_parser_is_the_real_one(posts: Path, store: Store) -> None:
    pytest.importorskip("bot.parser", reason="bot.parser is not written yet")
    folder = posts.parent / "real"
    write(
        folder / "2016-05-01-sample.md",
        "---\ntitle: Sample Meetup\ndate: 2016-05-01\n---\n\n## @ann さん 監視の話\n\n* Zabbix\n",
    )
    report = sync_index(store, Catalog(folder))
    assert report.added == 1, report.errors
    assert store.list_meetups()[0].title == "Sample Meetup"


def test_unclosed_front_matter_is_said_once_and_skipped(posts: Path, store: Store) -> None:
    """The bot while serving: a post whose `---` is never closed is one warning (once per file
    version), not a crash, and not a post read as text (issue 10)."""
    folder = posts.parent / "open"
    write(folder / "2016-05-01-good.md", "---\ntitle: Good\n---\n\n## @ann さん 監視の話\n")
    write(folder / "2016-05-02-open.md", "---\ntitle: Open\n\n## @bob さん 監視の話\n")
    report = sync_index(store, Catalog(folder))
    assert (report.added, report.failed) == (1, 1)
    assert report.new_errors == [
        f"{folder / '2016-05-02-open.md'}: the front matter opened by --- on line 1 is never"
        " closed: add a --- line after its last key (or remove the first line if the post has no"
        " front matter)"
    ]
    assert sync_index(store, Catalog(folder)).new_errors == []
    assert [m.title for m in store.list_meetups()] == ["Good"]


def test_a_sync_leaves_older_objects_out_of_the_collector_and_puts_them_back(
    posts: Path, store: Store
) -> None:
    """While a sync runs, what existed before it is frozen (full collector passes do not walk
    every module and class again); afterwards nothing is, even when the sync fails."""
    assert gc.get_freeze_count() == 0
    frozen_while_parsing: list[int] = []
    parse = CountingParse()

    def parse_and_look(path: Path) -> Post:
        frozen_while_parsing.append(gc.get_freeze_count())
        return parse(path)

    sync_index(store, Catalog(posts, parse=parse_and_look))
    assert len(frozen_while_parsing) == 3 and min(frozen_while_parsing) > 1000
    assert gc.get_freeze_count() == 0

    class Stop(BaseException):  # (an interrupt: the sync does not catch it)
        pass

    def interrupted(path: Path) -> Post:
        raise Stop()

    write(posts / "delta.md", "# Delta\ndate: 2022-04-04\n## @dee | new\n")
    with pytest.raises(Stop):
        sync_index(store, Catalog(posts, parse=interrupted))
    assert gc.get_freeze_count() == 0


def test_frozen_blocks_nest_and_overlap_across_threads() -> None:
    """The last block to end unfreezes: not the first, not the inner one."""
    started, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def other_thread() -> None:
        with older_objects_frozen():
            started.set()
            release.wait()

    with older_objects_frozen():
        with older_objects_frozen():
            pass
        seen.append(gc.get_freeze_count())  # the inner block ended: still frozen
        thread = threading.Thread(target=other_thread)
        thread.start()
        started.wait()
    seen.append(gc.get_freeze_count())  # the other thread's block still runs
    release.set()
    thread.join()
    assert seen[0] > 0 and seen[1] > 0
    assert gc.get_freeze_count() == 0


def test_a_cycle_dropped_during_a_frozen_block_is_collected_after_it() -> None:
    holder = _Holder()
    made_before = weakref.ref(holder)
    with older_objects_frozen():
        del holder
        gc.collect()
        assert made_before() is not None  # older objects wait for the block's end
    gc.collect()
    assert made_before() is None


class _Holder:
    """An object in a reference cycle with itself: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self
