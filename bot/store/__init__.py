"""The search-index store: `open_store(url)` picks the backend from the database URL."""

from __future__ import annotations

from urllib.parse import unquote

from bot.errors import DATABASE_UNKNOWN_SCHEME, ConfigError
from bot.store.base import Fingerprint, Store, StoredTalk

__all__ = ["Fingerprint", "Store", "StoredTalk", "open_store"]


def open_store(url: str) -> Store:
    """Open (creating the schema if needed) the store at `url`.

    `sqlite:///relative/path.db`, `sqlite:////absolute/path.db`, `sqlite:///:memory:`, or
    `postgresql://user:password@host:port/dbname` (also `postgres://`, any libpq URL);
    other schemes raise ConfigError.
    """
    if url.startswith("sqlite:///"):
        from bot.store.sqlite import SQLiteStore

        path = unquote(url[len("sqlite:///") :])
        if not path:
            raise ConfigError(DATABASE_UNKNOWN_SCHEME.format(url=_redact(url)))
        return SQLiteStore(path)
    if url.startswith(("postgresql://", "postgres://")):
        from bot.store.postgres import PostgresStore

        return PostgresStore(url)
    raise ConfigError(DATABASE_UNKNOWN_SCHEME.format(url=_redact(url)))


def _redact(url: str) -> str:
    """The URL without credentials (never print a password)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url[:40]
    host = rest.rsplit("@", 1)[-1]
    return f"{scheme}://{host}"[:80]
