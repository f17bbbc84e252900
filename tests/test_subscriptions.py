"""`/meetup subscribe|unsubscribe|subscriptions` over real HTTP (signed requests, the fake Slack),
with the subscriptions in SQLite and in PostgreSQL; two workspaces never see each other's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import words
from bot.slack.commands import parse_command
from bot.workspaces.subscriptions import SubscriptionStore, open_subscriptions
from tests.fixtures_slack import SlackClient
from tests.pg_fixture import pg_server  # noqa: F401
from tests.slack_api_server import Fault
from tests.workspace_helpers import (
    OAuthSlackServer,
    Workspace,
    answer_text,
    database_url,
    start_app,
)


@pytest.fixture(params=["postgres", "sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url(request.param, request, tmp_path)


@pytest.fixture
def subs(db_url: str) -> Iterator[SubscriptionStore]:
    store = open_subscriptions(db_url)
    yield store
    store.close()


@pytest.fixture
def api() -> Iterator[OAuthSlackServer]:
    with OAuthSlackServer() as server:
        yield server


@pytest.fixture
def teams(
    meetup_store: Any, api: OAuthSlackServer, subs: SubscriptionStore
) -> Iterator[tuple[Workspace, Workspace]]:
    url, server = start_app(meetup_store, api, subs)
    client = SlackClient(url, api)
    yield Workspace(client, "T0ONE"), Workspace(client, "T0TWO")
    server.close()


def test_store_is_scoped_by_team_and_idempotent(subs: SubscriptionStore, db_url: str) -> None:
    assert subs.subscribe("T1", "C1", "U1", 1.0)
    assert not subs.subscribe("T1", "C1", "U2", 2.0)
    assert subs.subscribe("T2", "C2", "U3", 3.0, enterprise_id="E1")
    assert [s.channel_id for s in subs.for_team("T1")] == ["C1"]
    assert [(s.team_id, s.enterprise_id) for s in open_subscriptions(db_url).all()] == [
        ("T1", ""),
        ("T2", "E1"),
    ]
    assert not subs.unsubscribe("T1", "C2")  # another workspace's channel: untouched
    assert subs.unsubscribe("T2", "C2") and subs.for_team("T2") == []


def test_forgetting_a_workspace_drops_only_its_subscriptions(subs: SubscriptionStore) -> None:
    for team, channel in [("T1", "C1"), ("T1", "C2"), ("T2", "C3")]:
        subs.subscribe(team, channel, "U1", 1.0)
    assert subs.forget_team("T1") == 2
    assert subs.forget_team("T1") == 0
    assert [(s.team_id, s.channel_id) for s in subs.all()] == [("T2", "C3")]


def test_subscribe_posts_a_confirmation_and_lists_per_workspace(
    teams: tuple[Workspace, Workspace], api: OAuthSlackServer, subs: SubscriptionStore
) -> None:
    one, two = teams
    assert words.text("subscribe.done", "en") in answer_text(
        one.slash("subscribe", "C0NEWS", "news")
    )
    [posted] = api.calls_to("chat.postMessage")
    assert posted.params["channel"] == "C0NEWS"
    assert words.text("subscribe.already", "en") in answer_text(
        one.slash("subscribe", "C0NEWS", "news")
    )
    assert "<#C0NEWS>" in answer_text(one.slash("subscriptions"))
    listed_two = answer_text(two.slash("subscriptions"))
    assert "C0NEWS" not in listed_two and words.text("subscriptions.none", "en") in listed_two
    assert words.text("unsubscribe.not_subscribed", "en") in answer_text(
        two.slash("unsubscribe", "C0NEWS", "news")
    )
    assert [s.team_id for s in subs.all()] == ["T0ONE"]
    assert words.text("unsubscribe.done", "en") in answer_text(
        one.slash("unsubscribe", "C0NEWS", "news")
    )
    assert words.text("unsubscribe.not_subscribed", "en") in answer_text(
        one.slash("unsubscribe", "C0NEWS", "news")
    )
    assert subs.all() == []


@pytest.mark.parametrize(
    ("channel", "name"), [("D0DM", "directmessage"), ("G0MPIM", "mpdm-alice--bob-1")]
)
def test_subscribe_in_a_dm_is_refused(
    teams: tuple[Workspace, Workspace], channel: str, name: str, api: OAuthSlackServer
) -> None:
    assert words.text("subscribe.in_dm", "en") in answer_text(
        teams[0].slash("subscribe", channel, name)
    )
    assert not api.calls_to("chat.postMessage")


@pytest.mark.parametrize("error", ["not_in_channel", "channel_not_found"])
def test_subscribe_where_the_bot_cannot_post_hints_to_invite_it(
    teams: tuple[Workspace, Workspace],
    api: OAuthSlackServer,
    subs: SubscriptionStore,
    error: str,
) -> None:
    api.inject("chat.postMessage", Fault.api_error(error))
    text = answer_text(teams[0].slash("subscribe", "C0PRIVATE", "private"))
    assert "/invite @meetup-bot" in text and subs.all() == []


def test_subscribe_other_slack_error_is_named(
    teams: tuple[Workspace, Workspace], api: OAuthSlackServer, subs: SubscriptionStore
) -> None:
    api.inject("chat.postMessage", Fault.api_error("is_archived"))
    assert "is_archived" in answer_text(teams[0].slash("subscribe", "C0OLD", "old"))
    assert subs.all() == []


@pytest.mark.parametrize("text", ["subscribe #random", "unsubscribe now", "subscriptions all"])
def test_extra_arguments_are_refused(
    teams: tuple[Workspace, Workspace], text: str, subs: SubscriptionStore
) -> None:
    assert "takes no argument" in answer_text(teams[0].slash(text, "C0NEWS", "news"))
    assert subs.all() == []


def test_parse_and_help_know_the_new_subcommands() -> None:
    assert parse_command("subscribe").subcommand == "subscribe"
    assert parse_command("subscriptions").error is None
    assert "did you mean `/meetup subscribe`" in (parse_command("subscrib").error or "")
    for name in ("subscribe", "unsubscribe", "subscriptions"):
        assert f"/meetup {name}" in words.text("usage", "en") and name in words.text(
            "usage.fallback", "en"
        )


def test_without_a_token_subscribing_is_unavailable(
    meetup_store: Any, api: OAuthSlackServer, subs: SubscriptionStore
) -> None:
    url, server = start_app(meetup_store, api, subs, bot_token=None)
    try:
        one = Workspace(SlackClient(url, api), "T0ONE")
        assert words.text("subscribe.unavailable", "en") in answer_text(
            one.slash("subscribe", "C0X", "x")
        )
    finally:
        server.close()
