"""The contenders `bench_search.py` runs beside our index, on the same talks, in the same run:

- SQLite: FTS5 with the `trigram` tokenizer (terms of 3+ characters by MATCH, shorter ones by
  LIKE, which scans), and FTS5 over CJK bigrams + ASCII words (`unicode61`; word semantics, so its
  totals differ from ours: `grafana` does not find `grafanacon`).
- PostgreSQL: pg_trgm GIN indexes on the four field columns, terms by LIKE.

Each builds from the normalised texts our store keeps (`talks`), and ranks as we do (the weight
of the best field per term, then the newest talk) over its own candidates, returning the total
and the first page, so only candidate generation and counting differ.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.query import Term

FIELDS = ("title", "speaker", "impressions", "notes")
Row = tuple[int, str, str, str, str]


def _score(terms: Sequence[Term], weights: dict[str, int], instr: str) -> tuple[str, list[str]]:
    parts, params = [], []
    for term in terms:
        fields = sorted(term.fields, key=lambda name: -weights[name])
        whens = " ".join(f"WHEN {instr}({name}, ?) > 0 THEN {weights[name]}" for name in fields)
        parts.append(f"CASE {whens} ELSE 0 END")
        params += [term.text] * len(fields)
    return " + ".join(parts), params


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text) + "%"


class Fts5:
    """FTS5 over an external-content table of the texts: trigram, or bigrams + words."""

    built = 0.0
    """Seconds the last build took."""
    built_cpu = 0.0
    """CPU seconds of this process the last build took (SQLite works in the process)."""

    def __init__(self, path: str, kind: str) -> None:
        self.kind = kind
        self.name = "FTS5 trigram" if kind == "trigram" else "FTS5 bigram+words"
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")

    def exists(self) -> bool:
        """Whether the file holds a built index (`bench_search.py --keep` reuses it)."""
        return bool(self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'f'").fetchall())

    def build(self, rows: Sequence[Row]) -> float:
        started, cpu = time.perf_counter(), time.process_time()
        cols = ", ".join(FIELDS)
        self.db.execute("BEGIN")
        self.db.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {cols})")
        tokenize = "trigram" if self.kind == "trigram" else "unicode61"
        self.db.execute(
            f"CREATE VIRTUAL TABLE f USING fts5({cols}, content='t', content_rowid='id',"
            f" tokenize='{tokenize}')"
        )
        if self.kind == "trigram":
            self.db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
            self.db.execute("INSERT INTO f (f) VALUES ('rebuild')")
        else:  # the index gets bigrams + words; the content table keeps the texts
            self.db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
            self.db.executemany(
                f"INSERT INTO f (rowid, {cols}) VALUES (?, ?, ?, ?, ?)",
                [(row[0], *(bigram_words(text) for text in row[1:])) for row in rows],
            )
        self.db.execute("COMMIT")
        self.built_cpu = time.process_time() - cpu
        return time.perf_counter() - started

    def size(self) -> int:
        """Bytes of the full-text index (its shadow tables), the texts left out."""
        row = self.db.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'f\\_%' ESCAPE '\\'"
        ).fetchone()
        return int(row[0] or 0)

    def search(self, terms: Sequence[Term], weights: dict[str, int]) -> tuple[int, list[int]]:
        score, params = _score(terms, weights, "instr")
        matches, likes, like_params = [], [], []
        for term in terms:
            if self.kind == "trigram" and len(term.text) < 3:
                likes.append(
                    "(" + " OR ".join(f"{n} LIKE ? ESCAPE '\\'" for n in term.fields) + ")"
                )
                like_params += [_like(term.text)] * len(term.fields)
                continue
            text = term.text if self.kind == "trigram" else bigram_words(term.text)
            phrase = '"' + text.replace('"', '""') + '"'
            matches.append("{" + " ".join(term.fields) + "} : " + phrase)
        where, where_params = [], list[Any]()
        source = "t"
        if matches:
            source = "f"
            where.append("f MATCH ?")
            where_params.append(" AND ".join(matches))
        where += likes
        sql = (
            f"SELECT id, score, count(*) OVER () FROM (SELECT rowid AS id, {score} AS score"
            f" FROM {source} WHERE {' AND '.join(where)}) ORDER BY score DESC, id DESC LIMIT 5"
        )
        rows = self.db.execute(sql, [*params, *where_params, *like_params]).fetchall()
        return (int(rows[0][2]) if rows else 0), [int(row[0]) for row in rows]

    def close(self) -> None:
        self.db.close()


_RUNS = re.compile(r"[a-z0-9]+|[^\x00-\x7f]+")


def bigram_words(text: str) -> str:
    """ASCII words as they are, runs of other characters as overlapping bigrams (or the one
    character), space-separated: the tokens `unicode61` then indexes."""
    out: list[str] = []
    for run in _RUNS.findall(text):
        if run.isascii() or len(run) == 1:
            out.append(run)
        else:
            out += [run[i : i + 2] for i in range(len(run) - 1)]
    return " ".join(out)


def ours_index_only(path: str, rows: Sequence[Row]) -> tuple[float, float]:
    """Seconds (wall, CPU) to build our SQLite index from the same rows as the contenders (texts
    table + our two FTS5 tables, in a scratch file): the index part of our build, like for like."""
    from bot.store.schema import FTS5
    from bot.store.sqlite import write_index

    Path(path).unlink(missing_ok=True)
    started, cpu = time.perf_counter(), time.process_time()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("BEGIN")
    db.execute(f"CREATE TABLE t (id INTEGER PRIMARY KEY, {', '.join(FIELDS)})")
    for statement in FTS5:
        db.execute(statement)
    db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    write_index(db.executemany, rows)
    db.execute("COMMIT")
    db.close()
    return time.perf_counter() - started, time.process_time() - cpu


class PgTrgm:
    """pg_trgm GIN indexes on the four field columns; terms by LIKE."""

    name = "pg_trgm"
    built = 0.0
    built_cpu = 0.0

    def __init__(self, url: str) -> None:
        import psycopg

        self.db = psycopg.connect(url, autocommit=True)

    def exists(self) -> bool:
        return False  # a throwaway server each run

    def build(self, rows: Sequence[Row]) -> float:
        started = time.perf_counter()
        self.db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cols = ", ".join(f"{name} TEXT NOT NULL" for name in FIELDS)
        self.db.execute(f"CREATE TABLE bt (id BIGINT PRIMARY KEY, {cols})")
        with (
            self.db.cursor() as cursor,
            cursor.copy(f"COPY bt (id, {', '.join(FIELDS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        for name in FIELDS:
            self.db.execute(f"CREATE INDEX bt_{name} ON bt USING gin ({name} gin_trgm_ops)")
        self.db.execute("ANALYZE bt")
        return time.perf_counter() - started

    def size(self) -> int:
        row = self.db.execute(
            "SELECT sum(pg_relation_size(c.oid)) FROM pg_class c WHERE c.relname LIKE 'bt\\_%'"
        ).fetchone()
        return int(row[0] or 0) if row else 0

    def search(self, terms: Sequence[Term], weights: dict[str, int]) -> tuple[int, list[int]]:
        score, params = _score(terms, weights, "strpos")
        where, like_params = [], list[str]()
        for term in terms:
            where.append("(" + " OR ".join(f"{n} LIKE %s" for n in term.fields) + ")")
            like_params += [_like(term.text)] * len(term.fields)
        score = score.replace("?", "%s")
        sql = (
            f"SELECT id, score, count(*) OVER () FROM (SELECT id, {score} AS score"
            f" FROM bt WHERE {' AND '.join(where)}) AS m ORDER BY score DESC, id DESC LIMIT 5"
        )
        rows = self.db.execute(sql, [*params, *like_params]).fetchall()
        return (int(rows[0][2]) if rows else 0), [int(row[0]) for row in rows]

    def close(self) -> None:
        self.db.close()
