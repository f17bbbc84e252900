"""The files of MEETUP_POSTS that may be read, and reading one of them safely.

Only regular files inside the folder are posts. A symbolic link below MEETUP_POSTS is never
followed, whatever it points to (a file or a folder, outside the folder or in it, relative or
absolute, through a chain of links): Jekyll's safe mode and GitHub Pages do the same, and a
link inside the folder would only publish a post twice. Each skipped link is logged once per
process. A FIFO, socket or device is never opened (it would block), logged once too.
MEETUP_POSTS itself may be a link. Hidden files and folders are skipped.

The catalog (bot/catalog.py) walks the folder with `walk_files` and reads a post with
`read_bytes` (opened with O_NOFOLLOW and O_NONBLOCK, then checked to be a regular file: a file
swapped for a link or a FIFO after the walk is not read either, and nothing waits).
"""

from __future__ import annotations

import logging
import os
import stat
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import words
from bot.errors import PostError
from bot.model import Post
from bot.parser.files import MAX_POST_BYTES, decode_text

log = logging.getLogger("bot.posts")

_OPEN_FLAGS = (
    os.O_RDONLY
    | os.O_NOFOLLOW
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


@dataclass(frozen=True)
class FolderFile:
    """A regular file found in the posts folder, with its stat fingerprint."""

    key: str
    """Its POSIX path relative to the folder, suffix included (`_posts/2026-10-03-night.md`)."""
    file: str
    """Its path as a string (`os.fspath`; a Path is made only where one is used)."""
    suffix: str
    """Its suffix, lower-cased: one of the suffixes the walk was asked for."""
    mtime_ns: int
    size: int


class _Once:
    """Log lines said once per process, by key (the walks run every minute)."""

    def __init__(self) -> None:
        self._said: set[tuple[str, ...]] = set()
        self._lock = threading.Lock()

    def first(self, *key: str) -> bool:
        with self._lock:
            if key in self._said:
                return False
            self._said.add(key)
            return True


ONCE = _Once()


def walk_files(root: Path, suffixes: Collection[str]) -> Iterator[FolderFile]:
    """Every regular file under `root` whose lower-cased suffix is in `suffixes`, in path
    order; links are skipped (logged once), hidden files and folders too."""
    yield from _walk(root, os.fspath(root), "", frozenset(s.lower() for s in suffixes))


def _walk(root: Path, folder: str, under: str, suffixes: frozenset[str]) -> Iterator[FolderFile]:
    """The walk of `folder`, which is `under` (`a/b/`, "" for the root) inside `root`: strings
    and the DirEntry's own type and lstat only (10,000 files are walked at every sync)."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_symlink():
                _skipped_link(root, Path(entry.path), suffixes)
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk(root, entry.path, f"{under}{name}/", suffixes)
            else:
                suffix = os.path.splitext(name)[1].lower()
                found = _regular(entry, under + name, suffix) if suffix in suffixes else None
                if found is not None:
                    yield found
        except OSError:  # gone since the folder was listed
            continue


def _regular(entry: os.DirEntry[str], key: str, suffix: str) -> FolderFile | None:
    """The file of a post's name, if it is a regular one (a FIFO or device: logged once)."""
    info = entry.stat(follow_symlinks=False)
    if stat.S_ISREG(info.st_mode):
        return FolderFile(key, entry.path, suffix, info.st_mtime_ns, info.st_size)
    if ONCE.first("special", entry.path):
        log.warning(words.said("post.not_regular", path=key), extra={"file": key})
    return None


def _skipped_link(root: Path, path: Path, suffixes: frozenset[str]) -> None:
    """Log a link that stands where a post or a folder of posts could be, once."""
    try:
        target = os.readlink(path)
    except OSError:
        return
    if os.path.splitext(path.name)[1].lower() not in suffixes and not path.is_dir():
        return  # neither a post nor a folder: nothing was missed
    key = path.relative_to(root).as_posix()
    if ONCE.first("link", str(path), target):
        log.warning(
            words.said("post.link_skipped", path=key, target=target),
            extra={"file": key, "link": target},
        )


def first_failure(path: Path, mtime_ns: int, size: int) -> bool:
    """True the first time this process meets this version (mtime, size) of the file failing
    to be read or parsed: a broken file is warned about once per version, not at every scan."""
    return ONCE.first("failed", os.fspath(path), str(mtime_ns), str(size))


def read_bytes(path: Path) -> bytes:
    """The file's bytes, never through a link and never blocking; PostError otherwise."""
    name = os.fspath(path)
    try:
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as error:
        reason = "a symbolic link" if _is_link(name) else (error.strerror or type(error).__name__)
        raise PostError(words.said("post.not_readable", path=name, reason=reason)) from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise PostError(words.said("post.not_regular", path=name))
        if info.st_size > MAX_POST_BYTES:
            size = info.st_size
            raise PostError(
                words.said("post.too_large", path=name, size=size, limit=MAX_POST_BYTES)
            )
        try:
            return handle.read(MAX_POST_BYTES + 1)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise PostError(words.said("post.not_readable", path=name, reason=reason)) from None


def _is_link(name: str) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(name).st_mode)
    except OSError:
        return False


def parse_post_bytes(data: bytes, path: Path) -> Post:
    """The post in the bytes read from a file of the posts folder."""
    from bot.parser import parse_post

    name = os.fspath(path)
    return parse_post(decode_text(data, name), source=name)
