"""The App Home tab: `app_home_opened` -> `views.publish` of the view formatters/home.py builds.

- Opening the tab shows the latest meetups (a page of `MEETUPS_PAGE`, with their first talks).
- The search box runs the same search as `/meetup search` (bot/search.py) when Enter is
  pressed (a `block_actions` of `home_search`); the results are shown in the view, paged.
- Next/Previous/Clear buttons (`home_page_*`) carry the view state in their value.
- Admins also see the state of each source and the posts held back (`OperatorStatus`, from
  what /healthz and the publisher know: bot/slack/operator.py). Admins are the Slack user IDs
  of MEETUP_ADMINS: the sources are the operator's, not a workspace's, so being a workspace
  admin is not enough (in OAuth mode the bot serves workspaces that are not the operator's).

Every call goes through the listener's `client`, which Bolt authorizes with the installation's
bot token in OAuth mode: each workspace gets its own view. Views are published for the user who
opened or clicked; a failure is logged, never shown.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import QueryError
from bot.model import HomePage, MeetupTalks, OperatorStatus
from bot.query import MAX_QUERY_LENGTH
from bot.search import meetup_talks, search_talks
from bot.slack.commands import tidy
from bot.store import Store
from formatters.home import ACTION_PAGE, ACTION_SEARCH, TALKS_SHOWN, home_view

log = logging.getLogger("bot.slack")

MEETUPS_PAGE = 5
RESULTS_PAGE = 5
MAX_OFFSET = 10_000
OperatorView = Callable[[], OperatorStatus]


@dataclass(frozen=True)
class HomeRequest:
    """What the view should show: a query (empty: none) and the two offsets."""

    query: str = ""
    offset: int = 0
    meetups: int = 0


def _number(value: object) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_OFFSET
    return value if ok and isinstance(value, int) else 0


def request_of(value: object) -> HomeRequest:
    """A Home button's value (formatters/home.py `home_value`) -> the request; anything
    garbled is the first page without a query."""
    try:
        data = json.loads(value) if isinstance(value, str) and len(value) <= 2000 else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return HomeRequest()
    query = data.get("q")
    query = tidy(query)[:MAX_QUERY_LENGTH] if isinstance(query, str) else ""
    return HomeRequest(query, _number(data.get("o")), _number(data.get("m")))


def home_page(
    store: Store, request: HomeRequest, operator: OperatorStatus | None, lang: str | None
) -> HomePage:
    """Everything the view shows for `request` (the search runs here, as for `/meetup`)."""
    listed = store.list_meetups(limit=request.meetups + MEETUPS_PAGE + 1)
    shown = listed[request.meetups : request.meetups + MEETUPS_PAGE]
    meetups = tuple(
        MeetupTalks(ref, meetup_talks(store, ref.post_id, limit=TALKS_SHOWN).hits) for ref in shown
    )
    more = len(listed) > request.meetups + MEETUPS_PAGE
    page = HomePage(meetups, request.meetups, more, request.query, operator=operator)
    if not request.query:
        return page
    try:
        results = search_talks(store, request.query, offset=request.offset, limit=RESULTS_PAGE)
    except QueryError as error:
        return HomePage(
            meetups, request.meetups, more, request.query, None, error.text(lang), operator
        )
    return HomePage(meetups, request.meetups, more, request.query, results, operator=operator)


def register_home(
    app: App,
    store: Store,
    lang: str | None,
    admins: frozenset[str] = frozenset(),
    operator: OperatorView | None = None,
) -> None:
    """The Home listeners (register before any catch-all listener)."""

    def publish(client: WebClient, user: str, request: HomeRequest, view_hash: str = "") -> None:
        status = operator() if operator is not None and user in admins else None
        view = home_view(home_page(store, request, status, lang), lang)
        extra = {"hash": view_hash} if view_hash else {}
        try:
            client.views_publish(user_id=user, view=view, **extra)
        except SlackApiError as error:
            data = error.response.data
            code = data.get("error") if isinstance(data, dict) else ""
            log.warning("views.publish refused the Home view: %s", code or "unknown")

    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any], client: WebClient) -> None:
        user = event.get("user")
        if event.get("tab", "home") != "home" or not isinstance(user, str) or not user:
            return
        if client.token:
            publish(client, user, HomeRequest())

    @app.action(ACTION_SEARCH)
    def on_search(
        ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        value = action.get("value")
        query = tidy(value) if isinstance(value, str) else ""  # too long: bot/search.py says so
        _answer(body, client, HomeRequest(query))

    @app.action(re.compile(rf"^{ACTION_PAGE}_\w+$"))
    def on_page(ack: Ack, action: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        ack()
        _answer(body, client, request_of(action.get("value")))

    def _answer(body: dict[str, Any], client: WebClient, request: HomeRequest) -> None:
        who, view = body.get("user"), body.get("view")
        user = who.get("id") if isinstance(who, dict) else None
        if not isinstance(user, str) or not user or not client.token:
            return
        view_hash = view.get("hash") if isinstance(view, dict) else ""
        publish(client, user, request, view_hash if isinstance(view_hash, str) else "")
