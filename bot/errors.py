"""The errors a user sees. Their words live in the catalog (`words`): an error carries a
`words.Said` message, which reads as English (`str(error)`, logs) and `error.text(lang)` renders
in the configured language (the CLI, Slack answers)."""

from __future__ import annotations

from words import Said


class MeetupBotError(Exception):
    """Base class: `str(error)` is one clear line, shown as is to the user or operator."""

    def text(self, lang: str | None) -> str:
        """The message in `lang` (English for a message given as plain text)."""
        message = self.args[0] if self.args else ""
        return message.text(lang) if isinstance(message, Said) else str(message)

    @property
    def message(self) -> str:
        """The message as given: a `words.Said` keeps both languages for whoever shows it."""
        first = self.args[0] if self.args else ""
        return first if isinstance(first, str) else str(self)


class PostError(MeetupBotError):
    """A post file could not be read or parsed."""


class ConfigError(MeetupBotError):
    """A setting is missing or malformed."""


class QueryError(MeetupBotError):
    """A search query cannot be run (empty, too long)."""


# Only for bot/parser (which this change may not edit): its `NAME.format(...)` calls get catalog
# messages. Everything else says `words.said(key, ...)`; drop these when the parser does too.
POST_NOT_FOUND = Said("post.not_found")
POST_IS_DIRECTORY = Said("post.is_directory")
POST_NOT_REGULAR = Said("post.not_regular")
POST_NOT_READABLE = Said("post.not_readable")
POST_TOO_LARGE = Said("post.too_large")
POST_BINARY = Said("post.binary")
POST_NOT_UTF8 = Said("post.not_utf8")
POST_EMPTY = Said("post.empty")
POST_BAD_TALKS = Said("post.bad_talks")
TALKS_NOT_A_LIST = Said("talks_key.not_a_list")
TALK_NOT_A_MAPPING = Said("talks_key.not_a_mapping")
TALK_EXPECTED_TEXT = Said("talks_key.expected_text")
TALK_EXPECTED_URL = Said("talks_key.expected_url")
TALK_NEEDS_SPEAKER_OR_TITLE = Said("talks_key.needs_speaker_or_title")
TALK_UNKNOWN_KEY = Said("talks_key.unknown_key")
