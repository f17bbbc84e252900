"""The Slack side of `meetup-bot serve`'s start-up: auth.test, the Bolt app (with its metrics
middleware), Socket Mode, and Slack's routes (bot/slack/routes.py). Failures are ConfigError
naming the setting, so start-up stops with one line."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackApiError

import words
from bot.errors import ConfigError
from bot.settings import Settings, secret
from bot.slack.instrument import instrument
from bot.slack.routes import slack_routes
from bot.slack.service import ServeState
from bot.web.router import Route

log = logging.getLogger("bot.serve")


def check_bot_token(bot_token: str, api_url: str) -> None:
    """auth.test once at start-up: a refused token or an unreachable API stops it here."""
    from slack_sdk import WebClient

    try:
        WebClient(token=bot_token, base_url=api_url, timeout=10).auth_test()
    except SlackApiError as error:
        raise ConfigError(words.said("serve.bot_token_refused", error=_refusal(error))) from None
    except OSError as error:
        raise ConfigError(
            words.said("serve.slack_api_unreachable", url=api_url, reason=_short(error))
        ) from None


def connect_socket_mode(app: App, app_token: str, api_url: str) -> Any:
    """Open the Socket Mode connection, or ConfigError naming what failed."""
    from bot.slack.socket_mode import connect

    try:
        return connect(app, app_token)
    except SlackApiError as error:
        raise ConfigError(words.said("serve.app_token_refused", error=_refusal(error))) from None
    except Exception as error:
        raise ConfigError(
            words.said("serve.slack_api_unreachable", url=api_url, reason=_short(error))
        ) from None


def build_slack(settings: Settings, state: ServeState, stack: contextlib.ExitStack) -> list[Route]:
    """Slack's routes: /slack/events (Socket Mode: connected here, and no HTTP endpoint), and
    the OAuth pages when SLACK_CLIENT_ID is set. `state.slack_auth`
    becomes `ok` after auth.test (OAuth: each workspace's token is checked by Bolt per request),
    or stays `dry`."""
    from bot.settings import admins
    from bot.slack.app import build_app
    from bot.slack.operator import operator_status
    from bot.workspaces.subscriptions import open_subscriptions

    assert state.store is not None
    bot_token = secret(settings.SLACK_BOT_TOKEN)
    signing_secret = secret(settings.SLACK_SIGNING_SECRET) or ""
    oauth = _oauth_settings(settings, stack)
    if bot_token is not None and oauth is None:
        check_bot_token(bot_token, settings.SLACK_API_URL)
    if bot_token is not None or oauth is not None:
        state.slack_auth = "ok"
    subscriptions = open_subscriptions(settings.MEETUP_DATABASE_URL)
    stack.callback(subscriptions.close)
    app = build_app(
        state.store,
        bot_token=bot_token,
        signing_secret=signing_secret,
        api_url=settings.SLACK_API_URL,
        verify_token=True,  # Bolt keeps the auth.test result (bot user id) for requests
        subscriptions=subscriptions,
        oauth_settings=oauth,
        language=settings.MEETUP_LANGUAGE,
        catalog=state.catalog,
        admins=admins(settings),
        operator=lambda: operator_status(state),
    )
    instrument(app)
    _say_unfurl_domains(state)
    if state.mode == "socket":
        _connect(app, settings, state, stack)
    return slack_routes(app, signing_secret, events=state.mode != "socket")


def _say_unfurl_domains(state: ServeState) -> None:
    """Slack sends link_shared only for the app manifest's unfurl_domains: name them."""
    from bot.post_links import KnownLinks

    assert state.store is not None
    domains = KnownLinks.of(state.store).domains()
    if domains:
        listed = ", ".join(domains)
        log.info("link unfurls: the Slack app's features.unfurl_domains must list %s", listed)


def _oauth_settings(settings: Settings, stack: contextlib.ExitStack) -> Any:
    """Bolt's OAuthSettings with the stores in the database; None without SLACK_CLIENT_ID."""
    from bot.settings import scopes
    from bot.workspaces.oauth import oauth_configured, oauth_settings, open_oauth_stores

    client_id, client_secret = settings.SLACK_CLIENT_ID, secret(settings.SLACK_CLIENT_SECRET)
    if not oauth_configured(client_id, client_secret):
        return None
    assert client_id is not None and client_secret is not None
    stores = open_oauth_stores(settings.MEETUP_DATABASE_URL, client_id)
    return oauth_settings(client_id, client_secret, scopes(settings), stores)


def _connect(app: App, settings: Settings, state: ServeState, stack: contextlib.ExitStack) -> None:
    from bot.slack.socket_mode import is_connected

    app_token = secret(settings.SLACK_APP_TOKEN)
    assert app_token is not None
    handler = connect_socket_mode(app, app_token, settings.SLACK_API_URL)
    stack.callback(handler.close)
    state.socket_connected = lambda: is_connected(handler)


def _refusal(error: SlackApiError) -> str:
    """Slack's error code (`invalid_auth`), else the HTTP status."""
    code = error.response.get("error") if isinstance(error.response.data, dict) else None
    return str(code or f"HTTP {error.response.status_code}")


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]
