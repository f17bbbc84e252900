"""Alembic's entry point: migrate the connection `bot.migrations.upgrade` holds (its lock taken)."""

from __future__ import annotations

from alembic import context

from bot.migrations import VERSION_TABLE
from bot.tables import METADATA

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=METADATA,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
