"""One message per talk: title, speaker, its link buttons (Slides, Video, Talk page), key points,
impressions, link to the post.

`render_talks` builds a post's talk messages from one view of what they share (the language,
the post's title and URL, the labels), worked out once per post; `render_talk` builds one."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import words
from bot.model import Post, Talk
from formatters import blocks as b
from formatters.buttons import link_buttons
from formatters.condense import select_lines
from formatters.escape import at_anchor, fit_mrkdwn, safe_url
from formatters.lines import note_lines
from formatters.options import DEFAULT_OPTIONS, FormatOptions
from formatters.rich_text import lines_block, quote_block
from formatters.text import one_line

FOOTER_SLACK = 100
"""Text kept free besides the footer itself, for rounding in the budgets."""


def post_link(post: Post, options: FormatOptions, anchor: str = "") -> str | None:
    """The post's URL (options first, then Post.url), with `#anchor`; None when unknown."""
    base = _post_base(post, options)
    return None if base is None else at_anchor(base, anchor)


def _post_base(post: Post, options: FormatOptions) -> str | None:
    """The post's checked URL without its fragment; None when unknown or unusable."""
    base = safe_url(options.post_url or post.url)
    return None if base is None else base.split("#", 1)[0]


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
    return _footer(notes, _read_full(url, lang))


def _footer(notes: list[str], link: b.TextObject | None) -> b.Block | None:
    elements: list[Any] = [b.plain(note) for note in notes]
    if link is not None:
        elements.append(link)
    return b.context(elements, "footer")


def _read_full(url: str | None, lang: str) -> b.TextObject | None:
    """The footer's "Read the full post" link, when the post's URL is known."""
    return b.link(url, words.text("label.read_full_post", lang)) if url else None


@lru_cache(maxsize=8)
def _largest_notes_size(lang: str) -> int:
    most = words.text("label.more", lang, n=10**6)
    impressions = f"{words.text('label.impressions', lang)}: {most}"
    largest = [most, words.text("label.more_talks", lang, n=10**6), impressions]
    return b.objects_size([b.plain(note) for note in largest])


def footer_size(url: str | None, lang: str) -> int:
    """The most text the footer can take (with the largest "+N more"), plus some slack."""
    return _footer_size(_read_full(url, lang), lang)


def _footer_size(link: b.TextObject | None, lang: str) -> int:
    size = b.objects_size([link]) if link is not None else 0
    return _largest_notes_size(lang) + size + FOOTER_SLACK


class _Shared(NamedTuple):
    """What the talk messages of one post have in common, worked out once per post."""

    post: Post
    options: FormatOptions
    lang: str
    untitled: str
    post_title: str
    """The post's title on one line ('' when it has none)."""
    base_url: str | None
    """The post's checked URL without a fragment (each message links its talk's anchor)."""


def _shared(post: Post, options: FormatOptions) -> _Shared:
    lang = words.language(options.language or post.language)
    untitled = words.text("label.untitled", lang)
    return _Shared(post, options, lang, untitled, one_line(post.title), _post_base(post, options))


def _meta(shared: _Shared, talk: Talk, index: int, speaker: str) -> b.Block | None:
    lang = shared.lang
    elements: list[Any] = []
    if speaker:  # `speaker` is on one line, and so what it ends
        elements.append(b.plain_line(f"{words.text('label.speaker', lang)}: {speaker}"))
    section = one_line(talk.section) if talk.section else ""
    if section:
        elements.append(b.plain_line(section))
    count = len(shared.post.talks)
    position = words.text("label.talk_position", lang, i=index + 1, n=count)
    elements.append(b.plain_line(f"{shared.post_title or shared.untitled} · {position}", 300))
    return b.context(elements, "meta")


def _head(shared: _Shared, talk: Talk, index: int, title: str, speaker: str) -> list[b.Block]:
    """The header, the meta line and the link buttons (Slides, Video, Talk page) it has."""
    head = [b.header(title, shared.untitled, "header")]
    meta = _meta(shared, talk, index, speaker)
    if meta:
        head.append(meta)
    buttons = link_buttons(talk, shared.lang)
    if buttons:
        row = [(button.label, button.url, f"open_{button.kind.value}") for button in buttons]
        head.append(b.link_row(row, "links"))
    return head


def fallback_text(title: str, speaker: str, meetup: str, limit: int) -> str:
    """The notification line: "Title — @speaker | Meetup title" (each on one line), escaped
    for mrkdwn."""
    text = title
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
    return _message(_shared(post, options), index)


def render_talks(
    post: Post, count: int, options: FormatOptions = DEFAULT_OPTIONS
) -> list[dict[str, Any]]:
    """The messages of the post's first `count` talks (`render_talk` of each)."""
    shared = _shared(post, options)
    return [_message(shared, index) for index in range(min(count, len(post.talks)))]


def _message(shared: _Shared, index: int) -> dict[str, Any]:
    talk, options, lang = shared.post.talks[index], shared.options, shared.lang
    title, speaker = talk_title(talk, lang), one_line(talk.speaker or "")
    blocks = _head(shared, talk, index, title, speaker)
    link = _read_full(at_anchor(shared.base_url, talk.anchor), lang) if shared.base_url else None
    room = options.text_budget - sum([b.size(block) for block in blocks])
    room -= _footer_size(link, lang)
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
    end = _footer([words.text("label.more", lang, n=more)] if more else [], link)
    if end:
        blocks.append(end)
    text = fallback_text(title, speaker, shared.post_title, options.max_fallback_chars)
    return {"text": text, "blocks": blocks}
