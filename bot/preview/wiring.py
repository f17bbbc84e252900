"""How `meetup-bot serve` plugs the preview in: whether to serve it, where to bind, the pages.

if preview_enabled(settings, dry_run):
    routes += make_preview_pages(settings, options_for=publisher_format_options(publisher),
        status_of=ledger_status(publisher), search=search_in(store)).routes()
(bot/slack/serving.py; the host: preview_bind_host(settings, dry_run))
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import words
from bot.catalog import Catalog
from bot.model import Post, ResultPage
from bot.preview.pages import OptionsFor
from bot.preview.render import StatusView
from bot.preview.routes import PreviewPages, Search
from bot.preview.source import PostFolder, StatusOf, local_status
from bot.settings import Settings
from bot.store.base import Store
from formatters import FormatOptions

if TYPE_CHECKING:
    from bot.publish.publisher import Publisher

LOCAL_HOST = "127.0.0.1"
PUBLIC_HOST = "0.0.0.0"


def preview_enabled(settings: Settings, dry_run: bool) -> bool:
    """The page is served in a dry run, or anywhere with MEETUP_PREVIEW=1."""
    return dry_run or settings.MEETUP_PREVIEW


def preview_bind_host(settings: Settings, dry_run: bool, default: str = PUBLIC_HOST) -> str:
    """The address `serve` binds: 127.0.0.1 whenever the page (which shows drafts) is served
    without MEETUP_PREVIEW=1; otherwise `default` (what serve would bind without a preview)."""
    if preview_enabled(settings, dry_run) and not settings.MEETUP_PREVIEW:
        return LOCAL_HOST
    return default


def search_in(store: Store, page_size: int = 10) -> Search:
    """`/meetup search` over an open store (serve's, which its scheduler keeps in sync)."""

    def search(query: str, offset: int) -> ResultPage:
        from bot.search import search_talks

        return search_talks(store, query, offset=offset, limit=page_size)

    return search


def store_search(settings: Settings, catalog: Catalog, page_size: int = 10) -> Search:
    """`/meetup search` over the bot's store, brought up to date with the catalog first.

    Opens the store per request (SQLite connections are per thread under waitress)."""

    def search(query: str, offset: int) -> ResultPage:
        from bot.indexer import sync_index
        from bot.search import search_talks
        from bot.store import open_store

        with open_store(settings.MEETUP_DATABASE_URL) as store:
            sync_index(store, catalog)
            return search_talks(store, query, offset=offset, limit=page_size)

    return search


def publisher_options(settings: Settings, catalog: Catalog) -> OptionsFor:
    """The FormatOptions the publisher renders a post with (bot/publish/publisher.py
    `_publish`): MEETUP_LANGUAGE else the post's language, and the post's catalog URL."""

    def options_for(post: Post, path: Path) -> FormatOptions:
        language = settings.MEETUP_LANGUAGE or post.language
        return FormatOptions(
            language=language,
            post_url=catalog.url(post, path),
            max_talk_messages=settings.MEETUP_MAX_TALK_MESSAGES,
        )

    return options_for


def publisher_format_options(publisher: Publisher) -> OptionsFor:
    """The FormatOptions of this very publisher: its MEETUP_LANGUAGE rule and its catalog's
    URLs, so the page renders what it posts."""

    def options_for(post: Post, path: Path) -> FormatOptions:
        language = publisher.config.language or post.language
        return FormatOptions(
            language=language,
            post_url=publisher.catalog.url(post, path),
            max_talk_messages=publisher.config.max_talk_messages,
        )

    return options_for


def ledger_status(publisher: Publisher, clock: Callable[[], float] = time.time) -> StatusOf:
    """Each post's state from the publisher's ledger (bot.publish.status.status_of): published
    (with the Slack link), pending (why), draft, scheduled; posts the ledger does not know yet
    (before the first scan) fall back to what the post itself says (`local_status`)."""
    from bot.publish.status import status_of

    catalog, dry = publisher.catalog, publisher.poster.dry

    def status(post: Post, path: Path) -> StatusView:
        post_id = catalog.post_id(path)
        if post_id is None:
            return local_status(post, path)
        found = status_of(publisher.ledger, post_id, clock())
        if found is None or found.state in ("draft", "scheduled"):
            return local_status(post, path)
        if found.state == "published":
            label = words.said("status.dry_run" if dry else "status.published")
            return StatusView("published", label, found.permalink)
        if found.state == "pending":
            return StatusView("pending", words.said("status.pending", reason=found.reason))
        key = f"status.{found.state}"
        return StatusView(found.state, words.said(key) if words.has(key) else found.state)

    return status


def make_preview_pages(
    settings: Settings,
    *,
    options_for: OptionsFor | None = None,
    status_of: StatusOf = local_status,
    search: Search | None = None,
) -> PreviewPages:
    """The preview pages of the settings' catalog, rendering as the publisher does."""
    catalog = Catalog.from_settings(settings)
    return PreviewPages(
        PostFolder(catalog),
        options_for=options_for or publisher_options(settings, catalog),
        status_of=status_of,
        search=search or store_search(settings, catalog),
        public=settings.MEETUP_PREVIEW,
        layout=settings.MEETUP_LAYOUT,
        language=settings.MEETUP_LANGUAGE,
    )
