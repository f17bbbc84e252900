"""The SQLite backend: one database file, WAL mode, a connection per thread (from the URL's
engine, bot/db.py), and a contentless FTS5 table `talk_fts` over the talks' tokens.

`talk_fts` has a column per field holding the tokens of bot/store/tokens.py (`detail=column`:
which columns have a token, no positions; the `ascii` tokenizer takes our hex tokens as they
are). Its rowid is the talk id, so `ORDER BY rowid DESC` lists newest first without a sort. Being
contentless, a talk is removed with FTS5's 'delete' command and the same tokens, recomputed
from the normalised texts kept in `talks`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from bot.db import acquire, driver_connection, release
from bot.dburl import sqlite_path
from bot.store import schema
from bot.store.matching import Cond
from bot.store.rows import TALK_FIELDS
from bot.store.schema import FIELDS
from bot.store.sql import TALK_COLUMNS, SQLStore, Tx
from bot.store.tokens import field_tokens

FTS_COLUMNS = "title, speaker, impressions, notes"
WHAT = "the search index"


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self.conn.execute(sql, params)

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self.conn.executemany(sql, rows)


def fts_query(conds: Sequence[Cond]) -> str:
    """The FTS5 expression: every cond; a cond is its tokens all in one of its fields (in any
    of the fields when it may be in every field: a few more candidates, read 4x faster)."""
    parts = []
    for cond in conds:
        phrase = " ".join(_fts_token(token) for token in cond.tokens)
        if set(cond.fields) == set(FIELDS):  # any field: one pass over the doclists
            parts.append(f"({phrase})")
        else:
            parts.append("(" + " OR ".join(f"{name} : ({phrase})" for name in cond.fields) + ")")
    return " AND ".join(parts)


def _fts_token(token: str) -> str:
    """A token as an FTS5 string; an ASCII bigram or a lone character as a prefix (compact
    tokens, bot/store/tokens.py: a trigram or a bigram may start with it instead)."""
    quoted = '"' + token.replace('"', '""') + '"'
    prefix = len(token) == 1 or (len(token) == 2 and token.isascii())
    return quoted + "*" if prefix else quoted


def _tokens(talk: Sequence[Any]) -> list[str]:
    return [field_tokens(str(text)) for text in talk]


class SQLiteStore(SQLStore):
    """A Store in one SQLite file (`:memory:` for a private in-memory database)."""

    instr = "instr"
    field_lookups_cheap = True

    def __init__(self, url: str) -> None:
        self._url = url
        self._memory = sqlite_path(url) == ":memory:"
        self._engine = acquire(url)
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
        try:
            conn = self._conn()
            if self._memory:
                self._keeper = conn  # the in-memory database lives in this connection
            self._init_schema(conn)
        except BaseException:
            self.close()
            raise

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._keeper is not None:
            return self._keeper
        if self._closed:
            raise RuntimeError("store is closed")
        conn = driver_connection(self._engine, WHAT, self._url)
        assert conn is not None
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-65536")
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    def _init_schema(self, conn: sqlite3.Connection) -> None:
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
                found = None
                if "notes" in names:
                    row = conn.execute(
                        "SELECT value FROM notes WHERE key = ?", (schema.LAYOUT_NOTE,)
                    ).fetchone()
                    found = row[0] if row else None
                if schema.rebuild_needed(found, legacy=bool(names & {"grams", "files"})):
                    for table in schema.TABLES:
                        conn.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in schema.ddl(self._engine.dialect):
                    conn.execute(statement)
                conn.execute(
                    "INSERT OR REPLACE INTO notes (key, value) VALUES (?, ?)",
                    (schema.LAYOUT_NOTE, schema.LAYOUT),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("PRAGMA user_version=0")  # the layout lives in `notes` now

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()
        self._keeper = None
        release(self._engine)

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

    def _insert_talks(self, tx: Tx, talks: list[tuple[object, ...]]) -> None:
        self._bulk_insert(tx, "talks", TALK_COLUMNS, talks)
        tx.run_many(
            f"INSERT INTO talk_fts (rowid, {FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            [(row[0], *_tokens(row[3 : 3 + len(TALK_FIELDS)])) for row in talks],
        )

    def _delete_talks(self, tx: Tx, talks: list[tuple[Any, ...]]) -> None:
        tx.run_many(
            f"INSERT INTO talk_fts (talk_fts, rowid, {FTS_COLUMNS})"
            " VALUES ('delete', ?, ?, ?, ?, ?)",
            [(row[0], *_tokens(row[1:])) for row in talks],
        )
        tx.run_many("DELETE FROM talks WHERE talk_id = ?", [(row[0],) for row in talks])

    def count_page(self, conds: Sequence[Cond], limit: int, offset: int) -> tuple[int, list[int]]:
        sql = "SELECT count(*) FROM talk_fts WHERE talk_fts MATCH ?"
        total = int(self._read(sql, (fts_query(conds),))[0][0])
        return total, self.ids(conds, limit, offset) if total and limit else []

    def ids(self, conds: Sequence[Cond], limit: int | None = None, offset: int = 0) -> list[int]:
        sql = "SELECT rowid FROM talk_fts WHERE talk_fts MATCH ?"
        if limit is None:  # FTS5's own order, sorted here: ORDER BY DESC alone sorts slowly
            found = self._read(sql, (fts_query(conds),))
            return sorted((int(row[0]) for row in found), reverse=True)
        rows = self._read(
            f"{sql} ORDER BY rowid DESC LIMIT ? OFFSET ?", (fts_query(conds), limit, offset)
        )
        return [int(row[0]) for row in rows]

    def sample(self, conds: Sequence[Cond], step: int) -> list[int]:
        sql = "SELECT rowid FROM talk_fts WHERE talk_fts MATCH ? AND rowid % ? = 0"
        return [int(row[0]) for row in self._read(sql, (fts_query(conds), step))]
