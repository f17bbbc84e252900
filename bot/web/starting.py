"""What `meetup-bot serve` answers while it is starting (the port is open, the routes are not).

A browser (a GET that accepts text/html, such as someone opening the preview page) gets a small
HTML page saying the bot is starting, in English or Japanese by Accept-Language, that reloads
itself; anything else gets the JSON `{"reason": "starting"}`. Both are 503 with Retry-After.
GET /readyz is not affected: it stays JSON for probes (bot/web/ops.py).
"""

from __future__ import annotations

from markupsafe import escape

import words
from bot.web.http import Environ, Response, json_response

RETRY_SECONDS = 2
"""How soon a browser reloads the page, and the Retry-After of every start-up answer."""
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
"""No scripts: the page reloads itself with <meta http-equiv="refresh">."""


def starting_response(environ: Environ, reason: str | None) -> Response:
    """The 503 for a request that came before start-up was done (`reason`: /readyz's)."""
    retry = {"Retry-After": str(RETRY_SECONDS), "Cache-Control": "no-store"}
    if not wants_html(environ):
        return json_response(503, {"reason": "starting"}, retry)
    language = page_language(str(environ.get("HTTP_ACCEPT_LANGUAGE", "")))
    html = starting_html(_step(reason), language).encode("utf-8")
    headers = {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": CSP,
        "X-Content-Type-Options": "nosniff",
        **retry,
    }
    return 503, headers, html


def wants_html(environ: Environ) -> bool:
    """A GET or HEAD whose Accept takes text/html (what browsers send for a page)."""
    if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
        return False
    return any(
        media in ("text/html", "application/xhtml+xml") and quality > 0
        for media, quality in _weighted(str(environ.get("HTTP_ACCEPT", "")))
    )


def page_language(accept_language: str) -> str:
    """`ja` when the browser prefers Japanese to English, else `en`."""
    for tag, quality in sorted(_weighted(accept_language), key=lambda item: -item[1]):
        primary = tag.split("-")[0]
        if quality > 0 and primary in ("ja", "en"):
            return primary
    return "en"


def starting_html(step: str, language: str) -> str:
    """The page itself: one heading, one line, reloading every RETRY_SECONDS."""
    title = escape(words.text("starting.title", language))
    line = escape(words.text("starting.text", language, step=step, seconds=RETRY_SECONDS))
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f'<meta http-equiv="refresh" content="{RETRY_SECONDS}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title></head>"
        '<body style="font-family:sans-serif;margin:2em">'
        f"<h1>{title}</h1><p>{line}</p></body></html>"
    )


def _step(reason: str | None) -> str:
    """`first index sync` from /readyz's `starting: first index sync`."""
    text = (reason or "").removeprefix("starting:").strip()
    return text or "start-up"


def _weighted(header: str) -> list[tuple[str, float]]:
    """`text/html,*/*;q=0.8` -> [("text/html", 1.0), ("*/*", 0.8)] (lower-cased)."""
    out: list[tuple[str, float]] = []
    for item in header.split(","):
        value, *params = (part.strip() for part in item.split(";"))
        if not value:
            continue
        quality = 1.0
        for param in params:
            name, _, number = param.partition("=")
            if name.strip().lower() == "q":
                quality = _float(number)
        out.append((value.lower(), quality))
    return out


def _float(text: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        return 0.0
