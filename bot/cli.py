"""The `meetup-bot` command line. Each subcommand lives in its own `bot/cli_*.py` module
exposing `register(subparsers)`; this module only assembles them and turns errors into one line."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot import __version__
from bot.errors import MeetupBotError
from bot.settings import load_settings

# Modules that add subcommands, in the order `--help` lists them. A module that is missing
# (a feature not built yet) is skipped.
COMMAND_MODULES = (
    "bot.cli_post",
    "bot.cli_check",
    "bot.cli_search",
    "bot.cli_serve",
    "bot.cli_publish",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meetup-bot",
        description="Meetup reports to Slack: parse, preview, search and serve.",
    )
    parser.add_argument("--version", action="version", version=f"meetup-bot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except MeetupBotError as error:
        print(f"meetup-bot: {error.text(_language())}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _language() -> str | None:
    """MEETUP_LANGUAGE for an error's words (English when the settings themselves are bad)."""
    try:
        return load_settings().MEETUP_LANGUAGE
    except MeetupBotError:
        return None
