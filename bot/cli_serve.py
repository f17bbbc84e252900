"""`meetup-bot serve`: answer Slack, publish new posts, serve the preview, on one port.

Modes, from the settings:
- http:   SLACK_BOT_TOKEN (+ SLACK_SIGNING_SECRET, required) -> POST /slack/events
- oauth:  SLACK_CLIENT_ID + SLACK_CLIENT_SECRET (+ SLACK_SIGNING_SECRET): many workspaces,
          GET /slack/install and /slack/oauth_redirect, each request with its workspace's token
- socket: SLACK_APP_TOKEN set -> a Socket Mode connection; HTTP serves the other routes
- dry:    no SLACK_BOT_TOKEN -> no Web API call ever: slash commands answered in the ack,
          buttons through response_url, new posts printed as JSON lines on stdout, and the
          preview page at / (bound to 127.0.0.1 unless MEETUP_PREVIEW=1). Without
          SLACK_SIGNING_SECRET /slack/events refuses every request (503).

Start-up: the port opens first (/healthz 200, /readyz 503 "starting: ..."), then the database
(migrations), the first index sync, auth.test; then every route. SIGTERM or Ctrl-C: /readyz
turns 503, the message being sent is finished, publishing stops, and the process exits.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import threading
import time
from typing import Any

import words
from bot import native
from bot.errors import ConfigError
from bot.settings import Settings

log = logging.getLogger("bot.serve")
DEFAULT_HOST = "0.0.0.0"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="answer /meetup, publish new posts, serve the preview (HTTP on $PORT)",
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None,
    )
    parser.add_argument(
        "--host",
        default=None,
        help="address to listen on (default 0.0.0.0; 127.0.0.1 when the preview is served "
        "without MEETUP_PREVIEW=1)",
    )
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


def check_tokens(
    bot_token: str | None, app_token: str | None, signing_secret: str | None, oauth: bool = False
) -> str:
    """The mode (`http`, `oauth`, `socket`, `dry`), or ConfigError naming the one bad setting."""
    if bot_token is not None and not bot_token.startswith("xoxb-"):
        raise ConfigError(words.said("serve.bot_token_malformed"))
    if app_token is not None:
        if not app_token.startswith("xapp-"):
            raise ConfigError(words.said("serve.app_token_malformed"))
        return "socket"
    if bot_token is None and not oauth:
        return "dry"
    if not signing_secret:
        raise ConfigError(words.said("serve.signing_secret_missing"))
    return "oauth" if oauth else "http"


def listen_host(requested: str | None, settings: Settings, dry: bool) -> str:
    """127.0.0.1 whenever the preview (drafts included) is served without MEETUP_PREVIEW=1,
    whatever --host says; else --host, else 0.0.0.0."""
    from bot.preview.wiring import preview_bind_host

    host = preview_bind_host(settings, dry, default=requested or DEFAULT_HOST)
    if requested and host != requested:
        log.warning(
            "listening on %s, not --host %s: the preview page shows drafts "
            "(MEETUP_PREVIEW=1 serves it to everyone)",
            host,
            requested,
        )
    return host


def run(args: argparse.Namespace) -> int:
    from bot.catalog import Catalog
    from bot.observability import configure_logging
    from bot.settings import load_settings, secret
    from bot.slack.service import READY, ServeState, make_scheduler
    from bot.web.ops import serve_app

    settings = load_settings()
    configure_logging(settings.MEETUP_LOG_LEVEL)
    if settings.MEETUP_LOG_LEVEL != "DEBUG":  # "Running job ..." at every scan is noise
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    from bot.workspaces.oauth import oauth_configured

    signing_secret = secret(settings.SLACK_SIGNING_SECRET) or ""
    oauth = oauth_configured(settings.SLACK_CLIENT_ID, secret(settings.SLACK_CLIENT_SECRET))
    mode = check_tokens(
        secret(settings.SLACK_BOT_TOKEN), secret(settings.SLACK_APP_TOKEN), signing_secret, oauth
    )
    port = settings.PORT if args.port is None else args.port
    host = listen_host(args.host, settings, mode == "dry")
    state = ServeState(store=None, catalog=Catalog.from_settings(settings), mode=mode)
    state.starting("opening the port")
    web = serve_app(state.health, state.readiness)
    stop, scheduler = threading.Event(), make_scheduler()
    signal.signal(signal.SIGTERM, _exit)
    with contextlib.ExitStack() as stack:
        stack.callback(log.info, "stopped")
        resources = stack.enter_context(contextlib.ExitStack())  # database, Slack: closed last
        server = _listen(web, host, port)
        stack.callback(server.close)
        stack.callback(_stop_publishing, scheduler, stop)
        stack.callback(_stopping, state)
        web.mount(_start_up(settings, state, scheduler, stop, resources, args.sync_interval))
        state.phase = READY
        log.info(
            "serving (%s mode) on http://%s:%d",
            mode,
            server.host,
            server.port,
            extra={"url": f"http://{server.host}:{server.port}", "mode": mode},
        )
        if native.state() == "stale":
            log.warning("the compiled parser is older than its sources: they run, slower")
        while True:  # SIGTERM (SystemExit) or Ctrl-C (KeyboardInterrupt) ends it
            time.sleep(3600)
    return 0


def _listen(web: Any, host: str, port: int) -> Any:
    from bot.web.server import HttpServer

    try:
        return HttpServer(web, host, port).start()
    except OSError as error:
        raise ConfigError(
            words.said("serve.port_in_use", port=port, reason=error.strerror)
        ) from None


def _start_up(
    settings: Settings,
    state: Any,
    scheduler: Any,
    stop: threading.Event,
    stack: contextlib.ExitStack,
    sync_interval: float,
) -> Any:
    """Database, publisher, first sync, Slack auth, the Bolt app: the routes to mount."""
    from bot.slack.service import add_sync_job
    from bot.slack.serving import assemble, start_publishing, start_sources
    from bot.slack.startup import build_slack
    from bot.store import open_store

    state.starting("opening the database (migrations)")
    state.store = open_store(settings.MEETUP_DATABASE_URL)
    stack.callback(state.store.close)
    state.publisher = start_publishing(settings, scheduler, stop)
    if state.publisher is not None:
        stack.callback(state.publisher.ledger.close)
    state.starting("first index sync")
    state.sync()
    state.starting("connecting to Slack")
    slack = build_slack(settings, state, stack)
    add_sync_job(scheduler, state, sync_interval)
    start_sources(settings, state, scheduler)
    scheduler.start()
    return assemble(slack, settings, state, scheduler, state.mode == "dry")


def _stopping(state: Any) -> None:
    from bot.slack.service import STOPPING

    for signum in (signal.SIGTERM, signal.SIGINT):  # one orderly shutdown, not two
        signal.signal(signum, signal.SIG_IGN)
    state.phase = STOPPING
    log.info("stopping: finishing the message in flight")


def _stop_publishing(scheduler: Any, stop: threading.Event) -> None:
    stop.set()
    if scheduler.running:
        scheduler.shutdown(wait=True)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(0)
