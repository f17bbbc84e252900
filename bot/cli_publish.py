"""`meetup-bot publish`: read the sources and post new reports to MEETUP_CHANNEL.

    publish --once        one scan-and-publish, then exit
    publish --backfill N  post the newest N publishable posts on purpose, then exit
    publish               scan every MEETUP_POLL_INTERVAL seconds until stopped
Without SLACK_BOT_TOKEN it runs DRY: each message it would post is one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import words
from bot.errors import ConfigError
from bot.observability import configure_logging
from bot.publish.factory import build_publisher
from bot.publish.jobs import git_pull
from bot.settings import load_settings
from bot.sources.refresh import Sources


def register(subparsers: Any) -> None:
    publish = subparsers.add_parser(
        "publish", help="post new meetup reports to MEETUP_CHANNEL (DRY without a token)"
    )
    publish.add_argument("--once", action="store_true", help="one scan-and-publish, then exit")
    publish.add_argument(
        "--backfill",
        type=int,
        metavar="N",
        default=0,
        help="post the newest N publishable posts on purpose, then exit",
    )
    publish.set_defaults(func=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    if args.backfill < 0:
        raise ConfigError(words.said("publish.backfill_negative"))
    settings = load_settings()
    configure_logging()
    publisher = build_publisher(settings)
    sources = Sources.from_settings(settings)
    once = args.once or args.backfill > 0
    while True:
        if settings.MEETUP_GIT_PULL:
            git_pull(settings.MEETUP_POSTS)
        sources.refresh()
        report = publisher.run_once(backfill=args.backfill)
        if once:
            return 1 if report.stopped else 0
        args.backfill = 0
        time.sleep(settings.MEETUP_POLL_INTERVAL)
