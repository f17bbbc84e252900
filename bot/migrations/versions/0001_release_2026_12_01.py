"""The tables as release 2026-12-01 made them, created where missing.

A database of that release (or older) has no `meetup_schema_version` yet: its tables are kept
as they are, rows and all. A SQLite ledger from before per-channel parts (`publish_parts`
without `target`) gets the column and its new key; PostgreSQL's `meetup_schema_versions`
(the hand-written migrations' bookkeeping) is dropped.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _release_tables() -> sa.MetaData:
    metadata = sa.MetaData()
    text, double = sa.Text, sa.Double
    sa.Table(
        "publish_meta",
        metadata,
        sa.Column("key", text, primary_key=True),
        sa.Column("value", text, nullable=False),
    )
    sa.Table(
        "publish_posts",
        metadata,
        sa.Column("post_id", text, primary_key=True),
        sa.Column("file_key", text, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("state", text, nullable=False),
        sa.Column("due_at", double),
        sa.Column("pending", sa.Boolean, nullable=False),
        sa.Column("reason", text, nullable=False),
        sa.Column("error", sa.Boolean, nullable=False),
        sa.Column("layout", text),
        sa.Column("title", text, nullable=False),
        sa.Column("date", text, nullable=False),
        sa.Column("permalink", text),
    )
    sa.Table(
        "publish_parts",
        metadata,
        sa.Column("post_id", text, primary_key=True),
        sa.Column("target", text, primary_key=True, server_default=""),
        sa.Column("part", text, primary_key=True),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("ident", text, nullable=False),
        sa.Column("state", text, nullable=False),
        sa.Column("channel", text),
        sa.Column("ts", text),
        sa.Column("content_hash", text, nullable=False),
        sa.Column("claim_owner", text),
        sa.Column("claim_expires", double, nullable=False),
    )
    sa.Table(
        "publish_channels",
        metadata,
        sa.Column("channel", text, primary_key=True),
        sa.Column("next_at", double, nullable=False),
    )
    sa.Table(
        "meetup_subscriptions",
        metadata,
        sa.Column("team_id", text, primary_key=True),
        sa.Column("channel_id", text, primary_key=True),
        sa.Column("enterprise_id", text, nullable=False, server_default=""),
        sa.Column("created_by", text, nullable=False),
        sa.Column("created_at", double, nullable=False),
    )
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    tables = _release_tables()
    if inspector.has_table("publish_parts"):
        columns = {column["name"] for column in inspector.get_columns("publish_parts")}
        if "target" not in columns:
            _add_target(bind, tables.tables["publish_parts"])
    if inspector.has_table("meetup_schema_versions"):
        op.drop_table("meetup_schema_versions")
    tables.create_all(bind, checkfirst=True)


def _add_target(bind: sa.Connection, parts: sa.Table) -> None:
    """Parts from before per-channel copies: each is the MEETUP_CHANNEL copy (target '')."""
    op.rename_table("publish_parts", "publish_parts_old")
    parts.create(bind)
    old = ", ".join(column.name for column in parts.columns if column.name != "target")
    op.execute(f"INSERT INTO publish_parts ({old}, target) SELECT {old}, '' FROM publish_parts_old")
    op.drop_table("publish_parts_old")


def downgrade() -> None:
    raise NotImplementedError("release 2026-12-01 is the first revision")
