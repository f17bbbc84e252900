"""The preview page's routes in the one router (bot/web): GET /, GET /?q=..., GET /search?q=...,
GET /posts/<id>.

`PreviewPages` answers them (`routes()`); a post it cannot find is its own 404 page, a path
or method no route serves is the router's. Every page is re-read from the folder when a file
changes (cache by mtime). Drafts are shown, so unless `public` (MEETUP_PREVIEW=1) only clients
on 127.0.0.1 / ::1 get an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from markupsafe import escape

import words
from bot.errors import MeetupBotError, QueryError
from bot.model import Post, ResultPage
from bot.preview.pages import OptionsFor, default_options, messages_for, post_html
from bot.preview.render import CSP, index_page_html
from bot.preview.source import PostFolder, StatusOf, local_status, post_row
from bot.web.http import Environ, Response, respond_with
from bot.web.router import Route

Search = Callable[[str, int], ResultPage]
"""(query, offset) -> a page of talks: `bot.search.search_talks` over the bot's store."""

LOOPBACK = {"127.0.0.1", "::1", "::ffff:127.0.0.1"}
POSTS_PATH = "/posts/"
SEARCH_PAGE_SIZE = 10


class PreviewPages:
    """The preview pages of one posts folder."""

    def __init__(
        self,
        folder: PostFolder,
        *,
        options_for: OptionsFor = default_options,
        status_of: StatusOf = local_status,
        search: Search | None = None,
        public: bool = False,
        layout: str = "thread",
        language: str | None = None,
    ) -> None:
        self.layout = layout
        self.language = language
        """MEETUP_LANGUAGE: the page's words (a post's page: the language it is rendered in)."""
        self.folder = folder
        self.options_for = options_for
        self.status_of = status_of
        self.search = search
        self.public = public

    def routes(self) -> list[Route]:
        index, post = respond_with(self.index_response), respond_with(self.post_response)
        return [Route("/", index), Route("/search", index), Route(POSTS_PATH, post, prefix=True)]

    def index_response(self, environ: Environ) -> Response:
        return self._page(environ, lambda root: (HTTPStatus.OK, self.index(_query(environ), root)))

    def post_response(self, environ: Environ) -> Response:
        post_id = unquote(str(environ.get("PATH_INFO") or "").removeprefix(POSTS_PATH))
        return self._page(environ, lambda root: self.post(post_id, root))

    def _page(self, environ: Environ, page: Callable[[str], tuple[HTTPStatus, str]]) -> Response:
        """`page(root)` for clients allowed to see drafts; 403 for the others."""
        if not self.public and environ.get("REMOTE_ADDR", "") not in LOOPBACK:
            status, html = HTTPStatus.FORBIDDEN, self._message_page("preview.local_only")
        else:
            status, html = page(str(environ.get("SCRIPT_NAME", "")).rstrip("/"))
        return status.value, dict(HTML_HEADERS), html.encode("utf-8")

    def index(self, params: dict[str, str], root: str) -> str:
        rows = [post_row(loaded, self.status_of, self._language) for loaded in self.folder.posts()]
        query = params.get("q", "").strip()
        results, error = None, ""
        if query:
            results, error = self._search(query, _int(params.get("offset")))
        return index_page_html(
            rows, query=query, results=results, error=error, root=root, language=self.language
        )

    def _search(self, query: str, offset: int) -> tuple[ResultPage | None, str]:
        if self.search is None:
            reason = words.said("preview.no_search_index")
            return None, words.said("preview.search_unavailable", reason=reason)
        try:
            return self.search(query, offset), ""
        except QueryError as error:
            return None, error.message
        except MeetupBotError as error:
            return None, words.said("preview.search_unavailable", reason=error.message)

    def post(self, post_id: str, root: str) -> tuple[HTTPStatus, str]:
        loaded = self.folder.find(post_id)
        if loaded is None:
            page = self._message_page("preview.post_not_found", root, post_id=post_id)
            return HTTPStatus.NOT_FOUND, page
        if loaded.post is None:
            lang = words.language(self.language)
            error = loaded.error
            text = error.text(lang) if isinstance(error, words.Said) else error
            return HTTPStatus.UNPROCESSABLE_ENTITY, _message_page(text, root, lang)
        post = loaded.post
        options = self.options_for(post, loaded.path)
        html = post_html(
            post,
            messages_for(post, loaded.path, self.options_for),
            status=self.status_of(post, loaded.path),
            source=loaded.path.name,
            index_url=f"{root}/",
            layout=self.layout,
            language=options.language,
            max_talk_messages=options.max_talk_messages,
        )
        return HTTPStatus.OK, html

    def _message_page(self, key: str, root: str = "", **values: Any) -> str:
        lang = words.language(self.language)
        return _message_page(words.text(key, lang, **values), root, lang)

    def _language(self, post: Post, path: Path) -> str | None:
        """The language the publisher renders this post in (the verdict speaks it too)."""
        return self.options_for(post, path).language


def _query(environ: Environ) -> dict[str, str]:
    parsed = parse_qs(str(environ.get("QUERY_STRING", "")), keep_blank_values=True)
    return {key: values[0] for key, values in parsed.items() if values}


def _int(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


HTML_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _message_page(text: str, root: str, lang: str) -> str:
    """A minimal page with one line (errors), no template needed."""
    back = f'<p><a href="{escape(root)}/">{escape(words.text("preview.all_posts", lang))}</a></p>'
    title = escape(words.text("preview.title_suffix", lang))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>"
        f'<body style="font-family:sans-serif;margin:2em"><p>{escape(text)}</p>{back}</body></html>'
    )
