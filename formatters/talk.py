"""One message per talk: title, speaker, its link buttons (Slides, Video, Talk page), key points,
impressions, link to the post."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import words
from bot.model import Post, Talk
from formatters import blocks as b
from formatters.buttons import link_buttons
from formatters.condense import select_lines
from formatters.escape import fit_mrkdwn, with_fragment
from formatters.lines import note_lines
from formatters.options import DEFAULT_OPTIONS, FormatOptions
from formatters.rich_text import lines_block, quote_block
from formatters.text import one_line

FOOTER_SLACK = 100
"""Text kept free besides the footer itself, for rounding in the budgets."""


def post_link(post: Post, options: FormatOptions, anchor: str = "") -> str | None:
    """The post's URL (options first, then Post.url), with `#anchor`; None when unknown."""
    return with_fragment(options.post_url or post.url, anchor)


def talk_title(talk: Talk, lang: str | None) -> str:
    """The title on one line, or `label.untitled` ("(untitled)", "（無題）"): the one way every
    view (messages, search answers, the CLI, the preview, `check`) names a talk; the speaker
    goes beside it wherever the view shows speakers."""
    return one_line(talk.title or "") or words.text("label.untitled", lang)


def talk_speaker(talk: Talk, lang: str | None) -> str:
    """The speaker on one line, or `talk.no_speaker` ("(speaker not named)"), in every view
    that always shows a speaker (search hits, lineups, `check`)."""
    return one_line(talk.speaker or "") or words.text("talk.no_speaker", lang)


def footer(notes: list[str], url: str | None, lang: str) -> b.Block | None:
    """What was left out ("+N more") and a link to the full post when its URL is known."""
    elements: list[Any] = [b.plain(note) for note in notes]
    if url:
        elements.append(b.link(url, words.text("label.read_full_post", lang)))
    return b.context(elements, "footer")


@lru_cache(maxsize=8)
def _largest_notes_size(lang: str) -> int:
    most = words.text("label.more", lang, n=10**6)
    impressions = f"{words.text('label.impressions', lang)}: {most}"
    largest = [most, words.text("label.more_talks", lang, n=10**6), impressions]
    return b.objects_size([b.plain(note) for note in largest])


def footer_size(url: str | None, lang: str) -> int:
    """The most text the footer can take (with the largest "+N more"), plus some slack."""
    link = b.objects_size([b.link(url, words.text("label.read_full_post", lang))]) if url else 0
    return _largest_notes_size(lang) + link + FOOTER_SLACK


def _meta(post: Post, index: int, lang: str) -> b.Block | None:
    talk = post.talks[index]
    elements: list[Any] = []
    if one_line(talk.speaker or ""):
        elements.append(b.plain(f"{words.text('label.speaker', lang)}: {talk.speaker}"))
    if talk.section and one_line(talk.section):
        elements.append(b.plain(talk.section))
    position = words.text("label.talk_position", lang, i=index + 1, n=len(post.talks))
    title = one_line(post.title) or words.text("label.untitled", lang)
    elements.append(b.plain(f"{title} · {position}", 300))
    return b.context(elements, "meta")


def _head(post: Post, index: int, lang: str) -> list[b.Block]:
    """The header, the meta line and the link buttons (Slides, Video, Talk page) it has."""
    talk = post.talks[index]
    head = [b.header(talk_title(talk, lang), words.text("label.untitled", lang), "header")]
    meta = _meta(post, index, lang)
    if meta:
        head.append(meta)
    buttons = link_buttons(talk, lang)
    if buttons:
        row = [(button.label, button.url, f"open_{button.kind.value}") for button in buttons]
        head.append(b.link_row(row, "links"))
    return head


def fallback_text(post: Post, talk: Talk, lang: str, limit: int) -> str:
    """The notification line: "Title — @speaker | Meetup title", escaped for mrkdwn."""
    text = talk_title(talk, lang)
    speaker, meetup = one_line(talk.speaker or ""), one_line(post.title)
    if speaker:
        text += f" — {speaker}"
    if meetup:
        text += f" | {meetup}"
    return fit_mrkdwn(text, limit)


def render_talk(post: Post, index: int, options: FormatOptions = DEFAULT_OPTIONS) -> dict[str, Any]:
    """The message for `post.talks[index]` (0-based): {"text": ..., "blocks": [...]}.

    IndexError when the post has no talk at `index` (negative indexes included).
    """
    if not 0 <= index < len(post.talks):
        raise IndexError(f"talk index {index} out of range (post has {len(post.talks)} talks)")
    talk = post.talks[index]
    lang = words.language(options.language or post.language)
    blocks = _head(post, index, lang)
    url = post_link(post, options, talk.anchor)
    room = options.text_budget - sum([b.size(block) for block in blocks])
    room -= footer_size(url, lang)
    quote, hidden_impressions, quote_size = quote_block(
        words.text("label.impressions", lang),
        talk.impressions,
        options.max_impressions,
        options.max_impression_chars,
        min(room // 3, 3000),
        "impressions",
    )
    room -= quote_size
    lines = note_lines(talk.notes, lang, options.max_point_chars)
    shown, hidden = select_lines(lines, options.max_points, options.max_depth, room)
    notes = lines_block(shown, "notes")
    blocks += [block for block in (notes, quote) if block]
    more = hidden + hidden_impressions
    end = footer([words.text("label.more", lang, n=more)] if more else [], url, lang)
    if end:
        blocks.append(end)
    return {"text": fallback_text(post, talk, lang, options.max_fallback_chars), "blocks": blocks}
