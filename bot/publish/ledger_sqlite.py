"""The SQLite ledger: `publish_*` tables in the MEETUP_DATABASE_URL file, WAL mode.

One connection guarded by a lock, autocommit: every method is one statement (ledger_sql.py),
so a kill -9 leaves either the old or the new row, never half. A ledger from before per-channel
parts (no `target` column) is rebuilt once, in one `BEGIN IMMEDIATE` transaction.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.db import Connection, cannot_open
from bot.publish.ledger_sql import SQLLedger

PARTS_TABLE = """
CREATE TABLE IF NOT EXISTS {name} (
    post_id TEXT NOT NULL, part TEXT NOT NULL, position INTEGER NOT NULL, ident TEXT NOT NULL,
    state TEXT NOT NULL, channel TEXT, ts TEXT, content_hash TEXT NOT NULL,
    claim_owner TEXT, claim_expires REAL NOT NULL, target TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (post_id, target, part)
);
"""
SCHEMA = """
CREATE TABLE IF NOT EXISTS publish_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS publish_posts (
    post_id TEXT PRIMARY KEY, file_key TEXT NOT NULL, mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL, state TEXT NOT NULL, due_at REAL, pending INTEGER NOT NULL,
    reason TEXT NOT NULL, error INTEGER NOT NULL, layout TEXT, title TEXT NOT NULL,
    date TEXT NOT NULL, permalink TEXT
);
CREATE TABLE IF NOT EXISTS publish_channels (channel TEXT PRIMARY KEY, next_at REAL NOT NULL);
""" + PARTS_TABLE.format(name="publish_parts")
_OLD_COLUMNS = (
    "post_id, part, position, ident, state, channel, ts, content_hash, claim_owner, claim_expires"
)


class SQLiteLedger(SQLLedger):
    def __init__(self, url: str) -> None:
        self._conn = Connection(url, "the publishing ledger")
        try:
            self._migrate(self._conn.db)
        except sqlite3.Error as error:
            self._conn.close()
            raise cannot_open("the publishing ledger", url, error) from None

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            columns = {row[1] for row in db.execute("PRAGMA table_info(publish_parts)")}
            if columns and "target" not in columns:  # before per-channel parts: rebuild
                db.execute(PARTS_TABLE.format(name="publish_parts_new"))
                db.execute(
                    f"INSERT INTO publish_parts_new ({_OLD_COLUMNS}, target)"
                    f" SELECT {_OLD_COLUMNS}, '' FROM publish_parts"
                )
                db.execute("DROP TABLE publish_parts")
                db.execute("ALTER TABLE publish_parts_new RENAME TO publish_parts")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return self._conn.run(sql, params)

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._conn.all(sql, params)

    def close(self) -> None:
        self._conn.close()
