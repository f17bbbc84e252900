"""`meetup_search_seconds` times the answer itself (issue 10, item 7): Bolt's global middleware
gets control back from `next_()` before the listener runs, so timing there measured nothing.

Proved by order, not by clock: when the listener starts (its "command ..." log line) the
search has not been observed yet; once the answer is back, it has, exactly once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from bot.observability import REGISTRY
from tests.fixtures_slack import SIGNING_SECRET, SlackClient
from tests.slack_api_server import SlackApiServer


def _observed() -> tuple[float, float]:
    count = REGISTRY.get_sample_value("meetup_search_seconds_count") or 0.0
    total = REGISTRY.get_sample_value("meetup_search_seconds_sum") or 0.0
    return count, total


class _AtListenerStart(logging.Handler):
    """Notes the histogram when the `/meetup` listener logs that it starts answering."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[float, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("command "):
            self.seen.append(_observed())


@pytest.fixture
def client(meetup_store: Any, slack_api: SlackApiServer) -> Iterator[SlackClient]:
    """The app as `meetup-bot serve` wires it (with its metrics middleware), on real HTTP."""
    from bot.slack.app import build_app
    from bot.slack.instrument import instrument
    from bot.slack.routes import slack_routes
    from bot.web.app import WebApp
    from bot.web.server import HttpServer

    app = instrument(
        build_app(
            meetup_store, bot_token=None, signing_secret=SIGNING_SECRET, api_url=slack_api.api_url
        )
    )
    server = HttpServer(WebApp(slack_routes(app, SIGNING_SECRET)), "127.0.0.1", 0).start()
    yield SlackClient(f"http://127.0.0.1:{server.port}", slack_api)
    server.close()


@pytest.mark.parametrize("command", ["search ruff", "talks", "talks docker meetup tokyo #4"])
def test_the_search_is_observed_after_the_listener_ran(client: SlackClient, command: str) -> None:
    listener = _AtListenerStart()
    logger = logging.getLogger("bot.slack")
    logger.addHandler(listener)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        before = _observed()
        answer = client.slash(command)
        after = _observed()
    finally:
        logger.removeHandler(listener)
        logger.setLevel(level)
    assert answer.status == 200 and answer.json()["blocks"], answer.text
    assert listener.seen == [before], "observed before the listener started its work"
    assert after[0] == before[0] + 1 and after[1] > before[1]


def test_help_and_subscriptions_are_not_timed(client: SlackClient) -> None:
    before = _observed()
    assert client.slash("help").status == 200
    assert client.slash("subscriptions").status == 200
    assert _observed() == before
