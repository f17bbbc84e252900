"""`/meetup` text -> a small request value: which subcommand, its argument, or why not."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

import words
from bot.query import MAX_QUERY_LENGTH
from formatters.escape import escape_mrkdwn

SUBSCRIPTION_COMMANDS = ("subscribe", "unsubscribe", "subscriptions")
SUBCOMMANDS = ("talks", "search", *SUBSCRIPTION_COMMANDS, "help")
ALIASES = {"talk": "talks", "list": "talks", "find": "search", "s": "search", "?": "help"}
Subcommand = Literal[
    "talks", "search", "subscribe", "unsubscribe", "subscriptions", "help", "unknown"
]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CommandRequest:
    """What the user asked for."""

    subcommand: Subcommand
    argument: str = ""
    """The rest of the text, unescaped and on one line (a query or a meetup selector)."""
    error: words.Said | None = None
    """A user-facing line (rendered in the answer's language) when the request cannot be run as
    is. For `unknown` it is mrkdwn with the user's text escaped (shown as is above the usage);
    otherwise plain text, which `notice_answer` escapes (escaping here too showed `<` as
    `&lt;`)."""


def unescape_slack(text: str) -> str:
    """Slack sends `&`, `<`, `>` in command text as entities; undo exactly those three."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def tidy(text: str) -> str:
    """One line: control and invisible formatting characters become spaces, runs collapse."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def parse_command(text: str | None) -> CommandRequest:
    """Parse the text after `/meetup`."""
    line = tidy(unescape_slack(text or ""))
    word, _, rest = line.partition(" ")
    name = word.lower()
    name = ALIASES.get(name, name)
    rest = rest.strip()
    if not word or name == "help":
        return CommandRequest("help")
    if name == "talks":
        return CommandRequest("talks", rest)
    if name == "search":
        if not rest:
            return CommandRequest("search", "", words.said("search.needs_query"))
        if len(rest) > MAX_QUERY_LENGTH:
            message = words.said("query.too_long", length=len(rest), limit=MAX_QUERY_LENGTH)
            return CommandRequest("search", rest[:MAX_QUERY_LENGTH], message)
        return CommandRequest("search", rest)
    if name in SUBSCRIPTION_COMMANDS:
        return subscription_request(name, rest)
    return CommandRequest("unknown", line, unknown_hint(word, line))


def subscription_request(name: str, rest: str) -> CommandRequest:
    """subscribe / unsubscribe / subscriptions: they act on the channel, so no argument."""
    subcommand: Subcommand = (
        "subscribe"
        if name == "subscribe"
        else "unsubscribe"
        if name == "unsubscribe"
        else "subscriptions"
    )
    if not rest:
        return CommandRequest(subcommand)
    shown = rest[:60].replace("`", "'")  # plain: notice_answer escapes it
    return CommandRequest(
        subcommand, rest, words.said("subscribe.takes_no_argument", subcommand=name, text=shown)
    )


def unknown_hint(word: str, line: str) -> words.Said:
    """`did you mean search?` for a near miss, else how to search for what was typed."""
    shown = escape_mrkdwn(word[:40].replace("`", "'"))
    close = difflib.get_close_matches(word.lower(), SUBCOMMANDS, n=1, cutoff=0.6)
    if close:
        return words.said("command.unknown", word=shown, suggestion=close[0])
    query = escape_mrkdwn(line[:MAX_QUERY_LENGTH].replace("`", "'"))
    return words.said("command.unknown_search", word=shown, text=query)
