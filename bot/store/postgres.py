"""The PostgreSQL backend (psycopg 3, connections from the URL's engine, bot/db.py): the same
tables and SQL as SQLite (`bot.store.sql`), with a GIN index over `meetup_keys(n_<field>)`
(bot/store/schema.py) as the full-text index.

A connection per thread, in autocommit for reads, each read prepared with one generic plan and
its rows in binary; a write runs in one transaction holding an
advisory lock, so several replicas can sync into one database without clashing talk ids, and
ends with VACUUM (ANALYZE) when it wrote many talks (ANALYZE_AFTER). Opening brings
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
from bot.store.matcher import SAMPLE
from bot.store.matching import Candidates, Checker, Cond
from bot.store.schema import EVERY_KEYS, SAMPLE_STEPS, sample_key
from bot.store.sql import TALK_COLUMNS, SQLStore, Tx
from bot.store.tokens import key

WRITE_LOCK = 0x77726974  # pg_advisory_xact_lock key ("writ")
ANALYZE_AFTER = 1000
"""Talks written in one transaction after which the tables are vacuumed and analysed: the
planner learns the new rows, the keys waiting in the GIN index's pending list (which every search
reads through) go into the index proper, and the visibility map lets counts skip the table."""
WHAT = "the search index"
HASH = "abs(hashint8extended(talk_id, 1))"
"""A hash of a talk id picking a sample (ids modulo a step would pick the same places in every
post, and words may depend on the place: the first talk, the last)."""
NEAR = 50
"""A page of ids is looked for among this many times as many of the newest talks first."""
ESTIMATE_FROM = 1000
"""Sampled candidates (schema.SAMPLE_STEPS) from which a total is estimated without counting every
candidate: the level's step times theirs is then within 3 % (one standard deviation)."""


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


def _field_lookups(cond: Cond) -> list[str] | None:
    """The per-field index columns a cond looks up, or None: the column of every text."""
    if "notes" in cond.fields or len(cond.fields) > 2:
        return None
    return sorted(f"meetup_keys(n_{name})" for name in cond.fields)


def samplable(conds: Sequence[Cond]) -> bool:
    """Whether a cond looks up every text (the column with the sample key)."""
    return any(_field_lookups(cond) is None for cond in conds)


def _lookups(conds: Sequence[Cond], level: int | None = None) -> tuple[list[str], list[object]]:
    """WHERE conditions, each one bitmap scan of the GIN index, that together select the talks
    meeting every cond (its keys all in the key array of one of its fields): one lookup of the
    every-text column with the keys of every cond over every text (with a sample `level`: and
    that level's key, see schema.EVERY_KEYS), and one per cond over fewer fields."""
    every = sorted({key(t) for cond in conds if _field_lookups(cond) is None for t in cond.tokens})
    wheres, params = list[str](), list[object]()
    if every:
        wheres.append(f"{EVERY_KEYS} @> ?::bigint[]")
        params.append(every if level is None else [*every, sample_key(level)])
    for cond in conds:
        lookups = _field_lookups(cond)
        if lookups is not None:
            wheres.append(" OR ".join(f"{lookup} @> ?::bigint[]" for lookup in lookups))
            params += [[key(token) for token in cond.tokens]] * len(lookups)
    return wheres, params


def source(conds: Sequence[Cond], *, level: int | None = None) -> tuple[str, list[object]]:
    """SELECT of the talk ids meeting every cond: the `_lookups` intersected. One WHERE with
    every cond would let the planner scan the index for one and compute `meetup_keys` row by
    row for the others."""
    wheres, params = _lookups(conds, level)
    return " INTERSECT ".join(f"SELECT talk_id FROM talks WHERE {w}" for w in wheres), params


_SPARSEST_COUNT = f"(SELECT count(*) FROM s{len(SAMPLE_STEPS) - 1})"


def _level(first: int) -> str:
    """SQL of the step of the sample level to estimate from, or 1 (count every candidate): the
    sparsest level expected to hold ESTIMATE_FROM candidates (and `first` in all), judged by the
    sparsest level's count, so that at most two levels are read."""
    whens = " ".join(
        f"WHEN {_SPARSEST_COUNT} * {SAMPLE_STEPS[-1] // step}"
        f" >= {max(ESTIMATE_FROM, -(-first // step))} THEN {step}"
        for step in reversed(SAMPLE_STEPS)
    )
    return f"CASE {whens} ELSE 1 END"


