"""The ledger on SQLite and PostgreSQL: the `publish_*` tables of bot/tables.py, one SQL.

Statements are written with `?` marks (PostgreSQL turns them into `%s`); every value is a bound
parameter. Each method is one statement over one autocommit connection (bot/db.py), so it is
atomic on its own (a kill -9 leaves the old row or the new one, never half), and a claim is one
conditional UPDATE: of several processes racing for a part, exactly one sees rowcount 1 (on
PostgreSQL the UPDATE re-checks after waiting for a competing row lock), so any number of
`serve` / `publish` processes on one database post each part exactly once. The tables are
migrated on open (bot/db.py, bot/migrations).
"""

from __future__ import annotations

from dataclasses import astuple, fields
from typing import Any

from bot.db import Connection
from bot.publish.ledger import NEW, POSTED, POSTING, Ledger, PartRecord, PostRecord

POST_COLUMNS = [f.name for f in fields(PostRecord)]
PART_COLUMNS = [f.name for f in fields(PartRecord)]
_POSTS = ", ".join(POST_COLUMNS)
_MARKS = ", ".join("?" for _ in POST_COLUMNS)
_SET = ", ".join(f"{c} = ?" for c in POST_COLUMNS[1:])
_UPSERT = ", ".join(f"{c} = excluded.{c}" for c in POST_COLUMNS[1:])
_PARTS = ", ".join(PART_COLUMNS)
_PART_KEY = "post_id = ? AND target = ? AND part = ?"


