"""Metrics for `/meetup`: a Bolt global middleware, so HTTP and Socket Mode are counted alike.

It runs after Bolt's own checks (signature, authorization), so only genuine commands count:
`meetup_slash_commands_total{subcommand}` (parsed exactly as the listener parses it), and
`meetup_search_seconds` around answering `talks` and `search`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.observability import SEARCH_SECONDS, count_slash_command
from bot.slack.commands import parse_command

TIMED = frozenset({"talks", "search"})


def count_commands(body: dict[str, Any], next_: Callable[[], BoltResponse]) -> BoltResponse:
    """Bolt middleware: count (and time) slash commands; anything else passes untouched."""
    if not isinstance(body, dict) or not body.get("command"):
        return next_()
    subcommand = parse_command(str(body.get("text") or "")).subcommand
    count_slash_command(subcommand)
    if subcommand not in TIMED:
        return next_()
    with SEARCH_SECONDS.time():
        return next_()


def instrument(app: App) -> App:
    """Attach the metrics middleware to `app` (after the listeners: middleware is global)."""
    app.use(count_commands)
    return app
