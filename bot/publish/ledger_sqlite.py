"""The SQLite ledger: `publish_*` tables in the MEETUP_DATABASE_URL file, WAL mode.

One connection guarded by a lock, autocommit: every method is one statement (or one
`BEGIN IMMEDIATE` transaction), so a kill -9 leaves either the old or the new row, never half.
Every value is a bound parameter.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import astuple, fields
from pathlib import Path
from typing import Any

from bot.errors import LEDGER_CANNOT_OPEN, ConfigError
from bot.publish.ledger import NEW, POSTED, POSTING, Ledger, PartRecord, PostRecord

SCHEMA = """
CREATE TABLE IF NOT EXISTS publish_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS publish_posts (
    post_id TEXT PRIMARY KEY, file_key TEXT NOT NULL, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, state TEXT NOT NULL, due_at REAL, pending INTEGER NOT NULL,
    reason TEXT NOT NULL, error INTEGER NOT NULL, layout TEXT, title TEXT NOT NULL,
    date TEXT NOT NULL, permalink TEXT
);
CREATE TABLE IF NOT EXISTS publish_parts (
    post_id TEXT NOT NULL, part TEXT NOT NULL, position INTEGER NOT NULL, ident TEXT NOT NULL,
    state TEXT NOT NULL, channel TEXT, ts TEXT, content_hash TEXT NOT NULL,
    claim_owner TEXT, claim_expires REAL NOT NULL, PRIMARY KEY (post_id, part)
);
"""
_POST_COLUMNS = ", ".join(f.name for f in fields(PostRecord))
_POST_MARKS = ", ".join("?" for _ in fields(PostRecord))
_PART_COLUMNS = ", ".join(f.name for f in fields(PartRecord))


class SQLiteLedger(Ledger):
    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(
                path, timeout=30, isolation_level=None, check_same_thread=False
            )
            if path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.executescript(SCHEMA)
        except sqlite3.Error as error:
            raise ConfigError(LEDGER_CANNOT_OPEN.format(path=path, reason=error)) from None
        self._lock = threading.Lock()

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, params)

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def baseline_done(self) -> bool:
        return bool(self._all("SELECT 1 FROM publish_meta WHERE key = ?", ("baseline",)))

    def mark_baseline_done(self) -> None:
        sql = "INSERT OR IGNORE INTO publish_meta (key, value) VALUES (?, ?)"
        self._run(sql, ("baseline", "1"))

    def posts(self) -> dict[str, PostRecord]:
        rows = self._all(f"SELECT {_POST_COLUMNS} FROM publish_posts")
        return {row[0]: _post(row) for row in rows}

    def get_post(self, post_id: str) -> PostRecord | None:
        rows = self._all(f"SELECT {_POST_COLUMNS} FROM publish_posts WHERE post_id = ?", (post_id,))
        return _post(rows[0]) if rows else None

    def put_post(self, record: PostRecord) -> None:
        sql = f"INSERT OR REPLACE INTO publish_posts ({_POST_COLUMNS}) VALUES ({_POST_MARKS})"
        self._run(sql, astuple(record))

    def put_post_if_absent(self, record: PostRecord) -> bool:
        sql = f"INSERT OR IGNORE INTO publish_posts ({_POST_COLUMNS}) VALUES ({_POST_MARKS})"
        return self._run(sql, astuple(record)).rowcount == 1

    def set_pending(
        self, post_id: str, pending: bool, reason: str = "", error: bool = False
    ) -> None:
        self._run(
            "UPDATE publish_posts SET pending = ?, reason = ?, error = ? WHERE post_id = ?",
            (int(pending), reason, int(error), post_id),
        )

    def set_permalink(self, post_id: str, permalink: str) -> None:
        self._run("UPDATE publish_posts SET permalink = ? WHERE post_id = ?", (permalink, post_id))

    def parts(self, post_id: str) -> list[PartRecord]:
        rows = self._all(
            f"SELECT {_PART_COLUMNS} FROM publish_parts WHERE post_id = ? ORDER BY position, part",
            (post_id,),
        )
        return [PartRecord(*row) for row in rows]

    def add_part(self, post_id: str, part: str, position: int, ident: str) -> None:
        self._run(
            "INSERT INTO publish_parts (post_id, part, position, ident, state, content_hash,"
            " claim_expires) VALUES (?, ?, ?, ?, ?, '', 0) ON CONFLICT (post_id, part)"
            " DO UPDATE SET position = excluded.position, ident = excluded.ident",
            (post_id, part, position, ident, NEW),
        )

    def claim(self, post_id: str, part: str, owner: str, now: float, ttl: float) -> bool:
        cursor = self._run(
            "UPDATE publish_parts SET claim_owner = ?, claim_expires = ? WHERE post_id = ?"
            " AND part = ? AND (claim_owner IS NULL OR claim_owner = ? OR claim_expires < ?)",
            (owner, now + ttl, post_id, part, owner, now),
        )
        return cursor.rowcount == 1

    def take_over(
        self, post_id: str, part: str, old_owner: str, owner: str, now: float, ttl: float
    ) -> bool:
        cursor = self._run(
            "UPDATE publish_parts SET claim_owner = ?, claim_expires = ? WHERE post_id = ?"
            " AND part = ? AND claim_owner = ?",
            (owner, now + ttl, post_id, part, old_owner),
        )
        return cursor.rowcount == 1

    def release(self, post_id: str, part: str, owner: str) -> None:
        self._run(
            "UPDATE publish_parts SET claim_owner = NULL, claim_expires = 0"
            " WHERE post_id = ? AND part = ? AND claim_owner = ?",
            (post_id, part, owner),
        )

    def mark_attempt(self, post_id: str, part: str, channel: str) -> None:
        self._run(
            "UPDATE publish_parts SET state = ?, channel = ? WHERE post_id = ? AND part = ?"
            " AND state = ?",
            (POSTING, channel, post_id, part, NEW),
        )

    def record_sent(
        self, post_id: str, part: str, channel: str, ts: str, content_hash: str, state: str
    ) -> None:
        self._run(
            "UPDATE publish_parts SET state = ?, channel = ?, ts = ?, content_hash = ?"
            " WHERE post_id = ? AND part = ?",
            (state or POSTED, channel, ts, content_hash, post_id, part),
        )


def _post(row: tuple[Any, ...]) -> PostRecord:
    values = list(row)
    values[6], values[8] = bool(values[6]), bool(values[8])  # pending, error
    return PostRecord(*values)
