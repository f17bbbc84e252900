"""The PostgreSQL backend (psycopg 3, connections from the URL's engine, bot/db.py): the same
tables and SQL as SQLite (`bot.store.sql`), with a GIN index over `meetup_keys(n_<field>)`
(bot/store/schema.py) as the full-text index.

A connection per thread, in autocommit for reads; a write runs in one transaction holding an
advisory lock, so several replicas can sync into one database without clashing talk ids, and
ends with ANALYZE when it wrote many talks (the planner then knows the index). Opening brings
the layout up to date under the migration lock every meetup-bot migration takes.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import Any

import psycopg

from bot.db import MIGRATION_LOCK, acquire, driver_connection, release, to_marks
from bot.store import schema
from bot.store.matching import Cond
from bot.store.schema import ALL_TEXTS
from bot.store.sql import TALK_COLUMNS, SQLStore, Tx
from bot.store.tokens import key

WRITE_LOCK = 0x77726974  # pg_advisory_xact_lock key ("writ")
ANALYZE_AFTER = 1000
"""Talks written in one transaction after which the tables are analysed."""
WHAT = "the search index"


class _Tx:
    def __init__(self, cursor: psycopg.Cursor[Any], url: str) -> None:
        self.cursor, self.url = cursor, url

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.cursor.execute(to_marks(sql, self.url), params).fetchall()

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self.cursor.execute(to_marks(sql, self.url), params)

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            self.cursor.executemany(to_marks(sql, self.url), rows)


def source(conds: Sequence[Cond]) -> tuple[str, list[object]]:
    """SELECT of the talk ids meeting every cond (its keys all in the key array of one of its
    fields): a bitmap scan of the GIN index per cond, intersected. One WHERE with every cond
    would let the planner scan the index for one and compute `meetup_keys` row by row for
    the others."""
    parts, params = [], list[object]()
    for cond in conds:
        keys = [key(token) for token in cond.tokens]
        texts = {f"n_{name}" if name != "notes" else ALL_TEXTS for name in cond.fields}
        if "notes" in cond.fields or len(texts) > 2:  # the index of all texts: one lookup
            texts = {ALL_TEXTS}
        ors = " OR ".join(f"meetup_keys({text}) @> ?::bigint[]" for text in sorted(texts))
        parts.append(f"SELECT talk_id FROM talks WHERE {ors}")
        params += [keys] * len(texts)
    return " INTERSECT ".join(parts), params


class PostgresStore(SQLStore):
    """A Store in a PostgreSQL database (`postgresql://user@host:port/dbname`)."""

    instr = "strpos"
    field_lookups_cheap = False

    def __init__(self, url: str) -> None:
        self._url = url
        self._engine = acquire(url)
        self._local = threading.local()
        self._connections: list[psycopg.Connection[Any]] = []
        self._lock = threading.Lock()  # guards _connections
        self._closed = False
        self._written = 0  # talks written by the current transaction
        try:
            self._migrate(self._conn())
        except BaseException:
            self.close()
            raise

    def _conn(self) -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed:
            return conn
        if self._closed:
            raise RuntimeError("store is closed")
        conn = driver_connection(self._engine, WHAT, self._url)
        assert conn is not None
        # The planner costs a bitmap scan of the keys index as if it computed meetup_keys for
        # every row found, so for a key most talks have it would compute it for every talk.
        conn.execute("SET enable_seqscan = off")
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            rows = cursor.execute(
                "SELECT name FROM unnest(%s::text[]) AS name WHERE to_regclass(name) IS NOT NULL",
                (list(schema.TABLES),),
            ).fetchall()
            names = {str(row[0]) for row in rows}
            found = None
            if "notes" in names:
                row = cursor.execute(
                    "SELECT value FROM notes WHERE key = %s", (schema.LAYOUT_NOTE,)
                ).fetchone()
                found = row[0] if row else None
            if schema.rebuild_needed(found, legacy=bool(names & {"grams", "files"})):
                for table in schema.TABLES:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
            if found == schema.LAYOUT:
                return
            for statement in schema.ddl(self._engine.dialect):
                cursor.execute(statement)
            cursor.execute(
                "INSERT INTO notes (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (schema.LAYOUT_NOTE, schema.LAYOUT),
            )

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()
        release(self._engine)

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._conn().execute(to_marks(sql, self._url), params).fetchall()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Tx]:
        conn = self._conn()
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            tx = _Tx(cursor, self._url)
            self._written = 0
            yield tx
        if self._written >= ANALYZE_AFTER:  # after a build: the planner learns the new rows
            conn.execute("ANALYZE talks")
            conn.execute("ANALYZE posts")

    def _bulk_insert(self, tx: Tx, table: str, columns: list[str], rows: list[Any]) -> None:
        if not rows:
            return
        assert isinstance(tx, _Tx)
        with tx.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _insert_talks(self, tx: Tx, talks: list[tuple[object, ...]]) -> None:
        self._bulk_insert(tx, "talks", TALK_COLUMNS, talks)
        self._written += len(talks)

    def _delete_talks(self, tx: Tx, talks: list[tuple[Any, ...]]) -> None:
        tx.run("DELETE FROM talks WHERE talk_id = ANY(?)", ([int(row[0]) for row in talks],))

    def count_page(self, conds: Sequence[Cond], limit: int, offset: int) -> tuple[int, list[int]]:
        """Count and page in one round trip."""
        sql, params = source(conds)
        row = self._read(
            f"WITH c AS MATERIALIZED ({sql})"
            " SELECT (SELECT count(*) FROM c),"
            " array(SELECT talk_id FROM c ORDER BY talk_id DESC LIMIT ? OFFSET ?)",
            [*params, limit, offset],
        )[0]
        return int(row[0]), [int(i) for i in row[1]]

    def ids(self, conds: Sequence[Cond], limit: int | None = None, offset: int = 0) -> list[int]:
        sql, params = source(conds)
        query = f"WITH c AS MATERIALIZED ({sql}) SELECT talk_id FROM c ORDER BY talk_id DESC"
        if limit is not None:
            query += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [int(row[0]) for row in self._read(query, params)]

    def sample(self, conds: Sequence[Cond], step: int) -> list[int]:
        sql, params = source(conds)
        rows = self._read(
            f"SELECT talk_id FROM ({sql}) AS c WHERE talk_id % ? = 0", [*params, step]
        )
        return [int(row[0]) for row in rows]
