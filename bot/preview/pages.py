"""One code path from a post to its preview page: the publisher's payloads, drawn as Slack does.

`messages_for` calls `formatters.render_post` with the options the publisher would use, so the
page shows exactly what would be posted. `write_post_page` is `meetup-bot preview --html`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import words
from bot.errors import MeetupBotError
from bot.model import Post
from bot.preview.render import StatusView, post_page_html
from bot.preview.source import local_status
from bot.verdict import file_front_matter_kind, verdict_for
from formatters import FormatOptions, render_post

OptionsFor = Callable[[Post, Path], FormatOptions]
"""(post, its file) -> the FormatOptions the publisher would render it with."""


def default_options(post: Post, path: Path) -> FormatOptions:
    """The options when no settings are given: the post's own language and URL."""
    return FormatOptions()


def messages_for(
    post: Post, path: Path, options_for: OptionsFor = default_options
) -> list[dict[str, Any]]:
    """The payloads the bot would post for `post`: announcement first, then one per talk."""
    return render_post(post, options_for(post, path))


def post_html(
    post: Post,
    messages: list[dict[str, Any]],
    *,
    status: StatusView | None = None,
    source: str = "",
    index_url: str | None = None,
    layout: str = "thread",
    language: str | None = None,
    max_talk_messages: int | None = None,
) -> str:
    """The page of one post, from the payloads already rendered for it, with the verdict on
    its talk list (in `language`, else the post's; with the cap the messages were rendered
    under, which talks the last message lists)."""
    kind = file_front_matter_kind(post.source)
    verdict = verdict_for(post, language, kind, max_talk_messages)
    return post_page_html(
        post.title,
        messages,
        status=status,
        source=source,
        index_url=index_url,
        layout=layout,
        verdict=verdict,
        language=language or post.language,
    )


def write_post_page(
    post: Post, messages: list[dict[str, Any]], out: Path | str, max_talk_messages: int = 30
) -> None:
    """Write the page of one post (for `meetup-bot preview FILE --html OUT.html`)."""
    out = Path(out)
    status = local_status(post, Path(post.source))
    html = post_html(
        post, messages, status=status, source=post.source, max_talk_messages=max_talk_messages
    )
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise MeetupBotError(words.said("preview.not_written", path=out, reason=reason)) from None
