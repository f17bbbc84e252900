"""The fake Slack Web API itself, driven through slack_sdk's real WebClient."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.webhook import WebhookClient

from tests.slack_api_server import Fault, SlackApiServer

GOOD = [{"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}]


def client(api: SlackApiServer, **kwargs: object) -> WebClient:
    return WebClient(token="xoxb-test", base_url=api.api_url, timeout=5, **kwargs)


def test_post_update_history_with_metadata(slack_api: SlackApiServer) -> None:
    web = client(slack_api)
    assert web.auth_test()["user_id"] == "U0BOT"
    metadata = {"event_type": "meetup_post", "event_payload": {"post_id": "p1", "talk": 2}}
    first = web.chat_postMessage(channel="C1", text="hi", blocks=GOOD, metadata=metadata)
    reply = web.chat_postMessage(channel="C1", text="reply", thread_ts=first["ts"])
    second = web.chat_postMessage(channel="C1", text="later")
    assert first["ts"] < reply["ts"] < second["ts"]
    web.chat_update(channel="C1", ts=first["ts"], text="edited")
    plain = web.conversations_history(channel="C1")["messages"]
    assert [m["text"] for m in plain] == ["later", "edited"]
    assert all("metadata" not in m for m in plain)
    full = web.conversations_history(channel="C1", include_all_metadata=True)["messages"]
    assert full[1]["metadata"] == metadata and full[1]["blocks"] == GOOD
    thread = web.conversations_replies(channel="C1", ts=first["ts"])["messages"]
    assert [m["text"] for m in thread] == ["edited", "reply"]
    with pytest.raises(SlackApiError, match="message_not_found"):
        web.chat_update(channel="C1", ts="1.0", text="x")
    assert web.chat_postEphemeral(channel="C1", user="U1", text="psst")["ok"]
    posted = slack_api.calls_to("chat.postMessage")[0]
    assert posted.params["metadata"] == metadata and posted.token == "xoxb-test"


def test_invalid_blocks_are_refused_like_slack(slack_api: SlackApiServer) -> None:
    web = client(slack_api)
    bad = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    with pytest.raises(SlackApiError, match="invalid_blocks"):
        web.chat_postMessage(channel="C1", text="x", blocks=bad)
    ping = [{"type": "section", "text": {"type": "mrkdwn", "text": "<!channel> hi"}}]
    with pytest.raises(SlackApiError, match="would_notify"):
        web.chat_postMessage(channel="C1", text="x", blocks=ping)
    assert slack_api.messages == {}
    hook = WebhookClient(slack_api.response_url("r1"))
    assert hook.send(text="x", blocks=bad).status_code == 400
    assert hook.send(text="fine", blocks=GOOD).status_code == 200
    assert len(slack_api.responses["r1"]) == 1


def test_auth_errors(slack_api: SlackApiServer) -> None:
    with pytest.raises(SlackApiError, match="invalid_auth"):
        WebClient(token="xoxb-invalid", base_url=slack_api.api_url).auth_test()
    with pytest.raises(SlackApiError, match="not_authed"):
        WebClient(base_url=slack_api.api_url).auth_test()
    slack_api.socket_url = "ws://127.0.0.1:1/x"
    opened = WebClient(base_url=slack_api.api_url).apps_connections_open(app_token="xapp-1")
    assert opened["url"] == "ws://127.0.0.1:1/x"


def test_fault_injection(slack_api: SlackApiServer) -> None:
    slack_api.inject("chat.postMessage", Fault.ratelimited(1), Fault.server_error())
    retrying = client(
        slack_api,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )
    started = time.monotonic()
    assert retrying.chat_postMessage(channel="C1", text="x")["ok"]
    assert time.monotonic() - started >= 1.0  # waited Retry-After
    assert len(slack_api.calls_to("chat.postMessage")) == 3
    assert len(slack_api.messages["C1"]) == 1

    slack_api.inject("chat.postMessage", Fault.api_error("channel_not_found"))
    with pytest.raises(SlackApiError, match="channel_not_found"):
        client(slack_api).chat_postMessage(channel="C1", text="x")

    slack_api.inject("chat.postMessage", Fault.drop())
    with pytest.raises(Exception):  # noqa: B017 - the connection is dropped: any client error
        client(slack_api, retry_handlers=[]).chat_postMessage(channel="C1", text="x")
    assert len(slack_api.calls_to("chat.postMessage")) == 5  # recorded before the drop

    slack_api.inject("response", Fault.server_error())
    assert WebhookClient(slack_api.response_url("r")).send(text="x").status_code == 500
