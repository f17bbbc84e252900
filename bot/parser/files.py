"""Reading a post file safely: every failure is a PostError with one clear line."""

from __future__ import annotations

import os
import stat

from bot.errors import PostError
from words import said

MAX_POST_BYTES = 2 * 1024 * 1024
"""Posts larger than this are refused without being read."""


def read_text(path: str | os.PathLike[str]) -> str:
    """The file's text (UTF-8, BOM dropped); PostError for a missing/odd/binary/huge/empty file."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise PostError(said("post.not_found", path=name)) from None
    except (OSError, ValueError) as error:
        raise PostError(said("post.not_readable", path=name, reason=_reason(error))) from None
    if stat.S_ISDIR(info.st_mode):
        raise PostError(said("post.is_directory", path=name))
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block open() until a writer comes
        raise PostError(said("post.not_regular", path=name))
    if info.st_size > MAX_POST_BYTES:
        raise PostError(said("post.too_large", path=name, size=info.st_size, limit=MAX_POST_BYTES))
    return decode_text(_read_bytes(name), name)


def decode_text(data: bytes, name: str) -> str:
    """A post file's bytes as text (UTF-8, BOM dropped); PostError for binary/non-UTF-8/empty."""
    if len(data) > MAX_POST_BYTES:
        raise PostError(said("post.too_large", path=name, size=len(data), limit=MAX_POST_BYTES))
    if b"\x00" in data:
        raise PostError(said("post.binary", path=name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PostError(said("post.not_utf8", path=name, offset=error.start)) from None
    if not text.strip():
        raise PostError(said("post.empty", path=name))
    return text


def _read_bytes(name: str) -> bytes:
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # never blocks
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the stat
                raise PostError(said("post.not_regular", path=name))
            data = handle.read(MAX_POST_BYTES + 1)
    except OSError as error:
        raise PostError(said("post.not_readable", path=name, reason=_reason(error))) from None
    if len(data) > MAX_POST_BYTES:  # grew since stat, or a pipe/device without a size
        raise PostError(said("post.too_large", path=name, size=len(data), limit=MAX_POST_BYTES))
    return data


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or type(error).__name__
