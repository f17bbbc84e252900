"""Errors the user sees, and their texts: every user-facing error message lives here."""

from __future__ import annotations


class MeetupBotError(Exception):
    """Base class: `str(error)` is one clear line, shown as is to the user or operator."""


class PostError(MeetupBotError):
    """A post file could not be read or parsed."""


class ConfigError(MeetupBotError):
    """A setting is missing or malformed."""


# --- post files -------------------------------------------------------------------------------
POST_NOT_FOUND = "{path}: no such file"
POST_IS_DIRECTORY = "{path}: is a directory, not a post file"
POST_NOT_READABLE = "{path}: cannot be read ({reason})"
POST_TOO_LARGE = "{path}: is {size:,} bytes; posts larger than {limit:,} bytes are refused"
POST_BINARY = "{path}: looks like a binary file, not a markdown post"
POST_NOT_UTF8 = "{path}: is not UTF-8 text (byte {offset}); save it as UTF-8"
POST_EMPTY = "{path}: is empty"
POST_BAD_FRONT_MATTER = "{path}: front matter is not valid {kind}: {reason}"
