"""One search hit as Block Kit: its text (title, speaker, meetup, day, snippet with the match in
bold) and its buttons (Slides, Video, Talk page when it has them; Share in channel). Pure
functions, no I/O; used by results.py. Text from posts is mrkdwn-escaped, so nothing in a post
can mention anyone."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import words
from bot.model import LinkKind, Span, TalkHit
from formatters.buttons import link_buttons
from formatters.escape import escape_mrkdwn, fit_mrkdwn
from formatters.talk import talk_speaker, talk_title
from formatters.text import clean, one_line, slack_len, truncate

Block = dict[str, Any]

ACTION_NEXT = "meetup_next"
ACTION_PREVIOUS = "meetup_prev"
ACTION_SHARE = "meetup_share"
ACTION_SLIDES = "meetup_slides"
LINK_ACTIONS = {
    LinkKind.SLIDES: ACTION_SLIDES,
    LinkKind.VIDEO: "meetup_video",
    LinkKind.TALK_PAGE: "meetup_talk_page",
}
"""The action_id prefix of each link button (Slack reports link clicks too)."""
ACTION_PICK = "meetup_pick"

MAX_SNIPPET = 400
MAX_TITLE = 200
MAX_BUTTON_TEXT = 75
MAX_VALUE = 2000
MAX_PICKS = 10
ZWSP = "\u200b"
_SPACES = re.compile(r"\s+")


def action_value(**fields: str | int) -> str:
    """A button value: compact JSON of a few short fields."""
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def plain(text: str, limit: int = MAX_BUTTON_TEXT) -> dict[str, Any]:
    visible = truncate(one_line(text), limit) or "…"
    return {"type": "plain_text", "text": visible, "emoji": False}


def mrkdwn(escaped: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": escaped, "verbatim": True}


def format_day(value: datetime | date | None, language: str | None = None) -> str:
    """The meetup date as `2015-01-17` (no time, no conversion)."""
    if value is None:
        return words.text("date.unknown", language)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _bold(text: str) -> str:
    """`*text*` in mrkdwn, escaped; plain escaped text when it cannot be bold safely."""
    core = text.strip()
    if not core or "*" in core or "\n" in core:
        return escape_mrkdwn(text)
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()) :]
    # Slack renders `*x*` bold only at word boundaries; a zero-width space makes one inside
    # Japanese text (`コンテナ*cgroup*の`) without changing what people read.
    return f"{lead}{ZWSP}*{escape_mrkdwn(core)}*{ZWSP}{tail}"


def snippet_mrkdwn(spans: Sequence[Span], limit: int = MAX_SNIPPET) -> str:
    """The snippet as one mrkdwn line: post text escaped, matched words bold, at most `limit`."""
    out: list[str] = []
    used = 0
    for span in spans:
        text = _SPACES.sub(" ", clean(span.text))
        if not text:
            continue
        room = limit - used
        if room <= 1:
            out.append("…")
            break
        piece = truncate(text, room)
        rendered = _bold(piece) if span.bold else escape_mrkdwn(piece)
        out.append(rendered)
        used += slack_len(rendered)
        if piece != text:
            break
    return _SPACES.sub(" ", "".join(out)).strip()


def hit_text(hit: TalkHit, *, with_snippet: bool, language: str | None = None) -> str:
    title = fit_mrkdwn(talk_title(hit.talk, language), MAX_TITLE)
    speaker = fit_mrkdwn(talk_speaker(hit.talk, language), 100)
    meetup = fit_mrkdwn(one_line(hit.meetup.title), MAX_TITLE)
    lines = [f"*{title}*" if "*" not in title else title]
    lines.append(f"{speaker} · {meetup} · {format_day(hit.meetup.date, language)}")
    if with_snippet and hit.snippet:
        snippet = snippet_mrkdwn(hit.snippet)
        if snippet:
            lines.append(f"> {snippet}")
    return "\n".join(lines)


def link_elements(hit: TalkHit, suffix: str, language: str | None = None) -> list[Block]:
    """The talk's link buttons (Slides, Video, Talk page), words in `language` (default en)."""
    return [
        {
            "type": "button",
            "action_id": f"{LINK_ACTIONS[button.kind]}_{suffix}",
            "text": plain(button.label),
            "url": button.url,
        }
        for button in link_buttons(hit.talk, words.language(language))
    ]


def hit_blocks(
    hit: TalkHit, number: int, *, query: str, kind: str, language: str | None = None
) -> list[Block]:
    section: Block = {
        "type": "section",
        "block_id": f"hit-{number}",
        "text": mrkdwn(hit_text(hit, with_snippet=True, language=language)),
    }
    buttons = link_elements(hit, str(number), language)
    share = action_value(k=kind, p=hit.meetup.post_id, i=hit.position, q=query)
    if len(share) <= MAX_VALUE:
        buttons.append(
            {
                "type": "button",
                "action_id": f"{ACTION_SHARE}_{number}",
                "text": plain(words.text("button.share", language)),
                "value": share,
            }
        )
    blocks = [section]
    if buttons:
        blocks.append({"type": "actions", "block_id": f"hit-{number}-actions", "elements": buttons})
    return blocks
