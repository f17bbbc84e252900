"""The SQLite ledger: `publish_*` tables in the MEETUP_DATABASE_URL file, WAL mode.

One connection guarded by a lock, autocommit: every method is one statement (ledger_sql.py),
so a kill -9 leaves either the old or the new row, never half. A ledger from before per-channel
parts (no `target` column) is rebuilt once, in one `BEGIN IMMEDIATE` transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from bot.errors import LEDGER_CANNOT_OPEN, ConfigError
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
""" + PARTS_TABLE.format(name="publish_parts")
_OLD_COLUMNS = (
    "post_id, part, position, ident, state, channel, ts, content_hash, claim_owner, claim_expires"
)


class SQLiteLedger(SQLLedger):
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
            self._migrate()
        except sqlite3.Error as error:
            raise ConfigError(LEDGER_CANNOT_OPEN.format(path=path, reason=error)) from None
        self._lock = threading.Lock()

    def _migrate(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(publish_parts)")}
            if columns and "target" not in columns:  # before per-channel parts: rebuild
                self._db.execute(PARTS_TABLE.format(name="publish_parts_new"))
                self._db.execute(
                    f"INSERT INTO publish_parts_new ({_OLD_COLUMNS}, target)"
                    f" SELECT {_OLD_COLUMNS}, '' FROM publish_parts"
                )
                self._db.execute("DROP TABLE publish_parts")
                self._db.execute("ALTER TABLE publish_parts_new RENAME TO publish_parts")
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        with self._lock:
            return self._db.execute(sql, params).rowcount

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def close(self) -> None:
        with self._lock:
            self._db.close()
