"""The durable tables, in SQLAlchemy Core for both backends: what must survive an upgrade.

- the publishing ledger (`publish_meta`, `publish_posts`, `publish_parts`) and the send slots
  (`publish_channels`): bot/publish/ledger_sql.py;
- the channel subscriptions (`meetup_subscriptions`): bot/workspaces/subscriptions.py;
- the OAuth installations, bots and states: slack_sdk's own tables (its SQLAlchemy stores).

`METADATA` is the layout the latest migration (bot/migrations) makes; a test compares the two.
The search index's tables are not here: they are derived data (bot/store/schema.py).
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import BigInteger, Boolean, Column, Double, Integer, MetaData, Table, Text

METADATA = MetaData()

Table(
    "publish_meta",
    METADATA,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)
Table(
    "publish_posts",
    METADATA,
    Column("post_id", Text, primary_key=True),
    Column("file_key", Text, nullable=False),
    Column("mtime_ns", BigInteger, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("state", Text, nullable=False),
    Column("due_at", Double),
    Column("pending", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("error", Boolean, nullable=False),
    Column("layout", Text),
    Column("title", Text, nullable=False),
    Column("date", Text, nullable=False),
    Column("permalink", Text),
)
Table(
    "publish_parts",
    METADATA,
    Column("post_id", Text, primary_key=True),
    Column("target", Text, primary_key=True, server_default=""),
    Column("part", Text, primary_key=True),
    Column("position", Integer, nullable=False),
    Column("ident", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("channel", Text),
    Column("ts", Text),
    Column("content_hash", Text, nullable=False),
    Column("claim_owner", Text),
    Column("claim_expires", Double, nullable=False),
)
Table(
    "publish_channels",
    METADATA,
    Column("channel", Text, primary_key=True),
    Column("next_at", Double, nullable=False),
)
Table(
    "meetup_subscriptions",
    METADATA,
    Column("team_id", Text, primary_key=True),
    Column("channel_id", Text, primary_key=True),
    Column("enterprise_id", Text, nullable=False, server_default=""),
    Column("created_by", Text, nullable=False),
    Column("created_at", Double, nullable=False),
)
SQLAlchemyInstallationStore.build_installations_table(METADATA, "slack_installations")
SQLAlchemyInstallationStore.build_bots_table(METADATA, "slack_bots")
SQLAlchemyOAuthStateStore.build_oauth_states_table(METADATA, "slack_oauth_states")
