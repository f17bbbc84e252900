"""Where a new post goes: MEETUP_CHANNEL (with SLACK_BOT_TOKEN) and every subscribed channel,
each with its workspace's bot token (issue 5).

A target's `key` is the ledger's per-channel key for its parts: "" for MEETUP_CHANNEL (as
before subscriptions existed), `TEAM/CHANNEL` for a subscription. The publisher asks for the
targets once per post; a post is sent to the targets there were when it first went out, so a
channel that subscribes later never receives old posts (not even when they are edited).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from bot.publish.poster import Poster, Reserve, RetryPolicy, make_client
from bot.workspaces.subscriptions import SubscriptionStore

log = logging.getLogger("bot.publish")
TokenFor = Callable[[str, str | None], "str | None"]
"""(team_id, enterprise_id) -> that workspace's bot token, or None when not installed."""


@dataclass(frozen=True)
class Target:
    key: str
    channel: str
    poster: Poster
    team_id: str = ""


def target_key(team_id: str, channel_id: str) -> str:
    return f"{team_id}/{channel_id}"


class Posters:
    """One Poster per bot token, made on first use; all share the send slots of `reserve`."""

    def __init__(self, api_url: str, policy: RetryPolicy, reserve: Reserve | None = None) -> None:
        self.api_url, self.policy, self.reserve = api_url, policy, reserve
        self._made: dict[str, Poster] = {}
        self._lock = threading.Lock()

    def __call__(self, token: str) -> Poster:
        with self._lock:
            if token not in self._made:
                client = make_client(token, self.api_url)
                self._made[token] = Poster(client, self.policy, reserve=self.reserve)
            return self._made[token]


class FanOut:
    """The targets now: the default one first, then each subscription whose workspace has a
    token. A subscription to MEETUP_CHANNEL itself is the default target, not a second copy."""

    def __init__(
        self,
        default: Target | None,
        subscriptions: SubscriptionStore | None,
        token_for: TokenFor,
        posters: Callable[[str], Poster],
    ) -> None:
        self.default, self.subscriptions = default, subscriptions
        self.token_for, self.posters = token_for, posters
        self._missing: set[str] = set()

    def __call__(self) -> list[Target]:
        targets = [self.default] if self.default else []
        if self.subscriptions is None:
            return targets
        for sub in self.subscriptions.all():
            if self.default and sub.channel_id == self.default.channel:
                continue
            token = self.token_for(sub.team_id, sub.enterprise_id or None)
            if not token:
                if sub.team_id not in self._missing:
                    log.warning(
                        "no installation for workspace %s: its subscriptions wait",
                        sub.team_id,
                        extra={"team": sub.team_id},
                    )
                    self._missing.add(sub.team_id)
                continue
            targets.append(
                Target(
                    target_key(sub.team_id, sub.channel_id),
                    sub.channel_id,
                    self.posters(token),
                    sub.team_id,
                )
            )
        return targets
