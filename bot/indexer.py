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

import contextlib
import gc
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
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
    known = store.file_fingerprints()
    if store.note(URL_RULE) != catalog.url_rule:  # the URLs it holds are stale: index again
        known = {key: Fingerprint(-1, -1, "") for key in known}
    files = catalog.files()
    sync = _Sync(store, catalog, known, batch_size, on_parse)
    with older_objects_frozen():
        for found in files:
            sync.file(found)
        for key in sorted(set(known) - sync.seen):
            if not catalog.unread(key):  # its source is not there now: keep what was indexed
                sync.add(DeleteFile(key))
                sync.report.removed += 1
        sync.flush()
    store.set_note(URL_RULE, catalog.url_rule)
    sync.report.seconds = time.perf_counter() - started
    return sync.report


@dataclass
class _Sync:
    """One sync's state: the changes not yet written, the post ids seen, the report."""

    store: Store
    catalog: Catalog
    known: dict[str, Fingerprint]
    batch_size: int
    on_parse: Callable[[], None] | None
    report: SyncReport = field(default_factory=SyncReport)
    seen: set[str] = field(default_factory=set)
    pending: list[Change] = field(default_factory=list)

    def add(self, change: Change) -> None:
        self.pending.append(change)
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        self.store.apply(self.pending)
        self.pending.clear()

    def file(self, found: PostFile) -> None:
        """Note one file of the catalog: unchanged, touched, or parsed and put."""
        report, key = self.report, found.post_id
        self.seen.add(key)
        old = self.known.get(key)
        if old is not None and old.mtime_ns == found.mtime_ns and old.size == found.size:
            report.unchanged += 1
            return
        path = found.path
        try:
            data = read_bytes(path)
        except MeetupBotError as error:
            report.fail(found, str(error))
            return
        fingerprint = Fingerprint(found.mtime_ns, found.size, hashlib.sha256(data).hexdigest())
        if old is not None and old.sha256 == fingerprint.sha256:
            report.unchanged += 1
            self.add(TouchFile(key, fingerprint))
            return
        post = self._parse(found, data)
        if post is None:
            return
        url = self.catalog.url(post, path)
        if old is None:
            report.added += 1
        else:
            report.changed += 1
        self.add(PutPost(key, fingerprint, _searchable(post), url))

    def _parse(self, found: PostFile, data: bytes) -> Post | None:
        """The file's post; None when it fails (reported)."""
        self.report.parsed += 1
        if self.on_parse is not None:
            self.on_parse()
        started = time.perf_counter()
        try:
            return self.catalog.read(found.path, data)
        except MeetupBotError as error:
            self.report.fail(found, str(error))
        except Exception as error:  # a parser bug must not stop the whole sync
            name = found.post_id + found.path.suffix
            kind = type(error).__name__
            self.report.fail(found, f"{name}: could not be parsed ({kind}: {error})")
        finally:
            self.report.parse_seconds += time.perf_counter() - started
        return None


_frozen_lock = threading.Lock()
_frozen_blocks = 0


@contextlib.contextmanager
def older_objects_frozen() -> Iterator[None]:
    """Leave every object that exists when the block starts out of the cyclic garbage
    collector's passes until it ends (`gc.freeze`, then `gc.unfreeze` when the last of nested
    or concurrent blocks ends). A build allocates enough to start a full pass every few posts,
    and each walked every module, function and class of the process (~60,000 objects, ~40 ms):
    a sixth of a build's CPU. What the block makes is collected as usual; a garbage cycle among
    the older objects waits for the block's end. The thresholds are left alone: they are one
    setting for every thread (serve's HTTP threads too). Nothing else in the process may use
    `gc.freeze`: the end of the last block unfreezes everything."""
    global _frozen_blocks
    with _frozen_lock:
        if _frozen_blocks == 0:
            gc.freeze()
        _frozen_blocks += 1
    try:
        yield
    finally:
        with _frozen_lock:
            _frozen_blocks -= 1
            if _frozen_blocks == 0:
                gc.unfreeze()


def _searchable(post: Post) -> Post | None:
    """What search may show of a post: nothing of a draft, and no talks from a talk list the
    detector is unsure of (`Post.talks_posted` False): they were not posted, and a search answer
    can be shared into a channel."""
    if post.draft:
        return None
    return post if post.talks_posted else replace(post, talks=())
