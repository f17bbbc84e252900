"""The Bolt app: thin listeners that translate a Slack request, call the domain
(bot.slack.answers) and send the answer.

- `/meetup ...`: answered in the ack itself (ephemeral), inside Slack's 3-second limit.
- Next/Previous/pick buttons: replace the ephemeral answer through its response_url.
- Share in channel: posts that one result visibly (response_type in_channel) via response_url.
- Link unfurls (bot/slack/unfurls.py): a pasted link to a known post gets the meetup card; its
  Show talks button answers like `/meetup talks`, to the clicker alone.
- The Home tab (bot/slack/home.py): latest meetups, search, and the sources for admins.
- Anything else (unknown actions, events we do not use): acknowledged and logged, never answered.

`/meetup` and its buttons need no Web API, so the app also runs "dry" without a bot token
(unfurls and the Home tab need one, and stay silent without).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App, BoltResponse, Respond
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

import words
from bot.catalog import Catalog
from bot.slack.actions import ACTION_PATTERN, LINK_PATTERN, parse_action
from bot.slack.answers import Announce, Where, answer_action, answer_command, answer_subscription
from bot.slack.commands import SUBSCRIPTION_COMMANDS, CommandRequest, parse_command
from bot.slack.home import OperatorView, register_home
from bot.slack.unfurls import catalog_reader, register_unfurls
from bot.store import Store
from bot.workspaces.subscriptions import SubscriptionStore
from bot.workspaces.uninstall import register_uninstall_listeners
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
    subscriptions: SubscriptionStore | None = None,
    oauth_settings: OAuthSettings | None = None,
    language: str | None = None,
    catalog: Catalog | None = None,
    admins: frozenset[str] = frozenset(),
    operator: OperatorView | None = None,
) -> App:
    """The Bolt app answering `/meetup` from `store`.

    `bot_token` None runs dry (no Web API call is ever made); `verify_token` calls auth.test
    once now so that a bad token stops start-up instead of failing on the first command.
    `subscriptions`: enables /meetup subscribe|unsubscribe|subscriptions. `oauth_settings`:
    many workspaces, each request authorized from the installation store (bot_token unused).
    `language` (MEETUP_LANGUAGE): the words of every answer, English by default.
    `catalog`: where link unfurls read the posts (None: no unfurls). `admins` (MEETUP_ADMINS)
    see `operator()` (the sources' state) in the Home tab.
    """
    if oauth_settings is not None:
        app = App(
            client=WebClient(base_url=api_url, logger=log),
            signing_secret=signing_secret,
            oauth_settings=oauth_settings,
            logger=logging.getLogger("slack_bolt"),
        )
    else:
        app = App(
            client=WebClient(token=bot_token, base_url=api_url, logger=log),
            signing_secret=signing_secret,
            token_verification_enabled=verify_token and bot_token is not None,
            authorize=None if bot_token else _dry_authorize,
            logger=logging.getLogger("slack_bolt"),
            ignoring_self_events_enabled=bot_token is not None,
        )
    if oauth_settings is not None and oauth_settings.installation_store is not None:
        register_uninstall_listeners(app, oauth_settings.installation_store, subscriptions)
    if catalog is not None:
        register_unfurls(app, store, catalog_reader(catalog), language)
    register_home(app, store, language, admins, operator)
    register_listeners(app, store, subscriptions, language)
    return app


def _answer(
    store: Store,
    subscriptions: SubscriptionStore | None,
    request: CommandRequest,
    command: dict[str, Any],
    client: WebClient,
    lang: str | None,
) -> dict[str, Any]:
    if request.subcommand not in SUBSCRIPTION_COMMANDS:
        return answer_command(store, request, lang)
    where = Where(
        str(command.get("team_id") or ""),
        str(command.get("channel_id") or ""),
        str(command.get("channel_name") or ""),
        str(command.get("user_id") or ""),
        str(command.get("enterprise_id") or ""),
    )
    announce = _announcer(client, where.channel_id, lang) if client.token else None
    return answer_subscription(subscriptions, request, where, announce, lang=lang)


def _announcer(client: WebClient, channel: str, lang: str | None) -> Announce:
    """Post the subscription's confirmation in the channel (a short timeout: we are inside
    Slack's 3-second ack window); it proves the bot can post there."""

    def announce() -> str | None:
        quick = WebClient(
            token=client.token, base_url=client.base_url, timeout=2, retry_handlers=[]
        )
        try:
            quick.chat_postMessage(channel=channel, text=words.text("subscribe.announcement", lang))
        except SlackApiError as error:
            data = error.response.data
            return str(data.get("error") if isinstance(data, dict) else "") or "unknown_error"
        except OSError as error:
            return type(error).__name__
        return None

    return announce


def register_listeners(
    app: App,
    store: Store,
    subscriptions: SubscriptionStore | None = None,
    lang: str | None = None,
) -> None:
    """Attach the listeners (also used by the benchmark and tests on their own App); they
    answer in `lang`."""

    @app.command(COMMAND_PATTERN)
    def on_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        request = parse_command(command.get("text"))
        log.info(
            "command %s user=%s team=%s",
            request.subcommand,
            command.get("user_id"),
            command.get("team_id"),
        )
        try:
            message = _answer(store, subscriptions, request, command, client, lang)
        except Exception:
            log.exception("answering /meetup %s failed", request.subcommand)
            message = notice_answer(words.text("answer.failed", lang))
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
            reply = answer_action(store, request, lang)
        except Exception:
            log.exception("answering button %s failed", action.get("action_id"))
            respond(replace_original=False, **notice_answer(words.text("answer.failed", lang)))
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
