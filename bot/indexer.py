"""Keep the search index in line with the posts of the catalog (bot/catalog.py), incrementally.

A file whose mtime and size are unchanged is not read; one whose content hash is unchanged is
not parsed; only added or changed files are parsed, and only their own rows are rewritten.
A post is indexed under its catalog id, with its catalog URL; when what URLs are made from
changes (the site config, MEETUP_SITE_URL, MEETUP_PERMALINK) every post is indexed again.
A file that fails to parse is reported and leaves whatever the store had for it untouched;
so do the posts of a source whose folder is not there now (bot/catalog.py `unread`).
Drafts are recorded (so they are not re-parsed) but not searchable.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import words
from bot.catalog import Catalog, PostFile
from bot.errors import ConfigError, MeetupBotError
from bot.model import Post
from bot.postfiles import first_failure, read_bytes
from bot.store.base import Change, DeleteFile, Fingerprint, PutPost, Store, TouchFile

BATCH_SIZE = 500
"""Changes written per transaction."""
URL_RULE = "url_rule"
"""The store note holding the catalog's `url_rule` the indexed URLs were made with."""


@dataclass
class SyncReport:
    """What one sync did. `errors` has one line per file that failed."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    new_errors: list[str] = field(default_factory=list)
    """The `errors` of file versions not reported before in this process (what to log)."""
    parsed: int = 0
    """Files parsed (0 when nothing changed)."""
    parse_seconds: float = 0.0
    """Time spent in the parser (the rest is file I/O and the store)."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def fail(self, found: PostFile, line: str) -> None:
        """The file could not be read or parsed (said once per file version: `new_errors`)."""
        self.failed += 1
        self.errors.append(line)
        if first_failure(found.path, found.mtime_ns, found.size):
            self.new_errors.append(line)

    def summary(self) -> str:
        return (
            f"index: {self.added} added, {self.changed} changed, {self.removed} removed, "
            f"{self.unchanged} unchanged, {self.failed} failed ({self.seconds:.2f} s)"
        )


def sync_index(
    store: Store,
    catalog: Catalog,
    *,
    batch_size: int = BATCH_SIZE,
    on_parse: Callable[[], None] | None = None,
) -> SyncReport:
    """Bring the store in line with the catalog's posts; returns what changed. `on_parse` is
    called before each post is parsed (a progress bar counts them)."""
    started = time.perf_counter()
    if len(catalog.shelves) == 1 and catalog.shelves[0].local and not catalog.folder.is_dir():
        raise ConfigError(words.said("index.folder_missing", path=catalog.folder))
    report = SyncReport()
    known = store.file_fingerprints()
    if store.note(URL_RULE) != catalog.url_rule:  # the URLs it holds are stale: index again
        known = {key: Fingerprint(-1, -1, "") for key in known}
    seen: set[str] = set()
    pending: list[Change] = []

    def flush() -> None:
        store.apply(pending)
        pending.clear()

    for found in catalog.files():
        key = found.post_id
        seen.add(key)
        old = known.get(key)
        if old is not None and old.mtime_ns == found.mtime_ns and old.size == found.size:
            report.unchanged += 1
            continue
        path = found.path
        try:
            data = read_bytes(path)
        except MeetupBotError as error:
            report.fail(found, str(error))
            continue
        fingerprint = Fingerprint(found.mtime_ns, found.size, hashlib.sha256(data).hexdigest())
        if old is not None and old.sha256 == fingerprint.sha256:
            report.unchanged += 1
            pending.append(TouchFile(key, fingerprint))
        else:
            report.parsed += 1
            if on_parse is not None:
                on_parse()
            parse_started = time.perf_counter()
            try:
                post = catalog.read(path, data)
            except MeetupBotError as error:
                report.fail(found, str(error))
                continue
            except Exception as error:  # a parser bug must not stop the whole sync
                name = key + path.suffix
                report.fail(found, f"{name}: could not be parsed ({type(error).__name__}: {error})")
                continue
            finally:
                report.parse_seconds += time.perf_counter() - parse_started
            url = catalog.url(post, path)
            pending.append(PutPost(key, fingerprint, _searchable(post), url))
            if old is None:
                report.added += 1
            else:
                report.changed += 1
        if len(pending) >= batch_size:
            flush()
    for key in sorted(set(known) - seen):
        if catalog.unread(key):  # its source is not there now: keep what was indexed
            continue
        pending.append(DeleteFile(key))
        report.removed += 1
        if len(pending) >= batch_size:
            flush()
    flush()
    store.set_note(URL_RULE, catalog.url_rule)
    report.seconds = time.perf_counter() - started
    return report


def _searchable(post: Post) -> Post | None:
    """What search may show of a post: nothing of a draft, and no talks from a talk list the
    detector is unsure of (`Post.talks_posted` False): they were not posted, and a search answer
    can be shared into a channel."""
    if post.draft:
        return None
    return post if post.talks_posted else replace(post, talks=())
