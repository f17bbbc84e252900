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
