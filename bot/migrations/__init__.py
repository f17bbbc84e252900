"""The durable tables' migrations (Alembic), run when a process first opens a database.

`upgrade(engine, url, what)` brings the tables of bot/tables.py to the newest revision in
`versions/`, once per engine for the process, in one transaction under one lock, so replicas
starting together migrate once: SQLite `BEGIN IMMEDIATE` (the file's write lock), PostgreSQL
`pg_advisory_xact_lock(MIGRATION_LOCK)`. The revision is kept in `meetup_schema_version`.
The ledger and the subscriptions (bot/db.py `Database`) and the OAuth stores call it before
their first statement. A migration that ran on a kept database is logged (`migrated the
durable tables from revision A to B`); Alembic's own INFO lines, at every start, are not.
"""

from __future__ import annotations

import logging
import threading
import weakref

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext

from bot.db import MIGRATION_LOCK, cannot_open
from bot.dburl import sqlite_path

VERSION_TABLE = "meetup_schema_version"

log = logging.getLogger(__name__)
logging.getLogger("alembic").setLevel(logging.WARNING)

_upgraded: weakref.WeakSet[sqlalchemy.Engine] = weakref.WeakSet()
_lock = threading.Lock()


def upgrade(engine: sqlalchemy.Engine, url: str, what: str) -> None:
    """Migrate the engine's database to the newest revision (a no-op once done in the process);
    a ConfigError naming `what` when the database refuses."""
    with _lock:
        if engine in _upgraded:
            return
        try:
            before, after = _upgrade(engine)
        except sqlalchemy.exc.DBAPIError as error:
            raise cannot_open(what, url, error) from None
        _upgraded.add(engine)
        if before != after and sqlite_path(url) != ":memory:":  # not a throw-away database
            log.info(
                "migrated the durable tables from revision %s to %s (opening %s)",
                before or "none",
                after,
                what,
            )


def _revision(connection: sqlalchemy.Connection) -> str | None:
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def _upgrade(engine: sqlalchemy.Engine) -> tuple[str | None, str | None]:
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
            before = _revision(connection)
            command.upgrade(config, "head")
            return before, _revision(connection)
