"""Connections shared by the ledger and the subscriptions: `SqliteConnection` (one connection,
a lock, autocommit) and `PgConnection` (psycopg, reopened when broken).

Schema migrations: each component (`ledger`, `subscriptions`) has a list of steps; on open, in
one transaction holding `pg_advisory_xact_lock`, the steps past the component's row in
`meetup_schema_versions` run and the row is moved on. Replicas starting at once wait for each
other's transaction, then find nothing left to do.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import words
from bot.dburl import redact
from bot.errors import ConfigError

MIGRATION_LOCK = 0x6D656574757001
"""The advisory lock key every meetup-bot schema migration takes (any fixed bigint)."""


WAL_ATTEMPTS = 100
"""How often to ask for WAL mode while other connections open the same new file at once."""


def _wal(db: sqlite3.Connection) -> None:
    """WAL mode. Switching to it takes the file exclusively and SQLite may answer `database is
    locked` at once, without waiting, while another process or thread switches it too (several
    replicas starting together): ask again until it is set."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (1 + attempt % 10))


class SqliteConnection:
    """One autocommit SQLite connection shared by threads under a lock; WAL unless in memory.
    `what` names the component in the one-line error when the file cannot be opened."""

    def __init__(self, path: str, what: str, schema: str = "") -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(
                path, timeout=30, isolation_level=None, check_same_thread=False
            )
            self.db.execute("PRAGMA busy_timeout=30000")
            if path != ":memory:":
                _wal(self.db)
            if schema:
                self.db.executescript(schema)
        except sqlite3.Error as error:
            message = words.said("database.cannot_open", what=what, url=path, reason=error)
            raise ConfigError(message) from None
        self.lock = threading.Lock()

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self.lock:
            return self.db.execute(sql, params).rowcount

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self.lock:
            return self.db.execute(sql, params).fetchall()

    def close(self) -> None:
        with self.lock:
            self.db.close()


class PgConnection:
    """One autocommit psycopg connection, used by one thread at a time, reopened if broken."""

    def __init__(self, url: str, what: str) -> None:
        self.url, self.what = url, what
        self._lock = threading.RLock()
        self._db: Any = None
        self._connect()

    def _connect(self) -> Any:
        import psycopg

        try:
            self._db = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ConfigError(
                words.said(
                    "database.cannot_open",
                    what=self.what,
                    url=redact(self.url),
                    reason=reason.replace(self.url, "..."),
                )
            ) from None
        return self._db

    def _live(self) -> Any:
        if self._db is None or self._db.closed or self._db.broken:
            return self._connect()
        return self._db

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock:
            return int(self._live().execute(_marks(sql), params).rowcount)

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return list(self._live().execute(_marks(sql), params).fetchall())

    def migrate(self, component: str, steps: Sequence[str]) -> None:
        """Bring `component`'s tables to the last step, safely when replicas start at once."""
        with self._lock:
            db = self._live()
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                db.execute(
                    "CREATE TABLE IF NOT EXISTS meetup_schema_versions"
                    " (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
                )
                row = db.execute(
                    "SELECT version FROM meetup_schema_versions WHERE component = %s", (component,)
                ).fetchone()
                current = int(row[0]) if row else 0
                for step in steps[current:]:
                    db.execute(step)
                db.execute(
                    "INSERT INTO meetup_schema_versions (component, version)"
                    " VALUES (%s, %s) ON CONFLICT (component)"
                    " DO UPDATE SET version = excluded.version",
                    (component, len(steps)),
                )

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()


def _marks(sql: str) -> str:
    """`?` placeholders (shared with SQLite) as psycopg's `%s` (no literal `%` or `?` in SQL)."""
    return sql.replace("%", "%%").replace("?", "%s")
