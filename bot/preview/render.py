"""The preview pages: Block Kit payloads to a view model, then HTML through Jinja2 (autoescape on).

`post_page_html` draws a post's messages as Slack shows them (the announcement, then its thread
replies, each with its notification text); `index_page_html` lists the posts with their state
and the search results. Neither reads files: `bot/preview/source.py` does that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

import words
from bot.model import ResultPage
from bot.preview.blocks import BlockView, block_view
from bot.preview.mrkdwn import unescape_slack
from bot.verdict import Verdict
from formatters.paging import next_offset
from formatters.talk import talk_title

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""No scripts at all: sent as a header by the routes and as a meta tag in every page."""

_ENV = Environment(
    loader=PackageLoader("bot.preview", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class MessageView:
    notification: str
    """The payload's `text`, as a phone notification shows it (plain text)."""
    blocks: tuple[BlockView, ...]
    payload_json: str
    """The payload itself, pretty-printed, for a <details> under the message."""


@dataclass(frozen=True)
class StatusView:
    """A post's publication state as the index and the post page show it."""

    state: str
    """published, pending, draft, scheduled (or unknown)."""
    label: str
    """One line for people: "Published", "Pending: no channel configured", ..."""
    url: str | None = None
    """The Slack message's permalink, for a published post (http(s) only)."""


@dataclass(frozen=True)
class PostRow:
    """One post on the index page."""

    post_id: str
    title: str
    date_label: str
    talk_count: int
    status: StatusView
    error: str = ""
    """Why the post could not be read ('' when it could)."""
    verdict: Verdict | None = None
    """What will be posted for it (`bot.verdict`); None when it could not be read."""


def message_view(payload: dict[str, Any]) -> MessageView:
    """One payload (`{"text", "blocks"}`) as the page draws it."""
    return MessageView(
        notification=unescape_slack(str(payload.get("text", ""))),
        blocks=tuple(block_view(b) for b in payload.get("blocks") or [] if isinstance(b, dict)),
        payload_json=json.dumps(payload, ensure_ascii=False, indent=2),
    )


def post_page_html(
    title: str,
    messages: list[dict[str, Any]],
    *,
    status: StatusView | None = None,
    source: str = "",
    index_url: str | None = None,
    layout: str = "thread",
    verdict: Verdict | None = None,
    language: str | None = None,
) -> str:
    """The page of one post: its messages, the first as the channel message, the rest as its
    thread replies (`layout="flat"`: as channel messages too, as MEETUP_LAYOUT=flat posts them).
    `index_url` adds a link back to the list (the server's page); `verdict`, above the
    messages, says what will be posted and why. The page's own words are in `language`."""
    views = [message_view(m) for m in messages]
    return _ENV.get_template("post.html").render(
        title=title,
        announcement=views[0] if views else None,
        replies=views[1:],
        status=status,
        source=source,
        index_url=index_url,
        flat=layout == "flat",
        verdict=verdict,
        csp=CSP,
        **page_words(language),
    )


def index_page_html(
    rows: list[PostRow],
    *,
    query: str = "",
    results: ResultPage | None = None,
    error: str = "",
    root: str = "",
    language: str | None = None,
) -> str:
    """The list of posts, newest first, with a search box and, for a query, its results; the
    page's own words in `language`."""
    paging = {}
    if results is not None:
        key = "preview.results" if results.total_exact else "preview.results_about"
        heading = words.plural(key, results.total, language, query=results.query)
        paging = {"results_heading": heading, "next_at": next_offset(results)}
    return _ENV.get_template("index.html").render(
        rows=rows,
        query=query,
        results=results,
        error=error,
        root=root,
        csp=CSP,
        **paging,
        **page_words(language),
    )


def page_words(language: str | None) -> dict[str, Any]:
    """What templates say words with: `t(key, **values)`, `say(message)` for a message made
    elsewhere (`words.Said`: a status, an error), `talk_title(talk)` (as every view names a
    talk, "(untitled)" without a title) and `lang` for `<html lang>`."""
    lang = words.language(language)

    def t(key: str, **values: Any) -> str:
        return words.text(key, lang, **values)

    def say(message: str) -> str:
        return message.text(lang) if isinstance(message, words.Said) else message

    return {
        "t": t,
        "say": say,
        "plural": lambda key, n, **v: words.plural(key, n, lang, **v),
        "talk_title": lambda talk: talk_title(talk, lang),
        "lang": lang,
    }
