"""Installing the app in many workspaces: Bolt's OAuth flow with installations and OAuth state
in the MEETUP_DATABASE_URL database.

slack_sdk's SQLAlchemy installation and state stores serve both backends through one code path
(`sqlite:///PATH`, and `postgresql+psycopg://` for PostgreSQL: psycopg 3, already our driver).
Their tables are among the durable ones (bot/tables.py), migrated on open by bot/migrations
under its one lock, so replicas starting at once do not race on CREATE TABLE.

GET /slack/install (the Add-to-Slack page, with the state cookie) and GET /slack/oauth_redirect
(code + state -> oauth.v2.access -> installation saved) are Bolt's, served through its WSGI
adapter like every Slack route (bot/slack/routes.py).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

import words
from bot.db import acquire
from bot.errors import ConfigError
from bot.migrations import upgrade

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
DEFAULT_SCOPES = (
    "commands",
    "chat:write",
    "channels:history",
    "groups:history",
    "links:read",
    "links:write",
)
STATE_SECONDS = 600


@dataclass
class OAuthStores:
    installations: SQLAlchemyInstallationStore
    states: SQLAlchemyOAuthStateStore


def oauth_configured(client_id: str | None, client_secret: str | None) -> bool:
    """True with both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; ConfigError with only one."""
    if bool(client_id) != bool(client_secret):
        raise ConfigError(words.said("serve.oauth_settings_incomplete"))
    return bool(client_id)


_opened: dict[tuple[str, str], OAuthStores] = {}
_opened_lock = threading.Lock()


def open_oauth_stores(database_url: str, client_id: str) -> OAuthStores:
    """The installation + state stores in the database, their tables created if missing;
    opened once per process (the publisher and the Slack app share them)."""
    with _opened_lock:
        stores = _opened.get((database_url, client_id))
        if stores is None:
            stores = _opened[(database_url, client_id)] = _open(database_url, client_id)
        return stores


def _open(database_url: str, client_id: str) -> OAuthStores:
    engine = acquire(database_url)
    upgrade(engine, database_url, "the OAuth installations")
    # The stores read, then write, in one transaction (a state is looked up, then deleted): on
    # SQLite a deferred BEGIN fails such a transaction at once when another connection wrote
    # since it read (the publisher does, every few seconds); BEGIN IMMEDIATE waits its turn.
    writer = engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")
    installations = SQLAlchemyInstallationStore(client_id=client_id, engine=writer)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=writer)
    return OAuthStores(installations, states)


def oauth_settings(
    client_id: str, client_secret: str, scopes: Iterable[str], stores: OAuthStores
) -> OAuthSettings:
    return OAuthSettings(
        client_id=client_id,
        client_secret=client_secret,
        scopes=list(scopes),
        installation_store=stores.installations,
        state_store=stores.states,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        state_expiration_seconds=STATE_SECONDS,
    )


def bot_token_for(stores: OAuthStores, team_id: str, enterprise_id: str | None) -> str | None:
    """The workspace's bot token from its installation; None when not installed."""
    bot = stores.installations.find_bot(enterprise_id=enterprise_id, team_id=team_id)
    return bot.bot_token if bot is not None else None
