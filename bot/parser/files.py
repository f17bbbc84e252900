"""Reading a post file safely: every failure is a PostError with one clear line."""

from __future__ import annotations

import os
import stat

from bot.errors import (
    POST_BINARY,
    POST_EMPTY,
    POST_IS_DIRECTORY,
    POST_NOT_FOUND,
    POST_NOT_READABLE,
    POST_NOT_REGULAR,
    POST_NOT_UTF8,
    POST_TOO_LARGE,
    PostError,
)

MAX_POST_BYTES = 2 * 1024 * 1024
"""Posts larger than this are refused without being read."""


def read_text(path: str | os.PathLike[str]) -> str:
    """The file's text (UTF-8, BOM dropped); PostError for a missing/odd/binary/huge/empty file."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise PostError(POST_NOT_FOUND.format(path=name)) from None
    except (OSError, ValueError) as error:
        raise PostError(POST_NOT_READABLE.format(path=name, reason=_reason(error))) from None
    if stat.S_ISDIR(info.st_mode):
        raise PostError(POST_IS_DIRECTORY.format(path=name))
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block open() until a writer comes
        raise PostError(POST_NOT_REGULAR.format(path=name))
    if info.st_size > MAX_POST_BYTES:
        raise PostError(POST_TOO_LARGE.format(path=name, size=info.st_size, limit=MAX_POST_BYTES))
    return decode_text(_read_bytes(name), name)


def decode_text(data: bytes, name: str) -> str:
    """A post file's bytes as text (UTF-8, BOM dropped); PostError for binary/non-UTF-8/empty."""
    if len(data) > MAX_POST_BYTES:
        raise PostError(POST_TOO_LARGE.format(path=name, size=len(data), limit=MAX_POST_BYTES))
    if b"\x00" in data:
        raise PostError(POST_BINARY.format(path=name))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PostError(POST_NOT_UTF8.format(path=name, offset=error.start)) from None
    if not text.strip():
        raise PostError(POST_EMPTY.format(path=name))
    return text


def _read_bytes(name: str) -> bytes:
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # never blocks
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the stat
                raise PostError(POST_NOT_REGULAR.format(path=name))
            data = handle.read(MAX_POST_BYTES + 1)
    except OSError as error:
        raise PostError(POST_NOT_READABLE.format(path=name, reason=_reason(error))) from None
    if len(data) > MAX_POST_BYTES:  # grew since stat, or a pipe/device without a size
        raise PostError(POST_TOO_LARGE.format(path=name, size=len(data), limit=MAX_POST_BYTES))
    return data


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or type(error).__name__
