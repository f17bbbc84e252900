"""The catalog: the one list of the posts of every source, each with its id and its public URL.

The search index (bot/indexer.py), the publisher (bot/publish/) and the preview page
(bot/preview/) all take their posts from a `Catalog`; nothing else walks the folder.

- Where posts are: one `Shelf` per source of MEETUP_SOURCES (bot/sources/): a folder of
  markdown files, the source's own for a local folder, kept under MEETUP_DATA_DIR for a git
  repository or a feed. A shelf whose folder is not there yet (a source never read) is left out,
  and its posts already known are kept (`unread`), never taken as deleted.
- Which files are posts: the regular files under the folder whose suffix is one of
  POST_SUFFIXES, found and read by bot/postfiles.py (never through a link, never blocking).
- A post's id: its source's prefix (`KEY:`; none for the posts folder of old, so its ids are as
  they always were) and its path inside the folder without the suffix (`_posts/2026-10-03-night`,
  `example.hatenablog.com-feed:hatenablog-entry-4207`). It is
  the publication ledger's key, the search index's post id, the preview's `/posts/ID`, the
  `post_id` of `talks --json` and the `post` field of log records. When two files share an id
  (`night.md` and `night.markdown`) the first suffix of POST_SUFFIXES wins and the other file is
  left out (logged once).
- A post's URL: from the Jekyll or Hugo site the folder sits in, else MEETUP_SITE_URL +
  MEETUP_PERMALINK (bot/site_url.py), else the post's own `url:` front matter (a feed entry's
  link: feeds have no site).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

import words
from bot.model import Post
from bot.postfiles import ONCE, parse_post_bytes, read_bytes, walk_files
from bot.settings import Settings
from bot.site_url import Site, find_site, post_url
from bot.sources.spec import FEED, FOLDER, SourceSpec

log = logging.getLogger("bot.posts")

POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
LATE_SUFFIXES = frozenset({".mdown", ".mkd"})
"""Suffixes the publisher reads since the catalog (the index always did): a post already there
when a bot upgrades is recorded as existing, not announced (bot/publish/publisher.py)."""
Parse = Callable[[Path], Post]
"""How a post file becomes a Post (a test may pass another real parse of the file)."""


@dataclass(frozen=True)
class PostFile:
    """A post file of the folder, with its stat fingerprint."""

    post_id: str
    """The post's id: its shelf's prefix and its path inside the folder without the suffix."""
    file: str | os.PathLike[str]
    """The file (a string from the walk: its `path` is made when first read)."""
    mtime_ns: int
    size: int
    source: str = ""
    """Its shelf's prefix ("" for the posts folder of old)."""

    @cached_property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def late(self) -> bool:
        """Whether its suffix is one the publisher did not read before the catalog."""
        return self.path.suffix.lower() in LATE_SUFFIXES


def _own_url(post: Post) -> str | None:
    """The post's own absolute `url:` front matter (a feed entry's link)."""
    own = post.extra.get("url")
    return own if isinstance(own, str) and own.startswith(("https://", "http://")) else None


def post_id_of(relative: str) -> str:
    """The post id of a file's POSIX path inside the folder (`a/b.md` -> `a/b`)."""
    return PurePosixPath(relative).with_suffix("").as_posix()


@dataclass(frozen=True)
class Shelf:
    """One source's folder of posts, as the catalog reads it."""

    folder: Path
    prefix: str = ""
    """What the ids of its posts start with (`KEY:`); "" for the posts folder of old."""
    site: Site | None = None
    local: bool = True
    """A folder of the operator's (its absence is a mistake), not one the bot fetches into."""

    def ready(self) -> bool:
        """Whether its folder is there (a fetched source: read at least once)."""
        return self.folder.is_dir()


def shelf_of(spec: SourceSpec, settings: Settings) -> Shelf:
    """The shelf of one source of the settings."""
    folder = spec.folder(settings.MEETUP_DATA_DIR)
    site = None
    if spec.kind != FEED:  # a feed entry's URL is its own link
        site = find_site(folder, settings.MEETUP_SITE_URL, settings.MEETUP_PERMALINK)
    return Shelf(folder, spec.prefix, site, local=spec.kind == FOLDER)


