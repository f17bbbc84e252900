"""Link unfurls: a `link_shared` event -> the meetup card of each known post -> `chat.unfurl`.

Slack sends `link_shared` for links on the domains of the app manifest's
`features.unfurl_domains` (scope `links:read`); the answer is one `chat.unfurl` call (scope
`links:write`) with a card per known post (formatters/unfurl.py). A link is a known post when
its URL names a post of the index (bot/post_links.py); the card is made from the post itself,
read through the catalog. Unknown URLs, a malformed event and every failure end in no call and
no message: a log line only. At most `MAX_UNFURLS` cards per message, from the first
`MAX_LINKS` links of the event.

The card's Show talks button is answered like `/meetup talks` (bot/slack/answers.py, kind
`show`), to the person who clicked alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.catalog import Catalog
from bot.errors import MeetupBotError
from bot.model import Post
from bot.post_links import KnownLinks
from bot.store import Store
from formatters.options import FormatOptions
from formatters.unfurl import unfurl_card

log = logging.getLogger("bot.slack")

MAX_LINKS = 20
"""Links of one event looked at; Slack sends one event per message."""
MAX_UNFURLS = 5
"""Cards attached to one message at most (each is as large as an announcement)."""
SOURCES = ("composer", "conversations_history")
"""Where a link can be (the event's and chat.unfurl's `source`)."""
ReadPost = Callable[[str], "Post | None"]
"""A post by its catalog id, read and parsed (None when it is gone)."""


@dataclass(frozen=True)
class UnfurlTarget:
    """Which message the cards go to: `unfurl_id` + `source` (also for links still in the
    composer), else `channel` + `ts`."""

    channel: str = ""
    ts: str = ""
    unfurl_id: str = ""
    source: str = ""

    def send(self, client: WebClient, cards: dict[str, dict[str, Any]]) -> None:
        """chat.unfurl with the cards (SlackApiError when Slack refuses them)."""
        if self.unfurl_id and self.source:
            client.chat_unfurl(unfurls=cards, unfurl_id=self.unfurl_id, source=self.source)
        else:
            client.chat_unfurl(unfurls=cards, channel=self.channel, ts=self.ts)


def _text(event: dict[str, Any], key: str) -> str:
    value = event.get(key)
    return value if isinstance(value, str) else ""


def unfurl_target(event: dict[str, Any]) -> UnfurlTarget | None:
    """Where to attach the cards, or None when the event says nowhere usable."""
    target = UnfurlTarget(
        _text(event, "channel"),
        _text(event, "message_ts"),
        _text(event, "unfurl_id"),
        _text(event, "source"),
    )
    by_id = target.unfurl_id and target.source in SOURCES
    if by_id or (target.channel and target.ts):
        return target if by_id else UnfurlTarget(target.channel, target.ts)
    return None


def shared_urls(event: dict[str, Any]) -> list[str]:
    """The distinct URLs of the event's `links`, in order (anything malformed left out)."""
    links = event.get("links")
    if not isinstance(links, list):
        return []
    urls: list[str] = []
    for link in links[:MAX_LINKS]:
        url = link.get("url") if isinstance(link, dict) else None
        if isinstance(url, str) and url not in urls:
            urls.append(url)
    return urls


def unfurls_for(
    store: Store, read_post: ReadPost, urls: list[str], lang: str | None
) -> dict[str, dict[str, Any]]:
    """The card of every URL that names a known post, keyed by the URL as shared."""
    known = KnownLinks.of(store)
    cards: dict[str, dict[str, Any]] = {}
    for url in urls:
        meetup = known.find(url)
        if meetup is None or len(cards) >= MAX_UNFURLS:
            continue
        try:
            post = read_post(meetup.post_id)
        except MeetupBotError as error:
            log.warning("unfurl: %s cannot be read: %s", meetup.post_id, error)
            continue
        if post is not None and not post.draft:
            options = FormatOptions(language=lang, post_url=meetup.url)
            cards[url] = unfurl_card(post, url, meetup.post_id, options)
    return cards


def catalog_reader(catalog: Catalog) -> ReadPost:
    """Read a post by its id through the catalog (None when its file is gone)."""

    def read(post_id: str) -> Post | None:
        found = catalog.find(post_id)
        return None if found is None else catalog.read(found.path)

    return read


def register_unfurls(app: App, store: Store, read_post: ReadPost, lang: str | None) -> None:
    """The `link_shared` listener (register before any catch-all event listener)."""

    @app.event("link_shared")
    def on_link_shared(event: dict[str, Any], client: WebClient) -> None:
        target, urls = unfurl_target(event), shared_urls(event)
        if target is None or not urls:
            log.warning("ignored a link_shared event without a message or links")
            return
        if not client.token:  # dry: nothing can be attached
            return
        cards = unfurls_for(store, read_post, urls, lang)
        if not cards:
            log.info("unfurl: no known post among %d link(s)", len(urls))
            return
        try:
            target.send(client, cards)
        except SlackApiError as error:
            data = error.response.data
            code = data.get("error") if isinstance(data, dict) else ""
            log.warning("chat.unfurl refused %d card(s): %s", len(cards), code or "unknown")
        else:
            log.info("unfurled %d link(s)", len(cards))
