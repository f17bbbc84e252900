"""SourceError: a source could not be read now (it is retried with backoff)."""

from bot.errors import MeetupBotError


class SourceError(MeetupBotError):
    """Why a source could not be read; the message is for logs and /healthz."""
