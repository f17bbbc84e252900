"""The one database layer: MEETUP_DATABASE_URL -> one SQLAlchemy engine per URL for the process.

`acquire(url)` gives the process's engine for the URL (created on first use, disposed when the
last user calls `release`); every store (search index, ledger, subscriptions, installations)
opens its connections through it, so the URL rules are the same everywhere:

- `sqlite:///PATH`: a missing folder is created (the one rule for every store); each connection
  gets WAL mode, a 30 s busy timeout and autocommit (our code says BEGIN when it means it;
  SQLAlchemy Core transactions send BEGIN themselves).
- `sqlite:///:memory:`: a private database per `acquire` (one shared connection), never shared
  by URL: each opener of `:memory:` gets its own, as before.
- `postgresql://` / `postgres://`: psycopg 3; a clear ConfigError without the password when the
  driver is missing or the server refuses.

`Database` runs SQLAlchemy Core statements over the durable tables (bot/tables.py) for the ledger
and the subscriptions, once bot/migrations has migrated them. The search store (bot/store/) still
takes its own driver connections (`driver_connection`) with `?` marks (`to_marks`).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.pool import StaticPool

import words
from bot.dburl import is_postgres, redact, require_driver, sqlalchemy_url, sqlite_path
from bot.dburl import unknown_scheme as unknown_scheme
from bot.errors import ConfigError

MIGRATION_LOCK = 0x6D656574757001
"""The PostgreSQL advisory lock key every meetup-bot schema change takes (any fixed bigint)."""

WAL_ATTEMPTS = 100
"""How often to ask for WAL mode while other connections open the same new file at once."""

_engines: dict[str, tuple[sqlalchemy.Engine, int]] = {}
_engines_lock = threading.Lock()


def _wal(db: sqlite3.Connection) -> None:
    """WAL mode. Switching to it takes the file exclusively and SQLite may answer `database is
    locked` at once, without waiting, while another process or thread switches it too (several
    replicas starting together): ask again until it is set."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (1 + attempt % 10))


def _sqlite_engine(path: str) -> sqlalchemy.Engine:
    memory = path == ":memory:"
    if memory:
        engine = sqlalchemy.create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        url = sqlalchemy.URL.create("sqlite", database=path)
        engine = sqlalchemy.create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}
        )

    @event.listens_for(engine, "connect")
    def _setup(db: sqlite3.Connection, _record: object) -> None:
        db.isolation_level = None  # autocommit; BEGIN is ours to say
        db.execute("PRAGMA busy_timeout=30000")
        if not memory:
            _wal(db)
        db.execute("PRAGMA synchronous=NORMAL")

    @event.listens_for(engine, "begin")
    def _begin(connection: sqlalchemy.Connection) -> None:
        # `sqlite_begin`: BEGIN IMMEDIATE takes the file's write lock up front (migrations)
        connection.exec_driver_sql(connection.get_execution_options().get("sqlite_begin", "BEGIN"))

    return engine


def _new_engine(url: str) -> sqlalchemy.Engine:
    path = sqlite_path(url)
    if path is not None:
        return _sqlite_engine(path)
    if is_postgres(url):
        require_driver(url)
        return sqlalchemy.create_engine(
            sqlalchemy_url(url), pool_pre_ping=True, connect_args={"connect_timeout": 10}
        )
    raise unknown_scheme(url)


def acquire(url: str) -> sqlalchemy.Engine:
    """The process's engine for `url` (ConfigError for a URL no backend takes)."""
    if sqlite_path(url) == ":memory:":
        return _new_engine(url)
    with _engines_lock:
        engine, users = _engines.get(url) or (_new_engine(url), 0)
        _engines[url] = (engine, users + 1)
        return engine


def release(engine: sqlalchemy.Engine) -> None:
    """One user less; the last one closes the engine's pooled connections."""
    with _engines_lock:
        for url, (known, users) in _engines.items():
            if known is engine:
                if users > 1:
                    _engines[url] = (known, users - 1)
                    return
                del _engines[url]
                break
    engine.dispose()


def cannot_open(what: str, url: str, error: BaseException) -> ConfigError:
    """The one-line error for a database that refuses a connection (no password in it)."""
    text = str(getattr(error, "orig", None) or error).strip()
    reason = text.splitlines()[0] if text else type(error).__name__
    shown = sqlite_path(url) or redact(url)
    return ConfigError(
        words.said("database.cannot_open", what=what, url=shown, reason=reason.replace(url, "..."))
    )


def driver_connection(engine: sqlalchemy.Engine, what: str, url: str) -> Any:
    """A new connection of the engine's driver (sqlite3 or psycopg) for one long-lived user,
    outside the pool (closing it closes it)."""
    errors = (sqlalchemy.exc.DBAPIError, engine.dialect.loaded_dbapi.Error)
    try:
        proxied = engine.raw_connection()
        db: Any = proxied.driver_connection
        proxied.detach()
        if is_postgres(url):
            db.rollback()
            db.autocommit = True
        else:
            db.execute("SELECT count(*) FROM sqlite_master").fetchall()
        return db
    except errors as error:
        raise cannot_open(what, url, error) from None


def to_marks(sql: str, url: str) -> str:
    """Our `?` placeholders in the driver's style: psycopg wants `%s` (a literal `%` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s") if is_postgres(url) else sql


class Database:
    """The durable tables (bot/tables.py) at `url`, migrated on open (bot/migrations), for Core
    statements with named bind parameters. Each statement is its own transaction on a connection
    lent by the engine's pool (PostgreSQL: autocommit, no BEGIN/COMMIT round trips; the pool pings
    a connection before lending it, so one the server closed is replaced), one statement at a
    time per store (`:memory:` is a single connection). `what` names the component in the
    one-line error when the database cannot be opened; `insert` is the dialect's INSERT, whose
    `on_conflict_do_update` / `on_conflict_do_nothing` make upserts."""

    def __init__(self, url: str, what: str) -> None:
        self.url = url
        self._engine = engine = acquire(url)
        from bot.migrations import upgrade  # it needs this module's lock key and errors

        try:
            upgrade(engine, url, what)
        except BaseException:
            release(engine)
            raise
        postgres = engine.dialect.name == "postgresql"
        self.insert = postgresql.insert if postgres else sqlite.insert
        self._runner = (
            engine.execution_options(isolation_level="AUTOCOMMIT") if postgres else engine
        )
        self._lock = threading.Lock()
        self._open = True

    def run(self, statement: sqlalchemy.Executable, params: Mapping[str, Any] | None = None) -> int:
        """Execute one statement (`params`: its bind parameters, and for an UPDATE the columns
        it sets); the rows an UPDATE or DELETE matched (a claim's winner sees 1).
        SQLAlchemy keeps no rowcount of an INSERT: ask `rows` for its RETURNING rows instead."""
        with self._lock, self._runner.begin() as connection:
            return int(connection.execute(statement, params).rowcount)

    def rows(
        self, statement: sqlalchemy.Executable, params: Mapping[str, Any] | None = None
    ) -> list[sqlalchemy.Row[Any]]:
        """Execute one statement (`params`: its bind parameters); the rows it returned."""
        with self._lock, self._runner.begin() as connection:
            return list(connection.execute(statement, params))

    def close(self) -> None:
        with self._lock:
            if not self._open:
                return
            self._open = False
        release(self._engine)