def candidates_sql(
    conds: Sequence[Cond], first: int, share: int, checker: Checker | None
) -> tuple[str, list[object]]:
    """`Index.candidates` in one statement giving the sample level's step (1: none), the total
    (or the level's count), the checked rows of all candidates when fewer than `first`, and the
    sample (checked, with a checker). With a sample wanted and a cond over every text, a common
    term is estimated from a sample level (`_level`): only that level's rows and the sparsest
    level's are read. Otherwise up to `first` candidates are read (`c`), checked in the same
    scan, unless the sparsest level says there are far more; when there are `first` or more,
    all are read to count them (`a`), and the sample is from them. No ids past `first`."""
    sql, params = source(conds)
    wheres, lookups = _lookups(conds)
    where, where_params = (
        (wheres[0], lookups) if len(wheres) == 1 else (f"talk_id IN ({sql})", params)
    )
    values = "".join(f", ({case})::bigint" for case in checker.cases) if checker else ""
    checks = checker.params if checker else []
    levels = list(enumerate(SAMPLE_STEPS)) if share and samplable(conds) else []
    ctes, args = _levels_sql(conds, levels or _sparsest(conds))
    many = f"{_SPARSEST_COUNT} * {SAMPLE_STEPS[-1]} >= {2 * first}" if _sparsest(conds) else "FALSE"
    ctes += [
        f"c AS MATERIALIZED (SELECT ARRAY[talk_id{values}] AS v FROM talks WHERE {where}"
        f" LIMIT {int(first)})",
        f"a AS MATERIALIZED ({sql})",
        "l AS MATERIALIZED (SELECT step, CASE WHEN step = 1 AND NOT"  # the level, once
        f" ({many}) THEN (SELECT count(*) FROM c) END AS n"
        f" FROM (SELECT {_level(first) if levels else 1} AS step OFFSET 0) AS x)",
        f"p AS MATERIALIZED (SELECT {_picks(levels, share, first)} AS ids FROM l)",
    ]
    args += [*checks, *where_params, *params]
    picked = "(SELECT ids FROM p)::bigint[]"
    if checker is not None:
        picked = f"array(SELECT ARRAY[talk_id{values}] FROM talks WHERE talk_id = ANY({picked}))"
        args += checks
    counts = "".join(f"WHEN l.step = {k} THEN (SELECT count(*) FROM s{n}) " for n, k in levels)
    columns = [
        "l.step",
        f"CASE {counts}WHEN l.n < {int(first)} THEN l.n ELSE (SELECT count(*) FROM a) END",
        f"CASE WHEN l.n < {int(first)} THEN array(SELECT v FROM c) END",
        picked,
    ]
    return f"WITH {', '.join(ctes)} SELECT {', '.join(columns)} FROM l", args


def _sparsest(conds: Sequence[Cond]) -> list[tuple[int, int]]:
    """The sparsest sample level, when the conds can be sampled (it tells roughly how many)."""
    return [(len(SAMPLE_STEPS) - 1, SAMPLE_STEPS[-1])] if samplable(conds) else []


def _levels_sql(
    conds: Sequence[Cond], levels: list[tuple[int, int]]
) -> tuple[list[str], list[object]]:
    """A CTE `s<level>` per sample level: the candidates with that level's key."""
    ctes, args = list[str](), list[object]()
    for n, _ in levels:
        sampled, more = source(conds, level=n)
        ctes.append(f"s{n} AS MATERIALIZED ({sampled})")
        args += more
    return ctes, args


def _picks(levels: list[tuple[int, int]], share: int, first: int) -> str:
    """SQL of the sample's ids: 1 in `share` of a sample level's rows, or, when every candidate
    was read (`a`), as many as the matcher checks at most (its own 1 in `share` of a few
    thousand is too few, and it would read them all again for more)."""
    picks = "".join(
        f"WHEN l.step = {k} THEN array(SELECT talk_id FROM s{n}"
        f" WHERE {HASH} % {max(1, share // k)} = 0) "
        for n, k in levels
    )
    step = f"least({max(1, share)}, greatest(1, (SELECT count(*) FROM a) / {SAMPLE}))"
    every = f"array(SELECT talk_id FROM a WHERE {HASH} % {step} = 0)"
    return (
        f"CASE {picks}WHEN {share} > 0 AND l.step = 1 AND (l.n IS NULL OR l.n >= {int(first)})"
        f" THEN {every} END"
    )


