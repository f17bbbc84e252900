"""What the SQL backends share: writing posts, reading meetups and talks, matching.

SQL here uses `?` placeholders and is the same for SQLite and PostgreSQL (the PostgreSQL backend
turns `?` into `%s` with `bot.db.to_marks`); a backend supplies connections, transactions and
its full-text index (`count_page`, `ids`, writing and deleting talks). Every value
reaches SQL as a bound parameter; SQL text is built from fixed fragments and integers only.
"""

from __future__ import annotations

import abc
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
    StoredPost,
    StoredTalk,
    TouchFile,
    date_from_text,
    talk_from_json,
)
from bot.store.matching import Candidates, Checker, Cond
from bot.store.rows import TALK_FIELDS, Rows, id_range, sort_minutes

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
TALK_COLUMNS = ["talk_id", "post_id", "position", *TALK_FIELDS, "data"]
UPSERT_FILE = (
    "INSERT INTO files (post_id, mtime_ns, size, sha256) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (post_id) DO UPDATE SET mtime_ns = excluded.mtime_ns,"
    " size = excluded.size, sha256 = excluded.sha256"
)
UPSERT_NOTE = (
    "INSERT INTO notes (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
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
    """A Store over a DB-API database; subclasses give connections and the full-text index."""

    instr: str
    """The SQL function giving the 1-based position of a substring (0 when absent)."""
    field_lookups_cheap: bool
    """See `bot.store.matching.Index`."""

    @abc.abstractmethod
    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """Run one read-only statement."""

    @abc.abstractmethod
    def _transaction(self) -> AbstractContextManager[Tx]:
        """A write transaction: committed when the block ends, rolled back on error."""

    @abc.abstractmethod
    def _insert_talks(self, tx: Tx, talks: list[tuple[object, ...]]) -> None:
        """Insert talk rows (TALK_COLUMNS) and index them."""

    @abc.abstractmethod
    def _delete_talks(self, tx: Tx, talks: list[tuple[Any, ...]]) -> None:
        """Delete talks given as (talk_id, n_title, n_speaker, n_impressions, n_notes)."""

    @abc.abstractmethod
    def count_page(self, conds: Sequence[Cond], limit: int, offset: int) -> tuple[int, list[int]]:
        """See `bot.store.matching.Index`."""

    @abc.abstractmethod
    def ids(self, conds: Sequence[Cond], limit: int | None = None, offset: int = 0) -> list[int]:
        """See `bot.store.matching.Index`."""

    @abc.abstractmethod
    def sample(self, conds: Sequence[Cond], step: int) -> list[int]:
        """See `bot.store.matching.Index`."""

    def candidates(
        self, conds: Sequence[Cond], first: int, share: int, checker: Checker | None = None
    ) -> Candidates:
        """See `bot.store.matching.Index`: the first ids, then `count_sample` past them."""
        ids = self.ids(conds, first)
        if len(ids) < first:
            return Candidates(len(ids), ids, [])
        if not share:
            return Candidates(self.count_page(conds, 0, 0)[0], ids, [])
        total, sample = self.count_sample(conds, share)
        return Candidates(total, ids, sample)

    def among(self, ids: Sequence[int]) -> tuple[str, list[object]]:
        return f"IN ({', '.join('?' * len(ids))})", list(ids)

    def count_sample(self, conds: Sequence[Cond], share: int) -> tuple[int, list[int]]:
        total = self.count_page(conds, 0, 0)[0]
        return total, self.sample(conds, share) if total else []

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._read(sql, params)

    def _bulk_insert(self, tx: Tx, table: str, columns: list[str], rows: list[Any]) -> None:
        marks = ", ".join("?" * len(columns))
        tx.run_many(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    # --- writing -------------------------------------------------------------------------------
    def apply(self, changes: Sequence[Change]) -> None:
        if not changes:
            return
        with self._transaction() as tx:
            rows, pending, lowest = Rows(), set[str](), dict[int, int]()
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
                    if change.stored is not None:
                        next_id = self._next_id(tx, change.stored, lowest)
                        rows.add_post(change.post_id, change.stored, change.url, next_id)
                        pending.add(change.post_id)
                    fp = change.fingerprint
                    tx.run(UPSERT_FILE, (change.post_id, fp.mtime_ns, fp.size, fp.sha256))
            self._flush(tx, rows)

    @staticmethod
    def _next_id(tx: Tx, post: StoredPost, lowest: dict[int, int]) -> int:
        """The id of the post's first talk: below every talk of the same date so far (post order
        within a date is id order, highest first); `lowest` remembers the batch's own."""
        minutes = sort_minutes(post.date)
        low, high = id_range(minutes)
        if minutes not in lowest:
            found = tx.rows(
                "SELECT min(talk_id) FROM talks WHERE talk_id BETWEEN ? AND ?", (low, high)
            )
            lowest[minutes] = high + 1 if found[0][0] is None else int(found[0][0])
        next_id = lowest[minutes] - 1
        lowest[minutes] -= len(post.talks)
        if lowest[minutes] < low:
            raise ValueError(f"more than {high - low} talks written for one meetup date")
        return next_id

    def _flush(self, tx: Tx, rows: Rows) -> None:
        self._bulk_insert(tx, "posts", POST_COLUMNS, rows.posts)
        if rows.talks:
            self._insert_talks(tx, rows.talks)

    def _remove_post(self, tx: Tx, post_id: str) -> None:
        talks = tx.rows(
            f"SELECT talk_id, {', '.join(TALK_FIELDS)} FROM talks WHERE post_id = ?", (post_id,)
        )
        if talks:
            self._delete_talks(tx, talks)
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
            where.append(f"{self.instr}(p.n_key, ?) > 0")
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
        return matcher.match(self, terms, weights, offset=offset, limit=limit)
