"""Metrics for `/meetup`: a Bolt global middleware, so HTTP and Socket Mode are counted alike.

It runs after Bolt's own checks (signature, authorization), so only genuine commands count:
`meetup_slash_commands_total{subcommand}` (parsed exactly as the listener parses it).
`meetup_search_seconds` is observed around the answer itself (bot.slack.answers): here,
`next_()` returns before the listener runs, so there is nothing to time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.observability import count_slash_command
from bot.slack.commands import parse_command


def count_commands(body: dict[str, Any], next_: Callable[[], BoltResponse]) -> BoltResponse:
    """Bolt middleware: count slash commands; anything else passes untouched."""
    if isinstance(body, dict) and body.get("command"):
        count_slash_command(parse_command(str(body.get("text") or "")).subcommand)
    return next_()


def instrument(app: App) -> App:
    """Attach the metrics middleware to `app` (after the listeners: middleware is global)."""
    app.use(count_commands)
    return app
