"""`meetup-bot serve`: answer Slack over HTTP (waitress) or Socket Mode, with GET /healthz.

Modes, from the settings:
- http:   SLACK_BOT_TOKEN (+ SLACK_SIGNING_SECRET, required) -> POST /slack/events
- socket: SLACK_APP_TOKEN set -> a Socket Mode connection; HTTP serves /healthz only
- dry:    no SLACK_BOT_TOKEN -> no Web API call ever; slash commands answered in the ack and
          buttons through response_url (both need no token); without SLACK_SIGNING_SECRET
          /slack/events refuses every request (503) and only /healthz is useful.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from typing import Any

from bot import errors as texts
from bot.errors import ConfigError

log = logging.getLogger("bot.serve")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="answer /meetup in Slack (HTTP on $PORT, or Socket Mode with SLACK_APP_TOKEN)",
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help="port to listen on (default $PORT, else 3000; 0: any)",
    )
    parser.add_argument(
        "--sync-interval",
        type=float,
        default=60.0,
        help="seconds between index syncs from MEETUP_POSTS (default 60)",
    )
    parser.set_defaults(func=run)


def configure_logging() -> None:
    logging.basicConfig(
        stream=sys.stdout,
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )


def check_tokens(bot_token: str | None, app_token: str | None, signing_secret: str | None) -> str:
    """The mode (`http`, `socket`, `dry`), or ConfigError naming the one bad setting."""
    if bot_token is not None and not bot_token.startswith("xoxb-"):
        raise ConfigError(texts.BOT_TOKEN_MALFORMED)
    if app_token is not None:
        if not app_token.startswith("xapp-"):
            raise ConfigError(texts.APP_TOKEN_MALFORMED)
        return "socket"
    if bot_token is None:
        return "dry"
    if not signing_secret:
        raise ConfigError(texts.SIGNING_SECRET_MISSING)
    return "http"


def check_bot_token(bot_token: str, api_url: str) -> None:
    """auth.test once at start-up: a refused token or an unreachable API stops it here."""
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError

    try:
        WebClient(token=bot_token, base_url=api_url, timeout=10).auth_test()
    except SlackApiError as error:
        code = error.response.get("error") if isinstance(error.response.data, dict) else None
        reason = code or f"HTTP {error.response.status_code}"
        raise ConfigError(texts.BOT_TOKEN_REFUSED.format(error=reason)) from None
    except OSError as error:
        raise ConfigError(
            texts.SLACK_API_UNREACHABLE.format(url=api_url, reason=_short(error))
        ) from None


def connect_socket_mode(app: Any, app_token: str, api_url: str) -> Any:
    """Open the Socket Mode connection, or ConfigError naming what failed."""
    from slack_sdk.errors import SlackApiError

    from bot.slack.socket_mode import connect

    try:
        return connect(app, app_token)
    except SlackApiError as error:
        code = error.response.get("error") if isinstance(error.response.data, dict) else None
        reason = code or f"HTTP {error.response.status_code}"
        raise ConfigError(texts.APP_TOKEN_REFUSED.format(error=reason)) from None
    except Exception as error:
        raise ConfigError(
            texts.SLACK_API_UNREACHABLE.format(url=api_url, reason=_short(error))
        ) from None


def run(args: argparse.Namespace) -> int:
    from bot.settings import load_settings
    from bot.slack.app import build_app
    from bot.slack.server import HttpServer, SlackWsgiApp
    from bot.slack.service import ServeState, start_scheduler
    from bot.store import open_store

    configure_logging()
    settings = load_settings()
    bot_token = _secret(settings.SLACK_BOT_TOKEN)
    app_token = _secret(settings.SLACK_APP_TOKEN)
    signing_secret = _secret(settings.SLACK_SIGNING_SECRET) or ""
    mode = check_tokens(bot_token, app_token, signing_secret)
    port = settings.PORT if args.port is None else args.port

    store = open_store(settings.MEETUP_DATABASE_URL)
    state = ServeState(store=store, posts_dir=settings.MEETUP_POSTS, mode=mode)
    scheduler = None
    handler = None
    server = None
    try:
        state.sync()
        if bot_token is not None:
            check_bot_token(bot_token, settings.SLACK_API_URL)
        app = build_app(
            store,
            bot_token=bot_token,
            signing_secret=signing_secret,
            api_url=settings.SLACK_API_URL,
            verify_token=True,  # Bolt keeps the auth.test result (bot user id) for requests
        )
        if mode == "socket":
            from bot.slack.socket_mode import is_connected

            assert app_token is not None
            handler = connect_socket_mode(app, app_token, settings.SLACK_API_URL)
            state.socket_connected = lambda: is_connected(handler)
        wsgi = SlackWsgiApp(
            app if signing_secret else None,
            signing_secret,
            state.health,
            events_enabled=mode != "socket",
        )
        try:
            server = HttpServer(wsgi, args.host, port)
        except OSError as error:
            raise ConfigError(texts.PORT_IN_USE.format(port=port, reason=error.strerror)) from None
        scheduler = start_scheduler(state, args.sync_interval)
        if mode == "dry":
            log.warning("dry mode: no SLACK_BOT_TOKEN, so no Web API calls; answers go in acks")
            if not signing_secret:
                log.warning("no SLACK_SIGNING_SECRET: /slack/events refuses every request")
        log.info("serving (%s mode) on http://%s:%d", mode, server.host, server.port)
        signal.signal(signal.SIGTERM, _exit)
        server.serve_forever()
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
        if handler is not None:
            handler.close()
        if server is not None:
            server.close()
        store.close()
        log.info("stopped")
    return 0


def _secret(value: Any) -> str | None:
    return None if value is None else str(value.get_secret_value())


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]
