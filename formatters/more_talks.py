"""The cap on a post's talk messages: past `FormatOptions.max_talk_messages`, the first talks
get their own message and one last message lists the rest, numbered as in the post, with the
link to the full post (a post with 2,000 talks is 31 messages, not 2,001).

    own_talk_messages(post, options) -> how many talks get their own message
    render_more_talks(post, first, options) -> the last message: talks `first`.. listed
"""

from __future__ import annotations

from typing import Any

import words
from bot.model import Post
from formatters import blocks as b
from formatters.announcement import talk_line
from formatters.condense import select_lines
from formatters.escape import fit_mrkdwn
from formatters.options import DEFAULT_OPTIONS, FormatOptions
from formatters.rich_text import lines_to_elements, rich_text
from formatters.talk import footer, footer_size, post_link
from formatters.text import one_line

MAX_LISTED = 500
"""Most talks the last message lists (then "+N more talks" and the link to the full post)."""
PART_NAME = "more-talks"
"""The publisher's part name of the last message (bot/publish/plan.py)."""


def own_talk_messages(post: Post, options: FormatOptions = DEFAULT_OPTIONS) -> int:
    """How many talks get their own message: all when they fit under the cap; else one fewer
    than the cap, the last message listing the rest (at least two talks)."""
    cap = max(1, options.max_talk_messages)
    return len(post.talks) if len(post.talks) <= cap else cap - 1


def render_more_talks(
    post: Post, first: int, options: FormatOptions = DEFAULT_OPTIONS
) -> dict[str, Any]:
    """The last message: a heading ("171 more talks"), talks `first`.. (0-based) as a list
    numbered from `first + 1`, "+N more talks" past what fits, and the link to the full post."""
    lang = words.language(options.language or post.language)
    count = f"{len(post.talks) - first:,}"
    heading = words.text("more_talks.heading", lang, count=count)
    head = b.header(heading, words.text("label.untitled", lang), "header")
    url = post_link(post, options)
    room = options.text_budget - b.size(head) - footer_size(url, lang)
    lines = [talk_line(talk, lang) for talk in post.talks[first:]]
    shown, hidden = select_lines(lines, MAX_LISTED, 1, room)
    elements = lines_to_elements(shown, keep_numbering=True)
    for element in elements:  # numbered as in the post
        if element.get("type") == "rich_text_list":
            element["offset"] = first + int(element.get("offset", 0))
    listed = rich_text(elements, "more_talks") if elements else None
    notes = [words.text("label.more_talks", lang, n=hidden)] if hidden else []
    blocks = [head, listed, footer(notes, url, lang)]
    title = one_line(post.title) or words.text("label.untitled", lang)
    fallback = words.text("more_talks.fallback", lang, title=title, count=count)
    text = fit_mrkdwn(fallback, options.max_fallback_chars)
    return {"text": text, "blocks": [block for block in blocks if block]}
