"""The durable tables' migrations (Alembic), run when a process first opens a database.

`upgrade(engine, url, what)` brings the tables of bot/tables.py to the newest revision in
`versions/`, once per engine for the process, in one transaction under one lock, so replicas
starting together migrate once: SQLite `BEGIN IMMEDIATE` (the file's write lock), PostgreSQL
`pg_advisory_xact_lock(MIGRATION_LOCK)`. The revision is kept in `meetup_schema_version`.
The ledger, the subscriptions and the OAuth stores each call it before their first statement.
"""

from __future__ import annotations

import threading
import weakref

import sqlalchemy
from alembic import command
from alembic.config import Config

from bot.db import MIGRATION_LOCK, cannot_open

VERSION_TABLE = "meetup_schema_version"

_upgraded: weakref.WeakSet[sqlalchemy.Engine] = weakref.WeakSet()
_lock = threading.Lock()


def upgrade(engine: sqlalchemy.Engine, url: str, what: str) -> None:
    """Migrate the engine's database to the newest revision (a no-op once done in the process);
    a ConfigError naming `what` when the database refuses."""
    with _lock:
        if engine in _upgraded:
            return
        try:
            _upgrade(engine)
        except sqlalchemy.exc.DBAPIError as error:
            raise cannot_open(what, url, error) from None
        _upgraded.add(engine)


def _upgrade(engine: sqlalchemy.Engine) -> None:
    with engine.connect() as connection:
        connection.execution_options(sqlite_begin="BEGIN IMMEDIATE")
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(
                    sqlalchemy.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            config = Config()
            config.set_main_option("script_location", "bot:migrations")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
