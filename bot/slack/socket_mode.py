"""Socket Mode: the same Bolt app over a WebSocket (slack_sdk's builtin client, no extra
dependency). Slack sends envelopes; Bolt's handler acks each with the listener's answer."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler

log = logging.getLogger("bot.slack.socket")


def connect(app: App, app_token: str, *, ping_interval: float = 10) -> SocketModeHandler:
    """Open the connection (apps.connections.open, then the WebSocket) and return the handler;
    messages are handled on its own threads. Call `handler.close()` to stop."""
    handler = SocketModeHandler(
        app,
        app_token=app_token,
        web_client=app.client,
        logger=logging.getLogger("slack_sdk.socket_mode"),
        ping_interval=ping_interval,
    )
    handler.connect()  # type: ignore[no-untyped-call]
    log.info("connected over Socket Mode")
    return handler


def is_connected(handler: SocketModeHandler) -> bool:
    return bool(handler.client.is_connected())
