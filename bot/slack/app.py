"""The Bolt app: thin listeners that translate a Slack request, call the domain
(bot.slack.answers) and send the answer.

- `/meetup ...`: answered in the ack itself (ephemeral), inside Slack's 3-second limit.
- Next/Previous/pick buttons: replace the ephemeral answer through its response_url.
- Share in channel: posts that one result visibly (response_type in_channel) via response_url.
- Anything else (unknown actions, events we do not use): acknowledged and logged, never answered.

No listener needs the Web API, so the app also runs "dry" without a bot token.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltResponse, Respond
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot import errors as texts
from bot.slack.actions import ACTION_PATTERN, LINK_PATTERN, parse_action
from bot.slack.answers import answer_action, answer_command
from bot.slack.commands import parse_command
from bot.store import Store
from formatters.results import notice_answer

log = logging.getLogger("bot.slack")

COMMAND_PATTERN = re.compile(r"^/meetup[\w-]*$")
"""`/meetup`, and renamed copies of it such as `/meetup-dev`."""


def _dry_authorize(**kwargs: Any) -> AuthorizeResult:
    """Without a bot token: let every verified request through, with no token at all."""
    return AuthorizeResult(enterprise_id=kwargs.get("enterprise_id"), team_id=kwargs.get("team_id"))


def build_app(
    store: Store,
    *,
    bot_token: str | None,
    signing_secret: str,
    api_url: str,
    verify_token: bool = True,
) -> App:
    """The Bolt app answering `/meetup` from `store`.

    `bot_token` None runs dry (no Web API call is ever made); `verify_token` calls auth.test
    once now so that a bad token stops start-up instead of failing on the first command.
    """
    client = WebClient(token=bot_token, base_url=api_url, logger=log)
    app = App(
        client=client,
        signing_secret=signing_secret,
        token_verification_enabled=verify_token and bot_token is not None,
        authorize=None if bot_token else _dry_authorize,
        logger=logging.getLogger("slack_bolt"),
        ignoring_self_events_enabled=bot_token is not None,
    )
    register_listeners(app, store)
    return app


def register_listeners(app: App, store: Store) -> None:
    """Attach the listeners (also used by the benchmark and tests on their own App)."""

    @app.command(COMMAND_PATTERN)
    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        request = parse_command(command.get("text"))
        log.info("command %s user=%s", request.subcommand, command.get("user_id"))
        try:
            message = answer_command(store, request)
        except Exception:
            log.exception("answering /meetup %s failed", request.subcommand)
            message = notice_answer(texts.ANSWER_FAILED)
        ack(response_type="ephemeral", **message)

    @app.action(ACTION_PATTERN)
    def on_button(ack: Ack, action: dict[str, Any], respond: Respond, body: dict[str, Any]) -> None:
        ack()
        request = parse_action(action.get("action_id"), action.get("value"))
        if request is None:
            log.warning("ignored garbled button value for %r", action.get("action_id"))
            return
        if not body.get("response_url"):
            log.warning("ignored button %r without response_url", action.get("action_id"))
            return
        try:
            reply = answer_action(store, request)
        except Exception:
            log.exception("answering button %s failed", action.get("action_id"))
            respond(replace_original=False, **notice_answer(texts.ANSWER_FAILED))
            return
        respond(
            response_type=reply.response_type,
            replace_original=reply.replace_original,
            **reply.message,
        )

    @app.action(LINK_PATTERN)
    def on_link(ack: Ack) -> None:
        ack()

    @app.action(re.compile(".*"))
    def on_unknown_action(ack: Ack, action: dict[str, Any]) -> None:
        ack()
        log.warning("ignored unknown action %r", str(action.get("action_id"))[:100])

    @app.event(re.compile(".*"))
    def on_event(event: dict[str, Any]) -> None:
        log.debug("ignored event %s", event.get("type"))

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        log.error(
            "listener failed: %s: %s (type=%s)", type(error).__name__, error, body.get("type")
        )
        return None
