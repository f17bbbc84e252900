"""What the SQL backends share: writing posts, reading meetups and talks, matching.

SQL here uses `?` placeholders and is the same for SQLite and PostgreSQL (the PostgreSQL backend
turns `?` into `%s`); a backend supplies connections, transactions and its Dialect. Every value
reaches SQL as a bound parameter; SQL text is built from fixed fragments and integers only.
"""

from __future__ import annotations

import abc
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from bot.model import MeetupRef
from bot.query import Term
from bot.store import matcher
from bot.store.base import (
    Change,
    DeleteFile,
    Fingerprint,
    MatchPage,
    PutPost,
    Store,
    StoredTalk,
    TouchFile,
    date_from_text,
    talk_from_json,
)
from bot.store.matching import Dialect
from bot.store.rows import Rows, key_counts_of

CHUNK = 500
MEETUP_COLUMNS = "p.post_id, p.title, p.date, p.url, p.talk_count"
POST_COLUMNS = [
    "post_id",
    "title",
    "date",
    "sort_date",
    "url",
    "talk_count",
    "n_key",
    "day",
]
TALK_COLUMNS = [
    "talk_id",
    "post_id",
    "position",
    "sort_key",
    "n_title",
    "n_speaker",
    "n_impressions",
    "n_notes",
    "data",
]
GRAM_COLUMNS = ["gram", "talk_id", "fields", "sort_key"]
UPSERT_FILE = (
    "INSERT INTO files (post_id, mtime_ns, size, sha256) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (post_id) DO UPDATE SET mtime_ns = excluded.mtime_ns,"
    " size = excluded.size, sha256 = excluded.sha256"
)
UPSERT_NOTE = (
    "INSERT INTO notes (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)
ADD_STATS = (
    "INSERT INTO gram_stats (gram, n) VALUES (?, ?)"
    " ON CONFLICT (gram) DO UPDATE SET n = gram_stats.n + excluded.n"
)


class Tx(Protocol):
    """One open transaction."""

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]: ...
    def run(self, sql: str, params: Sequence[object] = ()) -> None: ...
    def run_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...


def meetup_of(row: Sequence[Any]) -> MeetupRef:
    post_id, title, date_text, url, count = row
    return MeetupRef(
        post_id=str(post_id),
        title=str(title),
        date=date_from_text(str(date_text)),
        url=None if url is None else str(url),
        talk_count=int(count),
    )


