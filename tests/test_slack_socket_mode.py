"""Socket Mode: the same app over a WebSocket speaking Slack's protocol (hello, envelopes,
acks with the answer in their payload), against the local Socket Mode server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.slack.app import build_app
from bot.slack.socket_mode import connect, is_connected
from formatters import check_message
from tests.fixtures_slack import APP_TOKEN, BOT_TOKEN, blocks_text, buttons
from tests.slack_api_server import APP_ID, TEAM_ID, SlackApiServer, SocketModeServer


@pytest.fixture
def socket_bot(meetup_store: Any, slack_api: SlackApiServer) -> Iterator[SocketModeServer]:
    with SocketModeServer() as socket:
        slack_api.socket_url = socket.url
        app = build_app(
            meetup_store, bot_token=BOT_TOKEN, signing_secret="", api_url=slack_api.api_url
        )
        handler = connect(app, APP_TOKEN, ping_interval=2)
        try:
            assert socket.connected.wait(5)
            assert is_connected(handler)
            yield socket
        finally:
            handler.close()


def slash(socket: SocketModeServer, api: SlackApiServer, text: str, n: int) -> dict[str, Any]:
    envelope_id = f"env-{n}"
    socket.send(
        {
            "envelope_id": envelope_id,
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": {
                "token": "x",
                "team_id": TEAM_ID,
                "channel_id": "C0GENERAL",
                "user_id": "U0ALICE",
                "command": "/meetup",
                "text": text,
                "api_app_id": APP_ID,
                "response_url": api.response_url(f"sock{n}"),
                "trigger_id": "1.2.3",
            },
        }
    )
    ack = socket.ack_for(envelope_id)
    return ack.get("payload") or {}


def test_slash_command_over_socket_mode(socket_bot: SocketModeServer, slack_api: SlackApiServer):
    answer = slash(socket_bot, slack_api, "search ruff", 1)
    assert answer["response_type"] == "ephemeral"
    assert "Fast linters with ruff" in blocks_text(answer)
    assert check_message(answer) == []
    usage = slash(socket_bot, slack_api, "", 2)
    assert "/meetup search WORDS" in blocks_text(usage)
    auth = [c for c in slack_api.calls if c.method == "apps.connections.open"]
    assert auth and auth[0].token == APP_TOKEN


def test_button_over_socket_mode(socket_bot: SocketModeServer, slack_api: SlackApiServer):
    # 13 talks match: a meetup's lineup now fits one answer, a search still pages by 10
    answer = slash(socket_bot, slack_api, "search containers", 3)
    next_button = next(b for b in buttons(answer) if b["action_id"] == "meetup_next")
    socket_bot.send(
        {
            "envelope_id": "env-click",
            "type": "interactive",
            "accepts_response_payload": False,
            "payload": {
                "type": "block_actions",
                "user": {"id": "U0ALICE"},
                "api_app_id": APP_ID,
                "team": {"id": TEAM_ID},
                "channel": {"id": "C0GENERAL"},
                "container": {"type": "message", "is_ephemeral": True},
                "response_url": slack_api.response_url("sockclick"),
                "actions": [
                    {
                        "type": "button",
                        "action_id": "meetup_next",
                        "block_id": "nav-0",
                        "value": next_button["value"],
                        "action_ts": "1.1",
                    }
                ],
            },
        }
    )
    socket_bot.ack_for("env-click")
    [posted] = slack_api.wait_for("response")
    assert posted.response_id == "sockclick" and posted.json_body["replace_original"] is True
    first, second = blocks_text(answer), blocks_text(posted.json_body)
    on_page_2 = [n for n in range(1, 14) if f"Lightning talk {n} about" in second]
    assert on_page_2 and all(f"Lightning talk {n} about" not in first for n in on_page_2)


def test_garbage_over_the_socket_is_survived(
    socket_bot: SocketModeServer, slack_api: SlackApiServer
):
    socket_bot.send({"envelope_id": "junk", "type": "interactive", "payload": {"type": "??"}})
    socket_bot.send({"type": "disconnect_warning_unknown"})
    answer = slash(socket_bot, slack_api, "search cgroup", 4)
    assert "cgroup" in blocks_text(answer)
    assert slack_api.calls_to("response") == []


def test_bad_app_token_is_refused(meetup_store: Any, slack_api: SlackApiServer, tmp_path: Path):
    from bot.errors import ConfigError
    from bot.slack.startup import connect_socket_mode

    app = build_app(meetup_store, bot_token=None, signing_secret="", api_url=slack_api.api_url)
    with pytest.raises(ConfigError, match=r"SLACK_APP_TOKEN: Slack refused it \(invalid_auth\)"):
        connect_socket_mode(app, "xapp-invalid", slack_api.api_url)
