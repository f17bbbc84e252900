"""User text in a `/meetup` answer is escaped exactly once (issue 10, item 8): `<!channel>`
shows as `&lt;!channel&gt;` in the mrkdwn (so Slack shows `<!channel>` and pings no one),
never `&amp;lt;` (which Slack shows as `&lt;`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.workspaces.subscriptions import SubscriptionStore, open_subscriptions
from tests.fixtures_slack import RunningBot, SlackClient, blocks_text
from tests.slack_api_server import Fault
from tests.workspace_helpers import OAuthSlackServer, Workspace, start_app


@pytest.mark.parametrize("command", ["subscribe", "unsubscribe", "subscriptions"])
def test_an_argument_to_a_subscription_command_is_escaped_once(
    bot: RunningBot, command: str
) -> None:
    answer = bot.client.slash(f"{command} <!channel> & <@U123>")
    assert answer.status == 200, answer.text
    message = answer.json()
    for shown in (message["text"], blocks_text(message)):
        assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in shown, shown
        assert "&amp;lt;" not in shown and "&amp;amp;" not in shown
        assert "<!channel>" not in shown and "<@U123>" not in shown


def test_an_unknown_subcommand_is_escaped_once(bot: RunningBot) -> None:
    message = bot.client.slash("<!here> kubernetes").json()
    shown = message["text"] + blocks_text(message)
    assert "&lt;!here&gt;" in shown and "&amp;lt;" not in shown and "<!here>" not in shown


@pytest.fixture
def workspace(meetup_store: Any, tmp_path: Path) -> Iterator[tuple[Workspace, OAuthSlackServer]]:
    subscriptions: SubscriptionStore = open_subscriptions(f"sqlite:///{tmp_path / 'subs.db'}")
    with OAuthSlackServer() as api:
        url, server = start_app(meetup_store, api, subscriptions)
        yield Workspace(SlackClient(url, api), "T0ONE"), api
        server.close()
    subscriptions.close()


def test_a_slack_error_in_the_subscribe_answer_is_escaped_once(
    workspace: tuple[Workspace, OAuthSlackServer],
) -> None:
    team, api = workspace
    api.inject("chat.postMessage", Fault.api_error("odd<&>code"))
    message = team.slash("subscribe", "C0OLD", "old").json()
    shown = message["text"] + blocks_text(message)
    assert "odd&lt;&amp;&gt;code" in shown and "&amp;lt;" not in shown, shown
