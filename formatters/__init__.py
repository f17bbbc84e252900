"""Formatters: pure functions from a parsed post (`bot.model.Post`) to Slack message payloads.

    render_post(post, options) -> [announcement, talk 1, talk 2, ...]
                                  [announcement] alone when `post.talks_posted` is False
                                  [announcement, talk 1, ..., talk 29, the other talks listed]
                                  past `options.max_talk_messages` (30) talk messages

Besides: `/meetup` answers (results.py), the card of a pasted link to a post (unfurl.py) and the
Home tab's view (home.py).

Each message is {"text": <notification fallback>, "blocks": [...]}, valid for Slack
(`check_message` returns []) whatever the post holds: long posts are condensed, never rejected,
and nothing written in a post can mention or notify anyone.
"""

from __future__ import annotations

from typing import Any

from bot.model import Post
from formatters.announcement import render_announcement
from formatters.builder import builder_url
from formatters.escape import escape_mrkdwn
from formatters.more_talks import own_talk_messages, render_more_talks
from formatters.options import DEFAULT_OPTIONS, FormatOptions
from formatters.talk import render_talk, render_talks
from formatters.validate import check_message

__all__ = [
    "FormatOptions",
    "builder_url",
    "check_message",
    "escape_mrkdwn",
    "own_talk_messages",
    "render_announcement",
    "render_post",
    "render_talk",
]


def render_post(post: Post, options: FormatOptions = DEFAULT_OPTIONS) -> list[dict[str, Any]]:
    """The announcement, then one message per talk, in the order of the post (past the cap, the
    last one lists the rest); the announcement alone when the talk list is unsure
    (`Post.talks_posted` False)."""
    announcement = render_announcement(post, options)
    if not post.talks_posted:
        return [announcement]
    own = own_talk_messages(post, options)
    messages = [announcement, *render_talks(post, own, options)]
    return messages + ([render_more_talks(post, own, options)] if own < len(post.talks) else [])
