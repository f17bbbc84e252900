"""The catalog: the one list of the posts in MEETUP_POSTS, each with its id and its public URL.

The search index (bot/indexer.py), the publisher (bot/publish/) and the preview page
(bot/preview/) all take their posts from a `Catalog`; nothing else walks the folder.

- Which files are posts: the regular files under the folder whose suffix is one of
  POST_SUFFIXES, found and read by bot/postfiles.py (never through a link, never blocking).
- A post's id: its path inside the folder without the suffix (`_posts/2026-10-03-night`). It is
  the publication ledger's key, the search index's post id, the preview's `/posts/ID`, the
  `post_id` of `talks --json` and the `post` field of log records. When two files share an id
  (`night.md` and `night.markdown`) the first suffix of POST_SUFFIXES wins and the other file is
  left out (logged once).
- A post's URL: from the Jekyll or Hugo site the folder sits in, else MEETUP_SITE_URL +
  MEETUP_PERMALINK (bot/site_url.py), else the post's own `url:` front matter.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import words
from bot.model import Post
from bot.postfiles import ONCE, parse_post_bytes, read_bytes, walk_files
from bot.settings import Settings
from bot.site_url import Site, find_site, post_url

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
    """The post's id: its path inside the folder without the suffix."""
    path: Path
    mtime_ns: int
    size: int

    @property
    def late(self) -> bool:
        """Whether its suffix is one the publisher did not read before the catalog."""
        return self.path.suffix.lower() in LATE_SUFFIXES


def post_id_of(relative: str) -> str:
    """The post id of a file's POSIX path inside the folder (`a/b.md` -> `a/b`)."""
    return PurePosixPath(relative).with_suffix("").as_posix()


class Catalog:
    """The posts of one folder, with the site their URLs are made from."""

    def __init__(self, folder: Path | str, site: Site | None = None, parse: Parse | None = None):
        self.folder, self.site, self._parse = Path(folder), site, parse

    @classmethod
    def from_settings(cls, settings: Settings) -> Catalog:
        folder = Path(settings.MEETUP_POSTS)
        site = find_site(folder, settings.MEETUP_SITE_URL, settings.MEETUP_PERMALINK)
        return cls(folder, site)

    def files(self) -> list[PostFile]:
        """Every post file, in path order (one per post id)."""
        chosen: dict[str, tuple[int, PostFile]] = {}
        for found in walk_files(self.folder, POST_SUFFIXES):
            item = PostFile(post_id_of(found.key), found.path, found.mtime_ns, found.size)
            rank = POST_SUFFIXES.index(found.path.suffix.lower())
            other = chosen.get(item.post_id)
            if other is not None:
                kept, left = (other, (rank, item)) if other[0] < rank else ((rank, item), other)
                self._left_out(left[1], kept[1])
                chosen[item.post_id] = kept
            else:
                chosen[item.post_id] = (rank, item)
        return sorted((item for _, item in chosen.values()), key=lambda item: item.post_id)

    def find(self, post_id: str) -> PostFile | None:
        """The file of the post with this id, if there is one."""
        if ".." in post_id.split("/"):
            return None
        return next((item for item in self.files() if item.post_id == post_id), None)

    def post_id(self, path: Path) -> str | None:
        """The id of the post in this file of the folder; None for a file outside it."""
        try:
            return post_id_of(path.relative_to(self.folder).as_posix())
        except ValueError:
            return None

    def read(self, path: Path, data: bytes | None = None) -> Post:
        """The post in this file (`data`: its bytes, when already read); PostError when it
        cannot be read or parsed."""
        if self._parse is not None:
            return self._parse(path)
        return parse_post_bytes(read_bytes(path) if data is None else data, path)

    def url(self, post: Post, path: Path) -> str | None:
        """The post's public URL (what the announcement links to)."""
        return post_url(self.site, post, path) or post.url

    @property
    def url_rule(self) -> str:
        """A digest of what the URLs depend on besides the posts (the site), so that derived
        data holding URLs can tell it is stale."""
        site = self.site
        rule = "" if site is None else f"{site.kind} {site.base} {site.permalink!r}"
        return hashlib.sha256(rule.encode()).hexdigest()[:16]

    def _left_out(self, item: PostFile, kept: PostFile) -> None:
        if ONCE.first("same-id", str(item.path)):
            left, chose = item.path.name, kept.path.name
            log.warning(
                words.said("post.same_id", post=item.post_id, left=left, kept=chose),
                extra={"post": item.post_id, "file": left},
            )
