"""The posts folder as the preview page sees it: every post of the catalog, re-read when its
file changes.

A post's id on the page (`/posts/ID`) is its catalog id (bot/catalog.py: `2026-10-03-night`,
`_drafts/wip`); `find` also accepts the post's slug, the id older search indexes gave it, so
links from before the catalog keep working.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import words
from bot.catalog import Catalog
from bot.errors import MeetupBotError
from bot.model import Post
from bot.preview.render import PostRow, StatusView
from bot.verdict import verdict_for

StatusOf = Callable[[Post, Path], StatusView]
LanguageOf = Callable[[Post, Path], "str | None"]
"""(post, its file) -> the language its messages are rendered in (None: the post's)."""


@dataclass(frozen=True)
class LoadedPost:
    post_id: str
    path: Path
    post: Post | None
    error: str = ""


def _sort_key(value: date | datetime | None) -> str:
    return "" if value is None else value.isoformat()


def date_label(value: date | datetime | None) -> str:
    if value is None:
        return words.said("preview.no_date")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def local_status(post: Post, path: Path, now: float | None = None) -> StatusView:
    """The state the post itself tells, by the publisher's own rule (`classify`): draft,
    scheduled for its date, or due (shown as pending: no ledger is consulted here)."""
    from bot.publish.scan import classify

    state, due = classify(post, time.time() if now is None else now)
    if state == "draft":
        return StatusView("draft", words.said("status.draft"))
    if state == "scheduled" and due is not None:
        return StatusView("scheduled", words.said("status.scheduled", when=_local_time(due)))
    return StatusView("pending", words.said("status.not_published"))


def _local_time(moment: float) -> str:
    return datetime.fromtimestamp(moment).astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()


class PostFolder:
    """The posts of a folder, parsed lazily and cached by (mtime, size): edits show on reload."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._cache: dict[Path, tuple[int, int, LoadedPost]] = {}
        self._lock = threading.Lock()

    def load(self, post_id: str, path: Path) -> LoadedPost:
        """The post at `path`, parsed again only when the file changed."""
        try:
            stat = path.stat()
        except OSError as error:
            reason = words.said("post.not_readable", path=path.name, reason=error)
            return LoadedPost(post_id, path, None, reason)
        with self._lock:
            cached = self._cache.get(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        try:
            loaded = LoadedPost(post_id, path, self.catalog.read(path))
        except MeetupBotError as error:
            loaded = LoadedPost(post_id, path, None, error.message)
        with self._lock:
            self._cache[path] = (stat.st_mtime_ns, stat.st_size, loaded)
        return loaded

    def posts(self) -> list[LoadedPost]:
        """Every post of the folder, newest first (unreadable ones last)."""
        loaded = [self.load(item.post_id, item.path) for item in self.catalog.files()]
        return sorted(
            loaded,
            key=lambda p: (p.post is not None, _sort_key(p.post.date) if p.post else "", p.post_id),
            reverse=True,
        )

    def find(self, post_id: str) -> LoadedPost | None:
        """The post with this id (its path without suffix), else the one with this slug."""
        found = self.catalog.find(post_id)
        if found is not None:
            return self.load(found.post_id, found.path)
        base = re.sub(r"-\d+$", "", post_id)
        for candidate in (post_id, base):
            for loaded in self.posts():
                if loaded.post is not None and loaded.post.slug == candidate:
                    return loaded
        return None


def post_row(
    loaded: LoadedPost, status_of: StatusOf, language_of: LanguageOf | None = None
) -> PostRow:
    """How the index page lists one post, with the verdict on its talk list."""
    post = loaded.post
    if post is None:
        return PostRow(
            loaded.post_id,
            loaded.path.name,
            "",
            0,
            StatusView("error", words.said("status.unreadable")),
            error=loaded.error,
        )
    return PostRow(
        loaded.post_id,
        post.title,
        date_label(post.date),
        len(post.talks),
        status_of(post, loaded.path),
        verdict=verdict_for(post, language_of(post, loaded.path) if language_of else None),
    )
