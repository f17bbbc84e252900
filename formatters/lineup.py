"""A meetup's lineup in one Slack message: one section per talk (number, title, speaker, its
Slides / Video / Talk page links) with its Share button beside it. Pure functions, no I/O; used
by results.py.

Why one block per talk: Slack takes at most 50 blocks per message, so the search layout (a
section, an actions row and a divider per talk) fits only 16 talks. One section with the
Share button as its accessory fits `TALKS_PER_ANSWER` talks next to the heading and the
Previous/Next row; each line is kept short enough that all of them stay inside the text budget
that Slack accepts (`FormatOptions.text_budget`). Text from posts is mrkdwn-escaped.
"""

from __future__ import annotations

from typing import Any

import words
from bot.model import TalkHit
from formatters.buttons import link_buttons
from formatters.escape import escape_mrkdwn, fit_mrkdwn
from formatters.hits import ACTION_SHARE, MAX_TITLE, MAX_VALUE, action_value, mrkdwn, plain
from formatters.options import DEFAULT_OPTIONS
from formatters.talk import talk_speaker, talk_title
from formatters.text import slack_len

Block = dict[str, Any]

TALKS_PER_ANSWER = 40
"""Most talks in one answer to `/meetup talks` (and per page of `meetup-bot talks`): the
heading + 40 talk sections + the Previous/Next row = 42 of Slack's 50 blocks. The announcement
lists as many (`FormatOptions.max_talks_listed`)."""
TEXT_BUDGET = DEFAULT_OPTIONS.text_budget
MAX_SPEAKER = 60
MIN_TITLE = 20
"""A title is never cut shorter than this to make room: the Slides link goes first."""


def lineup_blocks(
    hits: tuple[TalkHit, ...] | list[TalkHit], room: int, language: str | None = None
) -> list[Block]:
    """One section per talk, all of them together within `room` units of text."""
    if not hits:
        return []
    share_label = slack_len(words.text("button.share", language))
    per_talk = max(room // len(hits) - share_label, MIN_TITLE + MAX_SPEAKER)
    return [_talk_block(hit, per_talk, language) for hit in hits]


def talk_line(hit: TalkHit, limit: int, language: str | None = None) -> str:
    """`7. *Title*` over `speaker · Slides · Video` (links), in at most `limit` units: a long
    title is cut first, then links too long to fit are left out, the last first (Share shows
    them)."""
    number = f"{hit.position + 1}. "
    speaker = fit_mrkdwn(talk_speaker(hit.talk, language), MAX_SPEAKER)
    links = _links(hit, language)
    fixed = slack_len(number) + slack_len(speaker) + 3  # the two `*` and the newline
    while links and limit - fixed - slack_len("".join(links)) < MIN_TITLE:
        links.pop()
    link = "".join(links)
    title_room = max(min(MAX_TITLE, limit - fixed - slack_len(link)), 1)
    title = fit_mrkdwn(talk_title(hit.talk, language), title_room)
    heading = title if "*" in title else f"*{title}*"
    return f"{number}{heading}\n{speaker}{link}"


def _links(hit: TalkHit, language: str | None) -> list[str]:
    buttons = link_buttons(hit.talk, words.language(language))
    return [f" · <{escape_mrkdwn(button.url)}|{button.label}>" for button in buttons]


def _talk_block(hit: TalkHit, limit: int, language: str | None) -> Block:
    number = hit.position
    block: Block = {
        "type": "section",
        "block_id": f"talk-{number}",
        "text": mrkdwn(talk_line(hit, limit, language)),
    }
    share = action_value(k="talks", p=hit.meetup.post_id, i=hit.position, q="")
    if len(share) <= MAX_VALUE:
        block["accessory"] = {
            "type": "button",
            "action_id": f"{ACTION_SHARE}_{number}",
            "text": plain(words.text("button.share", language)),
            "value": share,
        }
    return block