class SQLLedger(Ledger):
    """The ledger in the database at `url` (SQLite or PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self._db = Connection(url, "the publishing ledger")

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        """Execute one statement; the number of rows it changed."""
        return self._db.run(sql, params)

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._db.all(sql, params)

    def close(self) -> None:
        self._db.close()

    def baseline_done(self, name: str = "baseline") -> bool:
        return bool(self._all("SELECT 1 FROM publish_meta WHERE key = ?", (name,)))

    def mark_baseline_done(self, name: str = "baseline") -> None:
        self._run(
            "INSERT INTO publish_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (name, "1"),
        )

    def posts(self) -> dict[str, PostRecord]:
        return {row[0]: _post(row) for row in self._all(f"SELECT {_POSTS} FROM publish_posts")}

    def get_post(self, post_id: str) -> PostRecord | None:
        rows = self._all(f"SELECT {_POSTS} FROM publish_posts WHERE post_id = ?", (post_id,))
        return _post(rows[0]) if rows else None

    def put_post(self, record: PostRecord) -> None:
        self._run(
            f"INSERT INTO publish_posts ({_POSTS}) VALUES ({_MARKS})"
            f" ON CONFLICT (post_id) DO UPDATE SET {_UPSERT}",
            astuple(record),
        )

    def put_post_if_absent(self, record: PostRecord) -> bool:
        sql = (
            f"INSERT INTO publish_posts ({_POSTS}) VALUES ({_MARKS})"
            " ON CONFLICT (post_id) DO NOTHING"
        )
        return self._run(sql, astuple(record)) == 1

    def put_post_if_state(self, record: PostRecord, state: str) -> bool:
        sql = f"UPDATE publish_posts SET {_SET} WHERE post_id = ? AND state = ?"
        return self._run(sql, (*astuple(record)[1:], record.post_id, state)) == 1

    def update_file(self, post_id: str, mtime_ns: int, size: int, title: str, date: str) -> None:
        self._run(
            "UPDATE publish_posts SET mtime_ns = ?, size = ?, title = ?, date = ?"
            " WHERE post_id = ?",
            (mtime_ns, size, title, date, post_id),
        )

    def reserve_send(self, channel: str, now: float, interval: float) -> float:
        rows = self._all(
            "INSERT INTO publish_channels (channel, next_at) VALUES (?, ?)"
            " ON CONFLICT (channel) DO UPDATE SET next_at = CASE"
            " WHEN publish_channels.next_at > ? THEN publish_channels.next_at + ? ELSE ? END"
            " RETURNING next_at",
            (channel, now + interval, now, interval, now + interval),
        )
        return float(rows[0][0]) - interval

    def set_pending(
        self, post_id: str, pending: bool, reason: str = "", error: bool = False
    ) -> None:
        self._run(
            "UPDATE publish_posts SET pending = ?, reason = ?, error = ? WHERE post_id = ?",
            (pending, reason, error, post_id),
        )

    def set_permalink(self, post_id: str, permalink: str) -> None:
        self._run("UPDATE publish_posts SET permalink = ? WHERE post_id = ?", (permalink, post_id))

    def targets(self, post_id: str) -> list[str]:
        rows = self._all(
            "SELECT DISTINCT target FROM publish_parts WHERE post_id = ? ORDER BY target",
            (post_id,),
        )
        return [str(row[0]) for row in rows]

    def parts(self, post_id: str, *, target: str = "") -> list[PartRecord]:
        rows = self._all(
            f"SELECT {_PARTS} FROM publish_parts WHERE post_id = ? AND target = ?"
            " ORDER BY position, part",
            (post_id, target),
        )
        return [PartRecord(*row) for row in rows]

    def add_part(
        self, post_id: str, part: str, position: int, ident: str, *, target: str = ""
    ) -> None:
        self._run(
            "INSERT INTO publish_parts (post_id, target, part, position, ident, state,"
            " content_hash, claim_expires) VALUES (?, ?, ?, ?, ?, ?, '', 0)"
            " ON CONFLICT (post_id, target, part)"
            " DO UPDATE SET position = excluded.position, ident = excluded.ident",
            (post_id, target, part, position, ident, NEW),
        )

    def claim(
        self, post_id: str, part: str, owner: str, now: float, ttl: float, *, target: str = ""
    ) -> bool:
        return (
            self._run(
                f"UPDATE publish_parts SET claim_owner = ?, claim_expires = ? WHERE {_PART_KEY}"
                " AND (claim_owner IS NULL OR claim_owner = ? OR claim_expires < ?)",
                (owner, now + ttl, post_id, target, part, owner, now),
            )
            == 1
        )

    def take_over(
        self,
        post_id: str,
        part: str,
        old_owner: str,
        owner: str,
        now: float,
        ttl: float,
        *,
        target: str = "",
    ) -> bool:
        return (
            self._run(
                f"UPDATE publish_parts SET claim_owner = ?, claim_expires = ? WHERE {_PART_KEY}"
                " AND claim_owner = ?",
                (owner, now + ttl, post_id, target, part, old_owner),
            )
            == 1
        )

    def release(self, post_id: str, part: str, owner: str, *, target: str = "") -> None:
        self._run(
            f"UPDATE publish_parts SET claim_owner = NULL, claim_expires = 0"
            f" WHERE {_PART_KEY} AND claim_owner = ?",
            (post_id, target, part, owner),
        )

    def mark_attempt(self, post_id: str, part: str, channel: str, *, target: str = "") -> None:
        self._run(
            f"UPDATE publish_parts SET state = ?, channel = ? WHERE {_PART_KEY} AND state = ?",
            (POSTING, channel, post_id, target, part, NEW),
        )

    def record_sent(
        self,
        post_id: str,
        part: str,
        channel: str,
        ts: str,
        content_hash: str,
        state: str,
        *,
        target: str = "",
    ) -> None:
        self._run(
            f"UPDATE publish_parts SET state = ?, channel = ?, ts = ?, content_hash = ?"
            f" WHERE {_PART_KEY}",
            (state or POSTED, channel, ts, content_hash, post_id, target, part),
        )


def _post(row: tuple[Any, ...]) -> PostRecord:
    values = list(row)
    values[6], values[8] = bool(values[6]), bool(values[8])  # pending, error
    return PostRecord(*values)
