"""Channel subscriptions: `/meetup subscribe` in a channel makes it receive new reports.

One row per (workspace, channel) in `meetup_subscriptions`, in the MEETUP_DATABASE_URL database
(SQLite or PostgreSQL: the same statements, `?` marks, bound values; the table is in
bot/tables.py, migrated on open by bot/migrations). Every read a workspace
can trigger is scoped by its team_id; only the publisher reads them all.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from bot.db import Connection
from bot.dburl import sqlite_path

_COLUMNS = "team_id, channel_id, enterprise_id, created_by, created_at"


@dataclass(frozen=True)
class Subscription:
    team_id: str
    channel_id: str
    enterprise_id: str = ""
    created_by: str = ""
    created_at: float = 0.0


class SubscriptionStore:
    """The statements, over either connection (both take `?` marks and bound values)."""

    def __init__(self, db: Connection) -> None:
        self._db = db
        self._users = 1

    def _run(self, sql: str, params: tuple[Any, ...]) -> int:
        return self._db.run(sql, params)

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return self._db.all(sql, params)

    def subscribe(
        self, team_id: str, channel_id: str, user_id: str, now: float, enterprise_id: str = ""
    ) -> bool:
        """Subscribe the channel; False when it already was."""
        return (
            self._run(
                f"INSERT INTO meetup_subscriptions ({_COLUMNS}) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (team_id, channel_id) DO NOTHING",
                (team_id, channel_id, enterprise_id, user_id, now),
            )
            == 1
        )

    def unsubscribe(self, team_id: str, channel_id: str) -> bool:
        """Unsubscribe the channel; False when it was not subscribed."""
        return (
            self._run(
                "DELETE FROM meetup_subscriptions WHERE team_id = ? AND channel_id = ?",
                (team_id, channel_id),
            )
            == 1
        )

    def forget_team(self, team_id: str) -> int:
        """Drop every subscription of the workspace (the app was uninstalled); how many."""
        return self._run("DELETE FROM meetup_subscriptions WHERE team_id = ?", (team_id,))

    def for_team(self, team_id: str) -> list[Subscription]:
        """The workspace's subscriptions, oldest first."""
        rows = self._all(
            f"SELECT {_COLUMNS} FROM meetup_subscriptions WHERE team_id = ?"
            " ORDER BY created_at, channel_id",
            (team_id,),
        )
        return [Subscription(*row) for row in rows]

    def all(self) -> list[Subscription]:
        """Every workspace's subscriptions (for the publisher only)."""
        rows = self._all(
            f"SELECT {_COLUMNS} FROM meetup_subscriptions ORDER BY team_id, created_at, channel_id"
        )
        return [Subscription(*row) for row in rows]

    def close(self) -> None:
        """One user less; the last one closes the connection."""
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
        store = SubscriptionStore(Connection(url, "the subscriptions"))
        if sqlite_path(url) != ":memory:":
            _opened[url] = store
        return store
