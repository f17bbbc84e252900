"""The parts `meetup-bot serve` assembles around the Slack app: publishing on the scheduler,
and the routes start-up mounts on the one web app (bot/web/ops.py's /healthz, /readyz,
/metrics are there from the start):
- Slack's routes (bot/slack/routes.py);
- POST /webhooks/github: only when MEETUP_WEBHOOK_SECRET is set and publishing is on; else
  the path is not served at all (404), so nothing unauthenticated can trigger scans; a push
  fetches the git sources, then scans;
- the sources of MEETUP_SOURCES read on their own clocks (bot/sources/refresh.py);
- GET /, /search, /posts/...: the preview page, in dry mode or with MEETUP_PREVIEW=1.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from bot.preview.source import local_status
from bot.preview.wiring import (
    ledger_status,
    make_preview_pages,
    preview_enabled,
    publisher_format_options,
    search_in,
)
from bot.publish.factory import build_publisher, is_dry
from bot.publish.jobs import install_publishing, trigger_scan
from bot.publish.publisher import Publisher
from bot.publish.webhook import webhook_route
from bot.settings import Settings, secret
from bot.slack.service import ServeState, sync_now
from bot.sources.refresh import Sources, install_sources, refresh_now
from bot.web.router import Route

log = logging.getLogger("bot.serve")


def publishing_wanted(settings: Settings) -> bool:
    """DRY (no token: prints), or a token with MEETUP_CHANNEL, or OAuth installations.
    A token without MEETUP_CHANNEL serves /meetup only (nothing to publish to)."""
    from bot.workspaces.oauth import oauth_configured

    oauth = oauth_configured(settings.SLACK_CLIENT_ID, secret(settings.SLACK_CLIENT_SECRET))
    return is_dry(settings) or bool(settings.MEETUP_CHANNEL) or oauth


def start_publishing(settings: Settings, scheduler: Any, stop: threading.Event) -> Publisher | None:
    """The publisher (DRY without a token), its scan installed on `scheduler`, stopping between
    messages once `stop` is set; None when there is nothing to publish to."""
    if not publishing_wanted(settings):
        log.warning("MEETUP_CHANNEL is not set: new posts are not published")
        return None
    publisher = build_publisher(settings, stop=stop)
    install_publishing(
        scheduler,
        publisher,
        interval=settings.MEETUP_POLL_INTERVAL,
        posts_dir=settings.MEETUP_POSTS,
        pull=settings.MEETUP_GIT_PULL,
    )
    if publisher.poster.dry:
        log.warning("publishing DRY: each message is printed as one JSON line, never posted")
    return publisher


def on_push(scheduler: Any) -> None:
    """A push to the blog: fetch the repositories of MEETUP_SOURCES, then scan for new posts
    and re-sync the search index, now."""
    refresh_now(scheduler)


def start_sources(settings: Settings, state: ServeState, scheduler: Any) -> None:
    """Read the sources on their own clocks; a change scans and re-indexes at once."""
    state.sources = Sources.from_settings(settings)
    publishing = state.publisher is not None

    def changed() -> None:
        if publishing:
            trigger_scan(scheduler)
        sync_now(scheduler)

    install_sources(scheduler, state.sources, changed)


def assemble(
    slack: list[Route], settings: Settings, state: ServeState, scheduler: Any, dry: bool
) -> list[Route]:
    """Slack's routes, the preview's and the webhook's (see the module doc)."""
    routes = list(slack)
    publisher = state.publisher
    if preview_enabled(settings, dry):
        assert state.store is not None
        preview = make_preview_pages(
            settings,
            options_for=publisher_format_options(publisher) if publisher else None,
            status_of=ledger_status(publisher) if publisher else local_status,
            search=search_in(state.store),
        )
        routes += preview.routes()
    if settings.MEETUP_WEBHOOK_SECRET is not None and publisher is not None:

        def webhook_secret() -> str | None:
            return secret(settings.MEETUP_WEBHOOK_SECRET)

        routes.append(webhook_route(webhook_secret, lambda: on_push(scheduler)))
    return routes
