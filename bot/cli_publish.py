"""`meetup-bot publish`: read the sources and post new reports to MEETUP_CHANNEL.

    publish --once        one scan-and-publish, then exit (for cron)
    publish --backfill N  post the newest N publishable posts (by post date) on purpose, then exit
    publish --watch       scan every MEETUP_POLL_INTERVAL seconds until stopped (a worker)
One of the three is required (a bare `publish` running silently forever surprised people).
Each scan that posted something, and every --once/--backfill run, ends with one line on stderr:
what was posted, what is pending, held (drafts, scheduled) and skipped.
Without SLACK_BOT_TOKEN it runs DRY: each message it would post is one JSON line on stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import words
from bot.cli import cli_language, counted
from bot.observability import configure_logging
from bot.publish.factory import build_publisher, is_dry
from bot.publish.jobs import git_pull
from bot.publish.ledger import DRAFT, INVALID, SCHEDULED, SEEN, Ledger
from bot.publish.publisher import ScanReport
from bot.settings import load_settings
from bot.sources.refresh import Sources


def register(subparsers: Any) -> None:
    publish = subparsers.add_parser(
        "publish",
        help="post new meetup reports to MEETUP_CHANNEL once (DRY without a token)",
        description=__doc__.split("\n\n", 1)[0] if __doc__ else None,
    )
    mode = publish.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one scan-and-publish, then exit")
    mode.add_argument(
        "--backfill",
        type=counted(1),
        metavar="N",
        help="post the newest N publishable posts (by post date) on purpose, then exit",
    )
    mode.add_argument(
        "--watch",
        action="store_true",
        help="scan every MEETUP_POLL_INTERVAL seconds until stopped",
    )
    publish.set_defaults(func=run_publish, usage_error=publish.error)


def run_publish(args: argparse.Namespace) -> int:
    if not (args.once or args.watch) and args.backfill is None:
        args.usage_error(words.text("publish.needs_mode", cli_language()))
    backfill = args.backfill or 0
    settings = load_settings()
    configure_logging(settings.MEETUP_LOG_LEVEL)
    dry, lang = is_dry(settings), settings.MEETUP_LANGUAGE
    publisher = build_publisher(settings, backfill=backfill > 0)
    sources = Sources.from_settings(settings)
    if args.watch:
        interval = settings.MEETUP_POLL_INTERVAL
        watching = words.text(
            "publish.watching",
            lang,
            path=", ".join(s.spec.name for s in sources.states),
            seconds=interval,
        )
        print(watching, file=sys.stderr)
    while True:
        if settings.MEETUP_GIT_PULL:
            git_pull(settings.MEETUP_POSTS)
        sources.refresh()
        report = publisher.run_once(backfill=backfill)
        if not args.watch:
            print(summary(report, publisher.ledger, dry, lang), file=sys.stderr)
            return 1 if report.stopped else 0
        if report.published or report.pending or report.stopped:
            print(summary(report, publisher.ledger, dry, lang), file=sys.stderr, flush=True)
        time.sleep(settings.MEETUP_POLL_INTERVAL)


def summary(report: ScanReport, ledger: Ledger, dry: bool, lang: str | None) -> str:
    """What this run posted, and what the ledger holds back: pending, held, skipped."""
    records = ledger.posts().values()
    states = [record.state for record in records]
    return words.text(
        "publish.summary",
        lang,
        verb=words.text("publish.verb_dry" if dry else "publish.verb", lang),
        posted=len(report.published),
        posts=f" ({', '.join(report.published)})" if report.published else "",
        pending=sum(1 for record in records if record.pending),
        held=sum(1 for state in states if state in (DRAFT, SCHEDULED)),
        old=states.count(SEEN),
        broken=states.count(INVALID),
    )