class Catalog:
    """The posts of one folder (`folder`) or of several sources' shelves (`shelves`), with the
    site their URLs are made from."""

    def __init__(
        self,
        folder: Path | str | None = None,
        site: Site | None = None,
        parse: Parse | None = None,
        *,
        shelves: Sequence[Shelf] = (),
    ):
        self.shelves = list(shelves) or [Shelf(Path(folder or "."), "", site)]
        self._parse = parse

    @classmethod
    def from_settings(cls, settings: Settings) -> Catalog:
        return cls(shelves=[shelf_of(spec, settings) for spec in settings.source_specs()])

    @property
    def folder(self) -> Path:
        """The first source's folder (the posts folder of old, when it is a folder)."""
        return self.shelves[0].folder

    def files(self) -> list[PostFile]:
        """Every post file of every shelf that is there, in id order (one per post id)."""
        found = [item for shelf in self.shelves for item in self._shelf_files(shelf)]
        return sorted(found, key=lambda item: item.post_id)

    def _shelf_files(self, shelf: Shelf) -> list[PostFile]:
        chosen: dict[str, tuple[int, PostFile]] = {}
        for found in walk_files(shelf.folder, POST_SUFFIXES):
            post_id = shelf.prefix + found.key[: -len(found.suffix)]  # post_id_of, quicker
            item = PostFile(post_id, found.file, found.mtime_ns, found.size, shelf.prefix)
            rank = POST_SUFFIXES.index(found.suffix)
            other = chosen.get(item.post_id)
            if other is not None:
                kept, left = (other, (rank, item)) if other[0] < rank else ((rank, item), other)
                self._left_out(left[1], kept[1])
                chosen[item.post_id] = kept
            else:
                chosen[item.post_id] = (rank, item)
        return [item for _, item in chosen.values()]

    def shelf_for_id(self, post_id: str) -> Shelf | None:
        """The shelf a post id belongs to (by its prefix), if any."""
        named = [s for s in self.shelves if s.prefix and post_id.startswith(s.prefix)]
        plain = [s for s in self.shelves if not s.prefix]
        return next(iter(named or plain), None)

    def unread(self, post_id: str) -> bool:
        """True when the post's source is configured but its folder is not there now: what is
        known of its posts is kept (not taken as deleted)."""
        shelf = self.shelf_for_id(post_id)
        return shelf is not None and not shelf.ready()

    def find(self, post_id: str) -> PostFile | None:
        """The file of the post with this id, if there is one."""
        shelf = self.shelf_for_id(post_id)
        if shelf is None or ".." in post_id.split("/"):
            return None
        return next((f for f in self._shelf_files(shelf) if f.post_id == post_id), None)

    def _shelf_for_path(self, path: Path) -> Shelf | None:
        inside = [s for s in self.shelves if path.is_relative_to(s.folder)]
        return max(inside, key=lambda s: len(s.folder.parts), default=None)

    def post_id(self, path: Path) -> str | None:
        """The id of the post in this file of a shelf; None for a file outside them."""
        shelf = self._shelf_for_path(path)
        if shelf is None:
            return None
        return shelf.prefix + post_id_of(path.relative_to(shelf.folder).as_posix())

    def read(self, path: Path, data: bytes | None = None) -> Post:
        """The post in this file (`data`: its bytes, when already read); PostError when it
        cannot be read or parsed."""
        if self._parse is not None:
            return self._parse(path)
        return parse_post_bytes(read_bytes(path) if data is None else data, path)

    def url(self, post: Post, path: Path) -> str | None:
        """The post's public URL (what the announcement links to)."""
        shelf = self._shelf_for_path(path)
        return post_url(shelf.site if shelf else None, post, path) or post.url or _own_url(post)

    @property
    def url_rule(self) -> str:
        """A digest of what the URLs depend on besides the posts (the sites), so that derived
        data holding URLs can tell it is stale."""
        rules = []
        for shelf in self.shelves:
            site = shelf.site
            rule = "" if site is None else f"{site.kind} {site.base} {site.permalink!r}"
            rules.append(f"{shelf.prefix}{rule}" if shelf.prefix else rule)
        return hashlib.sha256("\n".join(rules).encode()).hexdigest()[:16]

    def _left_out(self, item: PostFile, kept: PostFile) -> None:
        if ONCE.first("same-id", str(item.path)):
            left, chose = item.path.name, kept.path.name
            log.warning(
                words.said("post.same_id", post=item.post_id, left=left, kept=chose),
                extra={"post": item.post_id, "file": left},
            )
