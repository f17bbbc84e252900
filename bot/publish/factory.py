"""Build the publisher from the settings: real (SLACK_BOT_TOKEN, or OAuth installations) or DRY.

The ledger, the subscriptions and the installations all live at MEETUP_DATABASE_URL
(`sqlite:///` or `postgresql://`: the backend is chosen by the URL's scheme). Each new post
goes to MEETUP_CHANNEL (with SLACK_BOT_TOKEN) and to every subscribed channel, with its
workspace's token: from the installation store when SLACK_CLIENT_ID/SECRET are set, else
SLACK_BOT_TOKEN.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import IO

import words
from bot.catalog import Catalog
from bot.errors import ConfigError
from bot.publish.dryrun import UNSET_CHANNEL, DryPoster
from bot.publish.fanout import FanOut, Posters, Target, TokenFor
from bot.publish.ledger import Ledger, open_ledger
from bot.publish.poster import Reserve, RetryPolicy
from bot.publish.publisher import LATE_BASELINE, PublishConfig, Publisher
from bot.settings import Settings, secret
from bot.workspaces.oauth import bot_token_for, oauth_configured, open_oauth_stores
from bot.workspaces.subscriptions import open_subscriptions


def is_dry(settings: Settings) -> bool:
    oauth = oauth_configured(settings.SLACK_CLIENT_ID, secret(settings.SLACK_CLIENT_SECRET))
    return settings.SLACK_BOT_TOKEN is None and not oauth


def build_publisher(
    settings: Settings,
    *,
    out: IO[str] | None = None,
    policy: RetryPolicy | None = None,
    clock: Callable[[], float] = time.time,
    stop: threading.Event | None = None,
    backfill: bool = False,
) -> Publisher:
    """The publisher for these settings. DRY: prints instead of posting, with a throw-away
    in-memory ledger, so nothing is recorded as posted: every post counts as new, except for a
    `backfill` run (the folder is its first run, so only the newest N go out)."""
    catalog = Catalog.from_settings(settings)
    if is_dry(settings):
        ledger: Ledger = open_ledger("sqlite:///:memory:")
        if not backfill:
            ledger.mark_baseline_done()
            ledger.mark_baseline_done(LATE_BASELINE)
        channel = settings.MEETUP_CHANNEL or UNSET_CHANNEL
        config = PublishConfig(channel, settings.MEETUP_LAYOUT, settings.MEETUP_LANGUAGE)
        config.max_talk_messages = settings.MEETUP_MAX_TALK_MESSAGES
        return Publisher(ledger, DryPoster(out), config, catalog, clock, stop=stop)
    policy = policy or RetryPolicy(rate_interval=settings.MEETUP_MESSAGE_INTERVAL)
    ledger = open_ledger(settings.MEETUP_DATABASE_URL)
    posters = Posters(settings.SLACK_API_URL, policy, shared_send_slots(ledger))
    fan_out = build_fan_out(settings, posters)
    default = fan_out.default
    config = PublishConfig(
        default.channel if default else "",
        settings.MEETUP_LAYOUT,
        settings.MEETUP_LANGUAGE,
        max_talk_messages=settings.MEETUP_MAX_TALK_MESSAGES,
    )
    poster = default.poster if default else fan_out.posters("")
    return Publisher(ledger, poster, config, catalog, clock, targets=fan_out, stop=stop)


def shared_send_slots(ledger: Ledger) -> Reserve:
    """The per-channel message interval kept by every process on the database together."""

    def reserve(channel: str, interval: float) -> float:
        now = time.time()
        return ledger.reserve_send(channel, now, interval) - now

    return reserve


def build_fan_out(settings: Settings, posters: Posters) -> FanOut:
    """MEETUP_CHANNEL (needs SLACK_BOT_TOKEN; required without OAuth) + the subscriptions."""
    token = secret(settings.SLACK_BOT_TOKEN)
    client_id, client_secret = settings.SLACK_CLIENT_ID, secret(settings.SLACK_CLIENT_SECRET)
    if not settings.MEETUP_CHANNEL and not oauth_configured(client_id, client_secret):
        raise ConfigError(words.said("publish.no_channel"))
    default = None
    if token and settings.MEETUP_CHANNEL:
        default = Target("", settings.MEETUP_CHANNEL, posters(token))
    token_for: TokenFor = lambda team_id, enterprise_id: token  # noqa: E731
    if client_id and client_secret:
        stores = open_oauth_stores(settings.MEETUP_DATABASE_URL, client_id)

        def token_for(team_id: str, enterprise_id: str | None) -> str | None:
            return bot_token_for(stores, team_id, enterprise_id)

    subscriptions = open_subscriptions(settings.MEETUP_DATABASE_URL)
    return FanOut(default, subscriptions, token_for, posters)
