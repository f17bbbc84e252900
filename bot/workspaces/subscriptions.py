"""Channel subscriptions: `/meetup subscribe` in a channel makes it receive new reports.

One row per (workspace, channel) in `meetup_subscriptions` (bot/tables.py), in the
MEETUP_DATABASE_URL database (SQLite or PostgreSQL: the same SQLAlchemy Core statements, values
bound; migrated on open by bot/migrations). Every read a workspace can trigger is scoped by its
team_id; only the publisher reads them all.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Executable, Table, bindparam, delete, select

from bot.db import Database
from bot.dburl import sqlite_path
from bot.tables import METADATA

SUBSCRIPTIONS = METADATA.tables["meetup_subscriptions"]
_C = SUBSCRIPTIONS.c
_OF_TEAM = _C.team_id == bindparam("team_id")
_FOR_TEAM = select(SUBSCRIPTIONS).where(_OF_TEAM).order_by(_C.created_at, _C.channel_id)
_ALL = select(SUBSCRIPTIONS).order_by(_C.team_id, _C.created_at, _C.channel_id)
_FORGET_TEAM = delete(SUBSCRIPTIONS).where(_OF_TEAM)
_UNSUBSCRIBE = _FORGET_TEAM.where(_C.channel_id == bindparam("channel_id"))


@functools.cache
def _subscribe(insert: Callable[[Table], Any]) -> Executable:
    """INSERT ... ON CONFLICT DO NOTHING in the dialect; RETURNING says whether it was new."""
    new = insert(SUBSCRIPTIONS).on_conflict_do_nothing(index_elements=[_C.team_id, _C.channel_id])
    return cast(Executable, new.returning(_C.channel_id))


@dataclass(frozen=True)
class Subscription:
    team_id: str
    channel_id: str
    enterprise_id: str = ""
    created_by: str = ""
    created_at: float = 0.0


class SubscriptionStore:
    """The subscriptions' statements over one database."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._subscribe = _subscribe(db.insert)
        self._users = 1

    def subscribe(
        self, team_id: str, channel_id: str, user_id: str, now: float, enterprise_id: str = ""
    ) -> bool:
        """Subscribe the channel; False when it already was."""
        row = {"team_id": team_id, "channel_id": channel_id, "enterprise_id": enterprise_id}
        new = {**row, "created_by": user_id, "created_at": now}
        return bool(self._db.rows(self._subscribe, new))

    def unsubscribe(self, team_id: str, channel_id: str) -> bool:
        """Unsubscribe the channel; False when it was not subscribed."""
        return self._db.run(_UNSUBSCRIBE, {"team_id": team_id, "channel_id": channel_id}) == 1

    def forget_team(self, team_id: str) -> int:
        """Drop every subscription of the workspace (the app was uninstalled); how many."""
        return self._db.run(_FORGET_TEAM, {"team_id": team_id})

    def for_team(self, team_id: str) -> list[Subscription]:
        """The workspace's subscriptions, oldest first."""
        rows = self._db.rows(_FOR_TEAM, {"team_id": team_id})
        return [Subscription(**row._mapping) for row in rows]

    def all(self) -> list[Subscription]:
        """Every workspace's subscriptions (for the publisher only)."""
        return [Subscription(**row._mapping) for row in self._db.rows(_ALL)]

    def close(self) -> None:
        """One user less; the last one gives the engine back (bot/db.py `release`)."""
        with _opened_lock:
            self._users -= 1
            if self._users > 0:
                return
            if _opened.get(self._db.url) is self:
                del _opened[self._db.url]
        self._db.close()


_opened: dict[str, SubscriptionStore] = {}
_opened_lock = threading.Lock()


def open_subscriptions(url: str) -> SubscriptionStore:
    """The subscriptions in the MEETUP_DATABASE_URL database: one store per URL for the
    process (the publisher and the Slack app share it; each `close` gives up one use)."""
    with _opened_lock:
        store = _opened.get(url)
        if store is not None:
            store._users += 1
            return store
        store = SubscriptionStore(Database(url, "the subscriptions"))
        if sqlite_path(url) != ":memory:":
            _opened[url] = store
        return store
