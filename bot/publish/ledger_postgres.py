"""The PostgreSQL ledger: the same `publish_*` tables and statements as SQLite (ledger_sql.py).

Claims live in the database: `claim` is one conditional UPDATE, which PostgreSQL re-checks
after waiting for a competing row lock, so any number of `serve` / `publish` processes on one
database post each part exactly once. Migrations: bot/db.py (advisory lock).
"""

from __future__ import annotations

from typing import Any

from bot.db import Connection
from bot.publish.ledger_sql import SQLLedger

MIGRATIONS = [
    """CREATE TABLE IF NOT EXISTS publish_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS publish_posts (
        post_id TEXT PRIMARY KEY, file_key TEXT NOT NULL, mtime_ns BIGINT NOT NULL,
        size BIGINT NOT NULL, state TEXT NOT NULL, due_at DOUBLE PRECISION,
        pending BOOLEAN NOT NULL, reason TEXT NOT NULL, error BOOLEAN NOT NULL, layout TEXT,
        title TEXT NOT NULL, date TEXT NOT NULL, permalink TEXT
    );
    CREATE TABLE IF NOT EXISTS publish_parts (
        post_id TEXT NOT NULL, target TEXT NOT NULL DEFAULT '', part TEXT NOT NULL,
        position INTEGER NOT NULL, ident TEXT NOT NULL, state TEXT NOT NULL, channel TEXT,
        ts TEXT, content_hash TEXT NOT NULL, claim_owner TEXT,
        claim_expires DOUBLE PRECISION NOT NULL, PRIMARY KEY (post_id, target, part)
    )""",
    """CREATE TABLE IF NOT EXISTS publish_channels (
        channel TEXT PRIMARY KEY, next_at DOUBLE PRECISION NOT NULL
    )""",
]


class PostgresLedger(SQLLedger):
    def __init__(self, url: str) -> None:
        self._db = Connection(url, "the publishing ledger")
        self._db.migrate("ledger", MIGRATIONS)

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> int:
        return self._db.run(sql, params)

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._db.all(sql, params)

    def close(self) -> None:
        self._db.close()
