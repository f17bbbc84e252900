"""The meetup card Slack shows under a pasted link to a known post (`chat.unfurl`): the
announcement's title, date, overall impressions and talk list, and a "Show talks" button that
answers the person who clicks it alone. Pure functions, no I/O.

    unfurl_card(post, url, post_id, options) -> {"blocks": [...]}   one entry of `unfurls`
"""

from __future__ import annotations

import dataclasses
from typing import Any

import words
from bot.model import Post
from formatters.announcement import render_announcement
from formatters.hits import MAX_VALUE, action_value, plain
from formatters.options import DEFAULT_OPTIONS, FormatOptions

ACTION_SHOW_TALKS = "meetup_show_talks"
"""The card's button: its value names the post (`{"k": "show", "p": POST_ID}`)."""
BUTTON_ROOM = 100
"""Text kept free in the announcement's budget for the button row."""


def show_talks_value(post_id: str) -> str:
    return action_value(k="show", p=post_id)


def unfurl_card(
    post: Post, url: str, post_id: str, options: FormatOptions = DEFAULT_OPTIONS
) -> dict[str, Any]:
    """The card for `url` (the link as pasted): the announcement of `post` linking to its
    catalog URL, with the Show talks button when the post lists its talks."""
    budget = max(options.text_budget - BUTTON_ROOM, 4_000)
    fitted = dataclasses.replace(options, post_url=options.post_url or url, text_budget=budget)
    blocks = list(render_announcement(post, fitted)["blocks"])
    value = show_talks_value(post_id)
    if post.talks and post.talks_posted and len(value) <= MAX_VALUE:
        lang = words.language(options.language or post.language)
        button = {
            "type": "button",
            "action_id": ACTION_SHOW_TALKS,
            "text": plain(words.text("button.show_talks", lang)),
            "value": value,
        }
        blocks.append({"type": "actions", "block_id": "unfurl-actions", "elements": [button]})
    return {"blocks": blocks}
