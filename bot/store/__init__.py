"""The search-index store: `open_store(url)` picks the backend from the database URL."""

from __future__ import annotations

from bot.dburl import is_postgres, require_driver, sqlite_path, unknown_scheme
from bot.store.base import Fingerprint, Store, StoredTalk

__all__ = ["Fingerprint", "Store", "StoredTalk", "open_store"]


def open_store(url: str) -> Store:
    """Open (creating the schema if needed) the store at `url`.

    `sqlite:///relative/path.db`, `sqlite:////absolute/path.db`, `sqlite:///:memory:`, or
    `postgresql://user:password@host:port/dbname` (also `postgres://`, any libpq URL);
    other schemes raise ConfigError.
    """
    path = sqlite_path(url)
    if path is not None:
        from bot.store.sqlite import SQLiteStore

        return SQLiteStore(url)
    if is_postgres(url):
        require_driver(url)
        from bot.store.postgres import PostgresStore

        return PostgresStore(url)
    raise unknown_scheme(url)
