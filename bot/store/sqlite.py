"""The SQLite backend: one database file, WAL mode, a connection per thread.

Tables: `files` (fingerprint of every post file), `posts` (one meetup), `talks` (normalised
field texts, then the talk as JSON), `grams` (posting key -> talk id, with the field mask and
the date, WITHOUT ROWID) and `gram_stats` (talks per key). The SQL itself is in `bot.store.sql`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.store.matching import Dialect
from bot.store.sql import SQLStore, Tx

SCHEMA_VERSION = 5
"""5: posts are keyed by their catalog id (bot/catalog.py) and carry their catalog URL; 4: talks
carry their links by kind. An index of an older layout is rebuilt from the posts."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    post_id TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
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
    talk_id INTEGER PRIMARY KEY,
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
    gram INTEGER NOT NULL,
    talk_id INTEGER NOT NULL,
    fields INTEGER NOT NULL,
    sort_key INTEGER NOT NULL,
    PRIMARY KEY (gram, talk_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS notes (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS gram_stats (
    gram INTEGER PRIMARY KEY,
    n INTEGER NOT NULL
);
"""
TABLES = ("notes", "gram_stats", "grams", "talks", "posts", "files")


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self.conn.execute(sql, params)

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self.conn.executemany(sql, rows)


def _memory_uri(store_id: int) -> str:
    return f"file:meetup-bot-{store_id}?mode=memory&cache=shared"


class SQLiteStore(SQLStore):
    """A Store in one SQLite file (`:memory:` for a private in-memory database)."""

    DIALECT = Dialect(instr="instr", join="CROSS JOIN")

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._memory = self._path == ":memory:"
        if not self._memory:  # the rule for every store (bot/db.py): create the folder
            Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()  # guards _connections
        # File: a connection per thread, WAL lets readers run while one thread writes.
        # Memory: one shared connection, every use serialised by one lock.
        self._write_lock = threading.RLock()
        self._read_lock: threading.RLock | contextlib.nullcontext[None] = (
            self._write_lock if self._memory else contextlib.nullcontext()
        )
        self._closed = False
        self._keeper: sqlite3.Connection | None = None
        conn = self._conn()
        if self._memory:
            self._keeper = conn  # keeps the shared in-memory database alive
        self._init_schema(conn)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._keeper is not None:
            return self._keeper
        if self._closed:
            raise RuntimeError("store is closed")
        target = _memory_uri(id(self)) if self._memory else self._path
        try:
            conn = sqlite3.connect(
                target, uri=self._memory, check_same_thread=False, isolation_level=None, timeout=30
            )
        except sqlite3.Error as error:
            raise ConfigError(f"cannot open the database {self._path}: {error}") from None
        if not self._memory:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-65536")
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    def _init_schema(self, conn: sqlite3.Connection) -> None:
        with self._write_lock:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                # The index is derived data: an old layout is dropped and rebuilt by the next sync.
                for table in TABLES:
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.executescript(SCHEMA)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        conn = self._conn()
        with self._read_lock:
            return conn.execute(sql, params).fetchall()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Tx]:
        conn = self._conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield _Tx(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