class SQLStore(Store):
    """A Store over a DB-API database; subclasses give connections and the dialect."""

    DIALECT: Dialect

    @abc.abstractmethod
    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one read-only statement."""

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[Tx]:
        """A write transaction: committed when the block ends, rolled back on error."""

    def _bulk_insert(self, tx: Tx, table: str, columns: list[str], rows: list[Any]) -> None:
        marks = ", ".join("?" * len(columns))
        tx.run_many(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def _delete_postings(self, tx: Tx, keys: list[int], low: int, high: int) -> None:
        tx.run_many(
            "DELETE FROM grams WHERE gram = ? AND talk_id BETWEEN ? AND ?",
            [(key, low, high) for key in keys],
        )

    # --- writing -------------------------------------------------------------------------------
    def apply(self, changes: Sequence[Change]) -> None:
        if not changes:
            return
        with self._transaction() as tx:
            next_id = int(tx.rows("SELECT coalesce(max(talk_id), 0) + 1 FROM talks")[0][0])
            rows, pending = Rows(), set[str]()
            for change in changes:
                if not isinstance(change, (TouchFile, DeleteFile, PutPost)):
                    raise TypeError(f"unknown change {change!r}")
                if change.post_id in pending:  # the same post twice: write what came before
                    self._flush(tx, rows)
                    rows, pending = Rows(), set()
                if isinstance(change, TouchFile):
                    fp = change.fingerprint
                    tx.run(
                        "UPDATE files SET mtime_ns = ?, size = ?, sha256 = ? WHERE post_id = ?",
                        (fp.mtime_ns, fp.size, fp.sha256, change.post_id),
                    )
                elif isinstance(change, DeleteFile):
                    self._remove_post(tx, change.post_id)
                    tx.run("DELETE FROM files WHERE post_id = ?", (change.post_id,))
                else:
                    self._remove_post(tx, change.post_id)
                    if change.post is not None:
                        next_id = rows.add_post(change.post_id, change.post, change.url, next_id)
                        pending.add(change.post_id)
                    fp = change.fingerprint
                    tx.run(UPSERT_FILE, (change.post_id, fp.mtime_ns, fp.size, fp.sha256))
            self._flush(tx, rows)

    def _flush(self, tx: Tx, rows: Rows) -> None:
        self._bulk_insert(tx, "posts", POST_COLUMNS, rows.posts)
        self._bulk_insert(tx, "talks", TALK_COLUMNS, rows.talks)
        rows.postings.sort()
        self._bulk_insert(tx, "grams", GRAM_COLUMNS, rows.postings)
        tx.run_many(ADD_STATS, sorted(rows.key_counts.items()))

    def _remove_post(self, tx: Tx, post_id: str) -> None:
        texts = tx.rows(
            "SELECT talk_id, n_title, n_speaker, n_impressions, n_notes FROM talks"
            " WHERE post_id = ?",
            (post_id,),
        )
        if texts:
            counts: Counter[int] = key_counts_of(tuple(row[1:]) for row in texts)
            ids = [int(row[0]) for row in texts]
            self._delete_postings(tx, sorted(counts), min(ids), max(ids))
            tx.run_many(ADD_STATS, sorted((key, -n) for key, n in counts.items()))
        tx.run("DELETE FROM talks WHERE post_id = ?", (post_id,))
        tx.run("DELETE FROM posts WHERE post_id = ?", (post_id,))

    # --- reading -------------------------------------------------------------------------------
    def file_fingerprints(self) -> dict[str, Fingerprint]:
        rows = self._read("SELECT post_id, mtime_ns, size, sha256 FROM files")
        return {str(k): Fingerprint(int(m), int(s), str(h)) for k, m, s, h in rows}

    def note(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM notes WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_note(self, key: str, value: str) -> None:
        with self._transaction() as tx:
            tx.run(UPSERT_NOTE, (key, value))

    def list_meetups(
        self, *, contains: Sequence[str] = (), day_prefix: str = "", limit: int | None = None
    ) -> list[MeetupRef]:
        where, params = ["1 = 1"], list[object]()
        for text in contains:
            where.append(f"{self.DIALECT.instr}(p.n_key, ?) > 0")
            params.append(text)
        if day_prefix:
            where.append("substr(p.day, 1, ?) = ?")
            params += [len(day_prefix), day_prefix]
        sql = (
            f"SELECT {MEETUP_COLUMNS} FROM posts p WHERE {' AND '.join(where)}"
            " ORDER BY p.sort_date DESC, p.post_id"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [meetup_of(row) for row in self._read(sql, params)]

    def get_meetup(self, post_id: str) -> MeetupRef | None:
        rows = self._read(f"SELECT {MEETUP_COLUMNS} FROM posts p WHERE p.post_id = ?", (post_id,))
        return meetup_of(rows[0]) if rows else None

    def _talks(self, where: str, params: Sequence[object]) -> Iterator[StoredTalk]:
        rows = self._read(
            f"SELECT t.talk_id, t.position, t.data, {MEETUP_COLUMNS}"
            f" FROM talks t JOIN posts p ON p.post_id = t.post_id WHERE {where}",
            params,
        )
        for talk_id, position, data, *rest in rows:
            yield StoredTalk(int(talk_id), meetup_of(rest), int(position), talk_from_json(data))

    def get_talks(self, talk_ids: Sequence[int]) -> list[StoredTalk]:
        found: dict[int, StoredTalk] = {}
        ids = [int(i) for i in talk_ids]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            found.update((t.talk_id, t) for t in self._talks(f"t.talk_id IN ({marks})", chunk))
        return [found[i] for i in ids if i in found]

    def meetup_talks(self, post_id: str, *, offset: int, limit: int) -> list[StoredTalk]:
        where = "t.post_id = ? ORDER BY t.position LIMIT ? OFFSET ?"
        return list(self._talks(where, (post_id, limit, offset)))

    def match(
        self, terms: Sequence[Term], weights: dict[str, int], *, offset: int, limit: int
    ) -> MatchPage:
        return matcher.match(self._read, self.DIALECT, terms, weights, offset=offset, limit=limit)
