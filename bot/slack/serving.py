"""The parts `meetup-bot serve` assembles around the Slack app: publishing on the scheduler,
the GitHub webhook and the preview page, as one WSGI app.

Routes (bot.slack.ops's /healthz, /readyz, /metrics come first):
- POST /webhooks/github: only when MEETUP_WEBHOOK_SECRET is set and publishing is on; else
  the path is not served at all (404), so nothing unauthenticated can trigger scans;
- GET /, /search, /posts/...: the preview page, in dry mode or with MEETUP_PREVIEW=1;
- everything else: the Slack endpoints (bot.slack.server.SlackWsgiApp; unknown paths 404).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from bot.preview.routes import WSGIApp, with_preview
from bot.preview.source import local_status
from bot.preview.wiring import (
    ledger_status,
    make_preview_app,
    preview_enabled,
    publisher_format_options,
    search_in,
)
from bot.publish.factory import build_publisher, is_dry
from bot.publish.jobs import install_publishing, trigger_scan
from bot.publish.publisher import Publisher
from bot.publish.webhook import webhook_wsgi_app, with_webhook
from bot.settings import Settings, secret
from bot.slack.service import ServeState, sync_now

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
    """A push to the blog: scan for new posts now, and re-sync the search index now."""
    trigger_scan(scheduler)
    sync_now(scheduler)


def assemble(
    slack: WSGIApp, settings: Settings, state: ServeState, scheduler: Any, dry: bool
) -> WSGIApp:
    """The Slack app with the webhook and the preview in front (see the module doc)."""
    wsgi = slack
    publisher = state.publisher
    if preview_enabled(settings, dry):
        assert state.store is not None
        preview = make_preview_app(
            settings,
            options_for=publisher_format_options(publisher) if publisher else None,
            status_of=ledger_status(publisher) if publisher else local_status,
            search=search_in(state.store),
        )
        wsgi = with_preview(wsgi, preview)
    if settings.MEETUP_WEBHOOK_SECRET is not None and publisher is not None:

        def webhook_secret() -> str | None:
            return secret(settings.MEETUP_WEBHOOK_SECRET)

        wsgi = with_webhook(wsgi, webhook_wsgi_app(webhook_secret, lambda: on_push(scheduler)))
    return wsgi
