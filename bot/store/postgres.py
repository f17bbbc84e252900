"""The PostgreSQL backend (psycopg 3): the same tables and SQL as SQLite (`bot.store.sql`).

A connection per thread, in autocommit for reads; a write runs in one transaction holding an
advisory lock, so several replicas can sync into one database without clashing talk ids.
Opening migrates the schema under another advisory lock and records the version in
`meetup_schema`, so replicas starting together create the tables once.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg

from bot.errors import ConfigError
from bot.store.matching import Dialect
from bot.store.sql import SQLStore, Tx

SCHEMA_VERSION = 5
"""5: posts are keyed by their catalog id (bot/catalog.py) and carry their catalog URL; 4: talks
carry their links by kind. An index of an older layout is rebuilt from the posts."""
MIGRATE_LOCK = 0x6D656574  # pg_advisory_xact_lock keys ("meet", "writ")
WRITE_LOCK = 0x77726974
TABLES = ("notes", "gram_stats", "grams", "talks", "posts", "files")

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    post_id TEXT PRIMARY KEY,
    mtime_ns BIGINT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS posts (
    post_id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    sort_date TEXT NOT NULL,
    url TEXT,
    talk_count INTEGER NOT NULL,
    n_key TEXT NOT NULL,
    day TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_by_date ON posts (sort_date, post_id);
CREATE TABLE IF NOT EXISTS talks (
    talk_id BIGINT PRIMARY KEY,
    post_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    sort_key INTEGER NOT NULL,
    n_title TEXT NOT NULL,
    n_speaker TEXT NOT NULL,
    n_impressions TEXT NOT NULL,
    n_notes TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS talks_by_post ON talks (post_id, position);
CREATE TABLE IF NOT EXISTS grams (
    gram BIGINT NOT NULL,
    talk_id BIGINT NOT NULL,
    fields INTEGER NOT NULL,
    sort_key INTEGER NOT NULL,
    PRIMARY KEY (gram, talk_id) INCLUDE (fields, sort_key)
);
CREATE TABLE IF NOT EXISTS notes (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS gram_stats (
    gram BIGINT PRIMARY KEY,
    n INTEGER NOT NULL
)
"""


def _pg(sql: str) -> str:
    """Our SQL uses `?` placeholders (and never a literal `?` or `%`); psycopg wants `%s`."""
    return sql.replace("?", "%s")


class _Tx:
    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self.cursor = cursor

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.cursor.execute(_pg(sql), params).fetchall()

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self.cursor.execute(_pg(sql), params)

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            self.cursor.executemany(_pg(sql), rows)


class PostgresStore(SQLStore):
    """A Store in a PostgreSQL database (`postgresql://user@host:port/dbname`)."""

    DIALECT = Dialect(instr="strpos", join="JOIN")

    def __init__(self, url: str) -> None:
        self._url = url
        self._local = threading.local()
        self._connections: list[psycopg.Connection[Any]] = []
        self._lock = threading.Lock()  # guards _connections
        self._closed = False
        self._migrate(self._conn())

    def _conn(self) -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed:
            return conn
        if self._closed:
            raise RuntimeError("store is closed")
        try:
            conn = psycopg.connect(self._url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "error"
            raise ConfigError(f"cannot open the PostgreSQL database: {reason}") from None
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    @staticmethod
    def _migrate(conn: psycopg.Connection[Any]) -> None:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATE_LOCK,))
            cursor.execute("CREATE TABLE IF NOT EXISTS meetup_schema (version INTEGER NOT NULL)")
            row = cursor.execute("SELECT max(version) FROM meetup_schema").fetchone()
            version = row[0] if row else None
            if version == SCHEMA_VERSION:
                return
            if version is not None:  # derived data: an old layout is rebuilt by the next sync
                for table in TABLES:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in SCHEMA.split(";"):
                cursor.execute(statement)
            cursor.execute("DELETE FROM meetup_schema")
            cursor.execute("INSERT INTO meetup_schema (version) VALUES (%s)", (SCHEMA_VERSION,))

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._conn().execute(_pg(sql), params).fetchall()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Tx]:
        conn = self._conn()
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            yield _Tx(cursor)

    def _bulk_insert(self, tx: Tx, table: str, columns: list[str], rows: list[Any]) -> None:
        if not rows:
            return
        assert isinstance(tx, _Tx)
        with tx.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _delete_postings(self, tx: Tx, keys: list[int], low: int, high: int) -> None:
        tx.run(
            "DELETE FROM grams WHERE talk_id BETWEEN ? AND ? AND gram = ANY(?)", (low, high, keys)
        )
