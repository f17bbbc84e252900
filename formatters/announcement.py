"""The announcement: title, date, event link, intro, overall impressions, numbered talk list.

When the post's talk list is unsure (`Post.talks_posted` False) the talks are neither counted
nor listed; a line says they are not listed, and the footer links the full post.
"""

from __future__ import annotations

from typing import Any

import words
from bot.model import Post, Talk
from formatters import blocks as b
from formatters.condense import select_lines, text_size
from formatters.dates import format_date
from formatters.escape import fit_mrkdwn, safe_url
from formatters.lines import Line, Part
from formatters.options import DEFAULT_OPTIONS, FormatOptions
from formatters.rich_text import lines_to_elements, quote_block, rich_text
from formatters.talk import footer, footer_size, post_link, talk_title
from formatters.text import fit_line, one_line

MAX_TALK_TITLE = 120
MAX_TALK_SPEAKER = 60


def talk_line(talk: Talk, lang: str) -> Line:
    """ "Title — speaker" as an ordered item ("(untitled) — speaker" without a title)."""
    speaker = one_line(talk.speaker or "")
    parts = [Part(fit_line(talk_title(talk, lang), MAX_TALK_TITLE))]
    if speaker:
        parts.append(Part(" — " + fit_line(speaker, MAX_TALK_SPEAKER)))
    return Line(tuple(parts), 0, "ordered")


def talk_lines(post: Post, lang: str) -> list[Line]:
    """One line per talk; a bold line before each new group (room, day, "LT")."""
    out: list[Line] = []
    section: str | None = None
    for talk in post.talks:
        group = one_line(talk.section or "") or None
        if group and group != section:
            out.append(Line((Part(fit_line(group, MAX_TALK_TITLE), bold=True),), 0, None))
        section = group
        out.append(talk_line(talk, lang))
    return out


def _meta(post: Post, lang: str) -> b.Block | None:
    elements: list[Any] = []
    when = format_date(post.date, lang)
    if when:
        elements.append(b.plain(when))
    if post.talks_posted:
        elements.append(b.plain(words.plural("talk_count", len(post.talks), lang)))
    event = safe_url(post.event_url)
    if event:
        elements.append(b.link(event, words.text("label.event_page", lang)))
    return b.context(elements, "meta")


def _talks(post: Post, lang: str, options: FormatOptions, room: int) -> tuple[b.Block | None, int]:
    """The numbered talk list within `room`, and how many talks it leaves out."""
    shown, _ = select_lines(talk_lines(post, lang), options.max_talks_listed, 1, room)
    while shown and shown[-1].style is None:
        shown.pop()
    listed = sum(1 for line in shown if line.style)
    if not shown:
        return None, len(post.talks)
    title = Line((Part(words.text("label.talks", lang), bold=True),))
    elements = lines_to_elements([title, *shown], keep_numbering=True)
    return rich_text(elements, "talks"), len(post.talks) - listed


def _not_listed(lang: str) -> b.Block | None:
    """The line an unsure post's announcement has instead of the talk list."""
    return b.context([b.plain(words.text("talks.not_listed", lang))], "talks_not_listed")


def render_announcement(post: Post, options: FormatOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    """The announcement message: {"text": ..., "blocks": [...]}."""
    lang = words.language(options.language or post.language)
    blocks = [b.header(post.title, words.text("label.untitled", lang), "header"), _meta(post, lang)]
    intro = one_line(post.intro)
    if intro:
        text = b.mrkdwn_text(intro, options.max_intro_chars)
        blocks.append({"type": "section", "block_id": "intro", "text": text})
    url = post_link(post, options)
    held = None if post.talks_posted else _not_listed(lang)
    room = options.text_budget - text_size(blocks) - footer_size(url, lang)
    room -= b.size(held) if held else 0
    quote, hidden_impressions, quote_size = quote_block(
        words.text("label.impressions", lang),
        post.impressions,
        options.max_impressions,
        options.max_impression_chars,
        min(room // 3, 3000),
        "impressions",
    )
    if quote:
        blocks.append(quote)
        room -= quote_size
    talks, hidden_talks = _talks(post, lang, options, room) if held is None else (held, 0)
    notes = [words.text("label.more_talks", lang, n=hidden_talks)] if hidden_talks else []
    if hidden_impressions:
        more = words.text("label.more", lang, n=hidden_impressions)
        notes.append(f"{words.text('label.impressions', lang)}: {more}")
    blocks += [talks, footer(notes, url, lang)]
    title = one_line(post.title) or words.text("label.untitled", lang)
    talks_count = words.plural("talk_count", len(post.talks), lang)
    count = f" — {talks_count}" if post.talks_posted else ""
    fallback = fit_mrkdwn(f"{title}{count}", options.max_fallback_chars)
    return {"text": fallback, "blocks": [block for block in blocks if block]}
