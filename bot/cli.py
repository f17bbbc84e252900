"""The `meetup-bot` command line. Each subcommand lives in its own `bot/cli_*.py` module
exposing `register(subparsers)`; this module assembles them, turns errors into one line, and
ends quietly when stdout is closed early (`meetup-bot parse FILE | head -3`). `counted` is the
argparse type of every count option (`--limit`, `--offset`, `--backfill`); `terminal_safe`
is how every command prints text from a post (its control characters, terminal escapes among
them, shown as `?`)."""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Callable, Sequence

import words
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
    "bot.cli_manifest",
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
        print(f"meetup-bot: {error.text(cli_language())}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _stdout_closed()


EXIT_PIPE_CLOSED = 1
"""As rich does when a Console's reader goes away (its `on_broken_pipe`), and Python's docs."""


def _stdout_closed() -> int:
    """The reader of stdout went away (`| head`): stop without a word. What is still buffered
    goes to /dev/null, or Python would complain again when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_PIPE_CLOSED


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """`text` with its control characters shown as `?`: a post cannot drive the terminal."""
    return _CONTROL.sub("?", text)


def counted(least: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least `least` (0 for an offset, 1 for a limit)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = least - 1
        if value < least:
            message = words.text("arg.not_a_count", cli_language(), value=repr(text), least=least)
            raise argparse.ArgumentTypeError(message)
        return value

    return parse


def cli_language() -> str | None:
    """MEETUP_LANGUAGE for an error's words (English when the settings themselves are bad)."""
    try:
        return load_settings().MEETUP_LANGUAGE
    except MeetupBotError:
        return None
