"""Keep the store in sync with a folder of posts, incrementally.

A file whose mtime and size are unchanged is not read; one whose content hash is unchanged is
not parsed; only added or changed files are parsed, and only their own rows are rewritten.
A file that fails to parse is reported and leaves whatever the store had for it untouched.
Drafts are recorded (so they are not re-parsed) but not searchable. Only the folder's own
regular files are read, never through a link (bot/postfiles.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import INDEX_FOLDER_MISSING, ConfigError, MeetupBotError
from bot.model import Post
from bot.postfiles import FolderFile, first_failure, read_bytes, read_post_file, walk_files
from bot.store.base import Change, DeleteFile, Fingerprint, PutPost, Store, TouchFile

POST_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
BATCH_SIZE = 500
"""Changes written per transaction."""

Parse = Callable[[Path], Post]


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

    def fail(self, found: FolderFile, line: str) -> None:
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


def _default_parse() -> Parse:
    return read_post_file


def iter_post_files(posts_dir: Path) -> Iterator[tuple[str, Path]]:
    """(key, path) of every post file under the folder; key is the POSIX relative path.
    Hidden files and folders are skipped, and so are links (logged once)."""
    for found in walk_files(posts_dir, POST_SUFFIXES):
        yield found.key, found.path


def sync_index(
    store: Store,
    posts_dir: Path | str,
    *,
    parse: Parse | None = None,
    batch_size: int = BATCH_SIZE,
) -> SyncReport:
    """Bring the store in line with the posts folder; returns what changed."""
    started = time.perf_counter()
    posts_dir = Path(posts_dir)
    if not posts_dir.is_dir():
        raise ConfigError(INDEX_FOLDER_MISSING.format(path=posts_dir))
    report = SyncReport()
    known = store.file_fingerprints()
    seen: set[str] = set()
    pending: list[Change] = []
    parser = parse

    def flush() -> None:
        store.apply(pending)
        pending.clear()

    for found in walk_files(posts_dir, POST_SUFFIXES):
        key, path = found.key, found.path
        seen.add(key)
        old = known.get(key)
        if old is not None and old.mtime_ns == found.mtime_ns and old.size == found.size:
            report.unchanged += 1
            continue
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
            if parser is None:
                parser = _default_parse()
            report.parsed += 1
            parse_started = time.perf_counter()
            try:
                post = parser(path)
            except MeetupBotError as error:
                report.fail(found, str(error))
                continue
            except Exception as error:  # a parser bug must not stop the whole sync
                report.fail(found, f"{key}: could not be parsed ({type(error).__name__}: {error})")
                continue
            finally:
                report.parse_seconds += time.perf_counter() - parse_started
            pending.append(PutPost(key, fingerprint, None if post.draft else post))
            if old is None:
                report.added += 1
            else:
                report.changed += 1
        if len(pending) >= batch_size:
            flush()
    for key in sorted(set(known) - seen):
        pending.append(DeleteFile(key))
        report.removed += 1
        if len(pending) >= batch_size:
            flush()
    flush()
    report.seconds = time.perf_counter() - started
    return report
