"""Build the publisher from the settings: real (SLACK_BOT_TOKEN set) or DRY (unset)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from bot.errors import PUBLISH_NO_CHANNEL, ConfigError
from bot.model import Post
from bot.publish.dryrun import UNSET_CHANNEL, DryPoster
from bot.publish.ledger import Ledger, open_ledger
from bot.publish.poster import Poster, RetryPolicy, make_client
from bot.publish.publisher import PublishConfig, Publisher
from bot.publish.site_url import find_site, post_url
from bot.settings import Settings


def is_dry(settings: Settings) -> bool:
    return settings.SLACK_BOT_TOKEN is None


def build_publisher(
    settings: Settings, *, out: IO[str] | None = None, policy: RetryPolicy | None = None,
    clock: Callable[[], float] = time.time,
) -> Publisher:
    """The publisher for these settings. DRY: prints instead of posting, with a throw-away
    in-memory ledger, so nothing is recorded as posted."""
    posts_dir = Path(settings.MEETUP_POSTS)
    site = find_site(posts_dir, settings.MEETUP_SITE_URL, settings.MEETUP_PERMALINK)

    def url_for(post: Post, path: Path) -> str | None:
        return post_url(site, post, path)

    poster: Poster
    if is_dry(settings):
        ledger: Ledger = open_ledger("sqlite:///:memory:")
        ledger.mark_baseline_done()
        poster, channel = DryPoster(out), settings.MEETUP_CHANNEL or UNSET_CHANNEL
    else:
        if not settings.MEETUP_CHANNEL:
            raise ConfigError(PUBLISH_NO_CHANNEL)
        token = settings.SLACK_BOT_TOKEN.get_secret_value() if settings.SLACK_BOT_TOKEN else ""
        client = make_client(token, settings.SLACK_API_URL)
        ledger, channel = open_ledger(settings.MEETUP_DATABASE_URL), settings.MEETUP_CHANNEL
        policy = policy or RetryPolicy(rate_interval=settings.MEETUP_MESSAGE_INTERVAL)
        poster = Poster(client, policy)
    config = PublishConfig(posts_dir, channel, settings.MEETUP_LAYOUT, settings.MEETUP_LANGUAGE)
    return Publisher(ledger, poster, config, url_for, clock)
