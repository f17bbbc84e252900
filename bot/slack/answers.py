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


def answer_command(store: Store, request: CommandRequest) -> Message:
    """The ephemeral answer to a `/meetup` command."""
    if request.subcommand == "help":
        return usage_answer()
    if request.subcommand == "unknown":
        return usage_answer(request.error)
    if request.error:
        return notice_answer(request.error)
    with SEARCH_SECONDS.time():  # the work itself (in the listener, HTTP and Socket Mode)
        if request.subcommand == "search":
            return search(store, request.argument, 0)
        return talks(store, request.argument)


def search(store: Store, query: str, offset: int) -> Message:
    try:
        page = search_talks(store, query, offset=offset, limit=SEARCH_PAGE)
    except QueryError as error:
        return notice_answer(str(error))
    return search_answer(page)


def talks(store: Store, selector: str) -> Message:
    meetups = find_meetups(store, selector)
    if not meetups:
        if not selector:
            return notice_answer(words.said("meetups.none"))
        return notice_answer(words.said("meetups.no_match", selector=selector))
    first = meetups[0]
    wanted = normalize(selector)
    exact = wanted in (normalize(first.title), normalize(first.post_id))
    if len(meetups) > 1 and not exact:
        return pick_answer(selector, meetups)
    return talks_answer(meetup_talks(store, first.post_id, limit=TALKS_PAGE), first)


def meetup_page(store: Store, post_id: str, offset: int) -> Message | None:
    page = meetup_talks(store, post_id, offset=offset, limit=TALKS_PAGE)
    if not page.hits:
        return None
    return talks_answer(page, page.hits[0].meetup)


def answer_action(store: Store, action: ActionRequest) -> Reply:
    """What a button click sends back through the message's response_url."""
    stale = Reply(notice_answer(words.said("answer.stale")))
    if action.kind == "pick":
        message = meetup_page(store, action.post_id, 0)
        return stale if message is None else Reply(message, replace_original=True)
    if action.kind == "page":
        if action.source == "search":
            return Reply(search(store, action.query, action.offset), replace_original=True)
        message = meetup_page(store, action.query, action.offset)
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
    return Reply(shared_answer(hit, action.query), response_type="in_channel")


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
) -> Message:
    """subscribe / unsubscribe / subscriptions, for this workspace (team_id) only."""
    if request.error:
        return notice_answer(request.error)
    if subscriptions is None:
        return notice_answer(words.said("subscribe.unavailable"))
    if request.subcommand == "subscriptions":
        mine = subscriptions.for_team(where.team_id)
        return subscriptions_answer([s.channel_id for s in mine])
    if request.subcommand == "unsubscribe":
        done = subscriptions.unsubscribe(where.team_id, where.channel_id)
        return notice_answer(
            words.said("unsubscribe.done") if done else words.said("unsubscribe.not_subscribed")
        )
    if where.is_dm:
        return notice_answer(words.said("subscribe.in_dm"))
    if any(s.channel_id == where.channel_id for s in subscriptions.for_team(where.team_id)):
        return notice_answer(words.said("subscribe.already"))
    if announce is None:
        return notice_answer(words.said("subscribe.unavailable"))
    error = announce()
    if error in CANNOT_POST_HINTED:
        return notice_answer(words.said("subscribe.not_in_channel"))
    if error:
        return notice_answer(words.said("subscribe.cannot_post", error=error[:60]))  # escaped there
    subscriptions.subscribe(
        where.team_id, where.channel_id, where.user_id, clock(), where.enterprise_id
    )
    return notice_answer(words.said("subscribe.done"))