def page_sql(conds: Sequence[Cond], limit: int, offset: int) -> tuple[str, list[object]]:
    """A page of the ids meeting every cond, highest first, looked for among the newest talks
    first (NEAR times as many as it needs: the primary key's range and-ed with the GIN lookups),
    so that the rows read are the candidates among those, not every candidate; when they are
    too few for the page, every candidate is read."""
    sql, params = source(conds)
    wheres, lookups = _lookups(conds)
    near = " INTERSECT ".join(
        f"SELECT talk_id FROM talks WHERE ({where}) AND talk_id >= (SELECT talk_id FROM b)"
        for where in wheres
    )
    page = "ORDER BY talk_id DESC LIMIT ? OFFSET ?"
    query = (
        "WITH b AS MATERIALIZED (SELECT talk_id FROM talks ORDER BY talk_id DESC OFFSET ?"
        f" LIMIT 1), n AS MATERIALIZED ({near}), c AS MATERIALIZED ({sql})"
        f" SELECT CASE WHEN (SELECT count(*) FROM n) >= ? THEN array(SELECT talk_id FROM n"
        f" {page}) ELSE array(SELECT talk_id FROM c {page}) END"
    )
    want = offset + limit
    return query, [NEAR * want, *lookups, *params, want, limit, offset, limit, offset]


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
        # Reads are prepared (`_read`); a search's statement is planned once for any keys (its
        # plan is the same GIN scans whatever they are), not again for each search: planning
        # the candidates statement took longer than running it.
        conn.execute("SET plan_cache_mode = force_generic_plan")
        # meetup_keys' cost in the index expressions makes every search look expensive from
        # ~100,000 talks on, and JIT compiled each for 40-100 ms (the search itself: ~1 ms).
        conn.execute("SET jit = off")
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
        conn = self._conn()
        return conn.execute(to_marks(sql, self._url), params, prepare=True, binary=True).fetchall()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Tx]:
        conn = self._conn()
        with conn.transaction(), conn.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            tx = _Tx(cursor, self._url)
            self._written = 0
            yield tx
            if self._written >= ANALYZE_AFTER:  # VACUUM marks rows visible once this is on disk
                cursor.execute("SET LOCAL synchronous_commit = on")
        if self._written >= ANALYZE_AFTER:  # after a build
            conn.execute("VACUUM (ANALYZE) talks, posts")

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

    def candidates(
        self, conds: Sequence[Cond], first: int, share: int, checker: Checker | None = None
    ) -> Candidates:
        """One statement (`candidates_sql`); the checked rows go to the checker."""
        sql, args = candidates_sql(conds, first, share, checker)
        step, total, checked, picked = self._read(sql, args)[0]
        sample = [int(row[0]) for row in picked or ()] if checker else [*(picked or ())]
        if checker is not None:
            checker.record([*(checked or ()), *(picked or ())])
        if step > 1:
            return Candidates(int(total) * step, [], sample, exact=False)
        if checked is None:
            return Candidates(int(total), [], sample)
        return Candidates(int(total), sorted([row[0] for row in checked], reverse=True), [])

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

    def sample(self, conds: Sequence[Cond], step: int) -> list[int]:
        sql, params = source(conds)
        rows = self._read(f"SELECT talk_id FROM ({sql}) AS c WHERE {HASH} % ? = 0", [*params, step])
        return [int(row[0]) for row in rows]

    def ids(self, conds: Sequence[Cond], limit: int | None = None, offset: int = 0) -> list[int]:
        if limit is None:
            sql, params = source(conds)
            query = f"WITH c AS MATERIALIZED ({sql}) SELECT talk_id FROM c ORDER BY talk_id DESC"
            return [int(row[0]) for row in self._read(query, params)]
        return [int(i) for i in self._read(*page_sql(conds, limit, offset))[0][0]]

    def among(self, ids: Sequence[int]) -> tuple[str, list[object]]:
        """One array parameter: the same statement for any number of ids (parsed and planned
        once, psycopg prepares it)."""
        return "= ANY(?)", [list(ids)]
