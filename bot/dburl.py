"""MEETUP_DATABASE_URL, read the same way by every part that opens it (the index, the ledger,
the subscriptions, the installations): `sqlite:///PATH` or `postgresql://…` (`postgres://`)."""

from __future__ import annotations

from urllib.parse import unquote

import words
from bot.errors import ConfigError

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(url: str) -> bool:
    return url.startswith(POSTGRES_SCHEMES)


def sqlite_path(url: str) -> str | None:
    """The file of a `sqlite:///PATH` URL (`:memory:` too); None for any other URL."""
    if not url.startswith(SQLITE_PREFIX):
        return None
    return unquote(url[len(SQLITE_PREFIX) :]) or None


def redact(url: str) -> str:
    """The URL without credentials, for messages (never print a password)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url[:40]
    return f"{scheme}://{rest.rsplit('@', 1)[-1]}"[:120]


def unknown_scheme(url: str) -> ConfigError:
    """The one-line error for a URL no backend takes."""
    return ConfigError(words.said("database.unknown_scheme", url=redact(url)))


def require_driver(url: str) -> None:
    """ConfigError naming the fix when `url` is PostgreSQL and psycopg cannot be imported (an
    install without the `postgres` extra), instead of a traceback from deep inside an opener."""
    if not is_postgres(url):
        return
    try:
        import psycopg  # noqa: F401
    except ImportError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ConfigError(
            words.said("database.driver_missing", url=redact(url), reason=reason[:200])
        ) from None


def sqlalchemy_url(url: str) -> str:
    """The SQLAlchemy form of the URL (PostgreSQL through psycopg 3)."""
    for scheme in POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url
