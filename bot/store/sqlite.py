"""The SQLite backend: one database file, WAL mode, a connection per thread (from the URL's
engine, bot/db.py), and two contentless FTS5 tables over the talks (bot/store/schema.py).

`talk_tri` is SQLite's own `trigram` tokenizer over each field's ASCII runs (`trigram_text`),
`talk_fts` our short tokens of the non-ASCII runs (`short_tokens`); both have a column per
field and `detail=column` (which columns have a token, no positions). A term's tokens
(bot/store/tokens.py) are looked up where they are: ASCII trigrams in `talk_tri`, tokens with a
non-ASCII character in `talk_fts`, an ASCII bigram as every trigram it starts (from
`talk_tri_vocab`); a search needing both tables is their INTERSECT. A rowid is the talk id
negated, so FTS5's own (ascending) order lists newest first, and a page of them stops early
(FTS5 reads a doclist backwards much more slowly). Being contentless, a talk is removed
with FTS5's 'delete' command and the same texts, recomputed from the normalised texts kept in
`talks`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from bot.db import acquire, driver_connection, release
from bot.dburl import sqlite_path
from bot.store import schema
from bot.store.matching import Cond
from bot.store.rows import TALK_FIELDS
from bot.store.schema import FIELDS
from bot.store.sql import TALK_COLUMNS, SQLStore, Tx
from bot.store.tokens import short_tokens, tokens, trigram_text

FTS_COLUMNS = "title, speaker, impressions, notes"
WHAT = "the search index"
RARE = 2
"""Trigrams a term of more is looked up by in `talk_tri` (its rarest)."""
HASH_BYTES = 32 << 20
"""What each FTS5 table holds in memory before it writes a segment (FTS5's default: 1 MB). A
build's batch of 500 posts is then written as one segment per table, not dozens merged again
and again: 10 % of the index's build time at 10,000 posts. Memory is held only while a
transaction writes."""
MMAP_BYTES = 1 << 30
"""How much of the database file a connection reads through a memory map instead of copying
pages in (address space, not memory: the pages are the OS's file cache). FTS5 reads back its
segments to merge them as it writes: 10 % of the index's build time at 10,000 posts."""
SPREAD = "(id % 1000003)"
"""A sample takes the talks whose SPREAD is a multiple of its step: spread over every post and
position (an id modulo a step alone would take the same position in each meetup's talks: ids
count down from the same number in each, bot/store/schema.py)."""


class _Tx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: Sequence[object] = ()) -> None:
        self.conn.execute(sql, params)

    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self.conn.executemany(sql, rows)


def fts_queries(
    conds: Sequence[Cond],
    starting: Callable[[str], list[str]],
    rarest: Callable[[str], list[str]] | None = None,
) -> dict[str, str]:
    """The FTS5 expression of each table the conds need (empty when nothing can match): every
    cond; a cond is its tokens all in one of its fields (in any of them when it may be in
    every field, or when its tokens are in both tables: a few more candidates, all checked).
    `starting(pair)` lists the trigrams an ASCII bigram starts; `rarest(text)` picks the
    trigrams to look a term up by from all of its own (else: the cond's)."""
    parts: dict[str, list[str]] = {"talk_tri": [], "talk_fts": []}
    for cond in conds:
        picked = rarest(cond.text) if rarest and cond.text else []
        picked = picked or [token for token in cond.tokens if len(token) == 3]
        trigrams = list(map(_quoted, picked))
        short = [_short(token) for token in cond.tokens if not token.isascii()]
        if not trigrams and not short:  # ASCII bigrams only: each is the trigrams it starts
            for pair in cond.tokens:
                found = starting(pair)
                if not found:
                    return {}
                trigrams.append("(" + " OR ".join(map(_quoted, found)) + ")")
        for table, looked_up in (("talk_tri", trigrams), ("talk_fts", short)):
            if looked_up:
                parts[table].append(_in_fields(" ".join(looked_up), cond.fields))
    return {table: " AND ".join(found) for table, found in parts.items() if found}


def _in_fields(phrase: str, fields: Sequence[str]) -> str:
    if set(fields) == set(FIELDS):  # any field: one pass over the doclists
        return f"({phrase})"
    return "(" + " OR ".join(f"{name} : ({phrase})" for name in fields) + ")"


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _short(token: str) -> str:
    """A short token; a lone character as a prefix (it is kept alone only where it ends a run:
    elsewhere a bigram starts with it)."""
    return _quoted(token) + "*" if len(token) == 1 else _quoted(token)


def _index_rows(talks: Sequence[Sequence[Any]]) -> tuple[list[Any], list[Any]]:
    """`talk_tri` and `talk_fts` rows (rowid: the talk id negated) of talks given as (talk_id,
    four normalised texts); a talk without short tokens has no `talk_fts` row."""
    trigrams, short = [], []
    for talk_id, *texts in talks:
        trigrams.append((-talk_id, *map(trigram_text, texts)))
        shorts = list(map(short_tokens, texts))
        if any(shorts):
            short.append((-talk_id, *shorts))
    return trigrams, short


def write_index(
    run_many: Callable[[str, Sequence[Sequence[Any]]], object],
    talks: Sequence[Sequence[Any]],
    command: str = "",
) -> None:
    """Index talks given as (talk_id, four normalised texts), or remove them (`command`
    'delete'), with `run_many` (a transaction's, or `executemany`). In rowid order: FTS5 writes
    out what it holds each time a rowid is lower than the last, and merging those pieces took
    most of a build."""
    ordered = sorted(talks, key=itemgetter(0), reverse=True)
    for table, rows in zip(("talk_tri", "talk_fts"), _index_rows(ordered), strict=True):
        if command:
            sql = f"INSERT INTO {table} ({table}, rowid, {FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"
            run_many(sql, [(command, *row) for row in rows])
        else:
            run_many(f"INSERT INTO {table} (rowid, {FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?)", rows)


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
        self._talks_with: dict[str, int] = {}  # trigram -> talks with it, see _rarest
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
        conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
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
                for table in ("talk_tri", "talk_fts"):  # (kept in the table's own config)
                    sql = f"INSERT INTO {table} ({table}, rank) VALUES ('hashsize', ?)"
                    conn.execute(sql, (HASH_BYTES,))
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
                self._talks_with = {}
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _insert_talks(self, tx: Tx, talks: list[tuple[object, ...]]) -> None:
        talks.sort(key=itemgetter(0))  # appends to the B-tree
        self._bulk_insert(tx, "talks", TALK_COLUMNS, talks)
        write_index(tx.run_many, [(row[0], *row[3 : 3 + len(TALK_FIELDS)]) for row in talks])

    def _delete_talks(self, tx: Tx, talks: list[tuple[Any, ...]]) -> None:
        write_index(tx.run_many, talks, "delete")
        tx.run_many("DELETE FROM talks WHERE talk_id = ?", [(row[0],) for row in talks])

    def _rarest(self, text: str) -> list[str]:
        """The trigrams to look a term up by: the rarest of each of its words and of those
        across a space (which `talk_tri` has too: "a l" narrows "kafka lessons" to the phrase),
        and the next rarest up to RARE (an AND of rare doclists is quick). How many talks have
        a trigram is read once (FTS5 reads its doclist to count it) and kept until this store
        writes: the counts only steer the choice, any of a term's trigrams find every talk with
        it."""
        threes = {text[n : n + 3] for n in range(len(text) - 2)}
        threes = {three for three in threes if three.isascii() and "\n" not in three}
        across = sorted(three for three in threes if " " in three)
        words = [sorted(t for t in tokens(word) if len(t) == 3) for word in text.split(" ")]
        groups = [group for group in (*words, across) if group]
        every = sorted({trigram for group in groups for trigram in group})
        if len(every) <= RARE:
            return every
        missing = [trigram for trigram in every if trigram not in self._talks_with]
        if missing:
            marks = ", ".join("?" * len(missing))
            sql = f"SELECT term, doc FROM talk_tri_vocab WHERE term IN ({marks})"
            counted = dict(self._read(sql, missing))
            self._talks_with.update((t, int(counted.get(t, 0))) for t in missing)
        known = self._talks_with

        def count(trigram: str) -> int:
            return known.get(trigram, 0)

        picked = list(dict.fromkeys(min(group, key=count) for group in groups))
        rest = sorted((t for t in every if t not in picked), key=count)
        return picked + rest[: max(0, RARE - len(picked))]

    def _starting(self, pair: str) -> list[str]:
        """The indexed trigrams an ASCII bigram starts."""
        after = pair[:-1] + chr(ord(pair[-1]) + 1)
        sql = "SELECT term FROM talk_tri_vocab WHERE term >= ? AND term < ?"
        return [str(row[0]) for row in self._read(sql, (pair, after))]

    def _select(self, conds: Sequence[Cond]) -> tuple[str, list[object], str]:
        """SQL selecting the candidates' ids (as `id`), its parameters, and its ORDER BY for the
        highest id first (one table: FTS5's own order); empty when nothing can match."""
        found = fts_queries(conds, self._starting, self._rarest)
        sql = " INTERSECT ".join(f"SELECT -rowid AS id FROM {t} WHERE {t} MATCH ?" for t in found)
        return sql, list(found.values()), "rowid" if len(found) == 1 else "id DESC"

    def count_page(self, conds: Sequence[Cond], limit: int, offset: int) -> tuple[int, list[int]]:
        sql, params, _ = self._select(conds)
        if not sql:
            return 0, []
        total = int(self._read(f"SELECT count(*) FROM ({sql})", params)[0][0])
        return total, self.ids(conds, limit, offset) if total and limit else []

    def ids(self, conds: Sequence[Cond], limit: int | None = None, offset: int = 0) -> list[int]:
        sql, params, order = self._select(conds)
        if not sql:
            return []
        if limit is None:
            return sorted((int(row[0]) for row in self._read(sql, params)), reverse=True)
        rows = self._read(f"{sql} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
        return [int(row[0]) for row in rows]

    def sample(self, conds: Sequence[Cond], step: int) -> list[int]:
        sql, params, _ = self._select(conds)
        if not sql:
            return []
        rows = self._read(f"SELECT id FROM ({sql}) WHERE {SPREAD} % ? = 0", [*params, step])
        return [int(row[0]) for row in rows]

    def count_sample(self, conds: Sequence[Cond], share: int) -> tuple[int, list[int]]:
        sql, params, _ = self._select(conds)
        if not sql:
            return 0, []
        sampled = f"group_concat(id) FILTER (WHERE {SPREAD} % ? = 0)"
        total, ids = self._read(f"SELECT count(*), {sampled} FROM ({sql})", [share, *params])[0]
        return int(total), [int(talk_id) for talk_id in str(ids or "").split(",") if talk_id]
