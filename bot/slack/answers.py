"""The domain side of the Slack app: a parsed request + the store -> the message to answer.

No Slack I/O here: app.py sends what these return (ack body or response_url).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import words
from bot.observability import SEARCH_SECONDS
from bot.query import normalize
from bot.search import QueryError, find_meetups, meetup_talks, search_talks
from bot.slack.actions import ActionRequest
from bot.slack.commands import CommandRequest
from bot.store import Store
from bot.workspaces.subscriptions import SubscriptionStore
from formatters.lineup import TALKS_PER_ANSWER
from formatters.results import (
    notice_answer,
    pick_answer,
    search_answer,
    shared_answer,
    subscriptions_answer,
    talks_answer,
    usage_answer,
)

Message = dict[str, Any]
SEARCH_PAGE = 5
TALKS_PAGE = TALKS_PER_ANSWER
SHARE_LOOKUP = 100
"""How many search results a Share click looks through to find its talk's snippet again."""


@dataclass(frozen=True)
class Reply:
    """A message and how to send it through response_url."""

    message: Message
    response_type: str = "ephemeral"
    replace_original: bool = False


def answer_command(store: Store, request: CommandRequest, lang: str | None = None) -> Message:
    """The ephemeral answer to a `/meetup` command, in `lang` (MEETUP_LANGUAGE)."""
    if request.subcommand == "help":
        return usage_answer(language=lang)
    if request.subcommand == "unknown":
        return usage_answer(request.error.text(lang) if request.error else None, lang)
    if request.error:
        return notice_answer(request.error.text(lang))
    with SEARCH_SECONDS.time():  # the work itself (in the listener, HTTP and Socket Mode)
        if request.subcommand == "search":
            return search(store, request.argument, 0, lang)
        return talks(store, request.argument, lang)


def search(store: Store, query: str, offset: int, lang: str | None = None) -> Message:
    try:
        page = search_talks(store, query, offset=offset, limit=SEARCH_PAGE)
    except QueryError as error:
        return notice_answer(error.text(lang))
    return search_answer(page, lang)


def talks(store: Store, selector: str, lang: str | None = None) -> Message:
    meetups = find_meetups(store, selector)
    if not meetups:
        if not selector:
            return notice_answer(words.text("meetups.none", lang))
        return notice_answer(words.text("meetups.no_match", lang, selector=selector))
    first = meetups[0]
    wanted = normalize(selector)
    exact = wanted in (normalize(first.title), normalize(first.post_id))
    if len(meetups) > 1 and not exact:
        return pick_answer(selector, meetups, lang)
    return talks_answer(meetup_talks(store, first.post_id, limit=TALKS_PAGE), first, lang)


def meetup_page(store: Store, post_id: str, offset: int, lang: str | None) -> Message | None:
    page = meetup_talks(store, post_id, offset=offset, limit=TALKS_PAGE)
    if not page.hits:
        return None
    return talks_answer(page, page.hits[0].meetup, lang)


def answer_action(store: Store, action: ActionRequest, lang: str | None = None) -> Reply:
    """What a button click sends back through the message's response_url, in `lang`."""
    stale = Reply(notice_answer(words.text("answer.stale", lang)))
    if action.kind in ("pick", "show"):  # show: a link unfurl's card, which stays as it is
        message = meetup_page(store, action.post_id, 0, lang)
        replace = action.kind == "pick"
        return stale if message is None else Reply(message, replace_original=replace)
    if action.kind == "page":
        if action.source == "search":
            return Reply(search(store, action.query, action.offset, lang), replace_original=True)
        message = meetup_page(store, action.query, action.offset, lang)
        return stale if message is None else Reply(message, replace_original=True)
    hit = None
    if action.source == "search" and action.query:
        try:
            page = search_talks(store, action.query, limit=SHARE_LOOKUP)
        except QueryError:
            page = None
        if page is not None:
            hit = next(
                (
                    h
                    for h in page.hits
                    if h.meetup.post_id == action.post_id and h.position == action.position
                ),
                None,
            )
    if hit is None:
        page = meetup_talks(store, action.post_id, offset=action.position, limit=1)
        hit = next((h for h in page.hits if h.position == action.position), None)
    if hit is None:
        return stale
    return Reply(shared_answer(hit, action.query, lang), response_type="in_channel")


@dataclass(frozen=True)
class Where:
    """Where a command was run, from Slack's payload."""

    team_id: str
    channel_id: str
    channel_name: str = ""
    user_id: str = ""
    enterprise_id: str = ""

    @property
    def is_dm(self) -> bool:
        name = self.channel_name
        return (
            self.channel_id.startswith("D") or name == "directmessage" or name.startswith("mpdm-")
        )


Announce = Callable[[], "str | None"]
"""Posts the confirmation in the channel: None when it went out, else Slack's error code."""
CANNOT_POST_HINTED = frozenset({"not_in_channel", "channel_not_found"})


def answer_subscription(
    subscriptions: SubscriptionStore | None,
    request: CommandRequest,
    where: Where,
    announce: Announce | None,
    clock: Callable[[], float] = time.time,
    lang: str | None = None,
) -> Message:
    """subscribe / unsubscribe / subscriptions, for this workspace (team_id) only."""
    if request.error:
        return notice_answer(request.error.text(lang))
    if subscriptions is None:
        return notice_answer(words.text("subscribe.unavailable", lang))
    if request.subcommand == "subscriptions":
        mine = subscriptions.for_team(where.team_id)
        return subscriptions_answer([s.channel_id for s in mine], lang)
    if request.subcommand == "unsubscribe":
        done = subscriptions.unsubscribe(where.team_id, where.channel_id)
        key = "unsubscribe.done" if done else "unsubscribe.not_subscribed"
        return notice_answer(words.text(key, lang))
    if where.is_dm:
        return notice_answer(words.text("subscribe.in_dm", lang))
    if any(s.channel_id == where.channel_id for s in subscriptions.for_team(where.team_id)):
        return notice_answer(words.text("subscribe.already", lang))
    if announce is None:
        return notice_answer(words.text("subscribe.unavailable", lang))
    error = announce()
    if error in CANNOT_POST_HINTED:
        return notice_answer(words.text("subscribe.not_in_channel", lang))
    if error:  # escaped by notice_answer
        return notice_answer(words.text("subscribe.cannot_post", lang, error=error[:60]))
    subscriptions.subscribe(
        where.team_id, where.channel_id, where.user_id, clock(), where.enterprise_id
    )
    return notice_answer(words.text("subscribe.done", lang))
