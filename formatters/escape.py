"""mrkdwn escaping and URL checks: nothing from a post may notify anyone or break a link."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from formatters.text import slack_len, truncate

MAX_URL = 3000
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?")
"""An http(s) URL of a plain host and path only (no query, fragment, user or space): every
character one `quote` keeps, and one that `urlsplit` + `urlunsplit` give back as it is."""


def escape_mrkdwn(text: str) -> str:
    """Escape exactly `&`, `<` and `>` for Slack mrkdwn (so `<!channel>` shows as text)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit_mrkdwn(text: str, limit: int) -> str:
    """Truncate `text` so that, once escaped, it fits in `limit` units; returns it escaped."""
    room = limit
    while True:
        out = escape_mrkdwn(truncate(text, room))
        excess = slack_len(out) - limit
        if excess <= 0:
            return out
        room = max(room - max(excess // 5, 1), 0)


def safe_url(url: str | None) -> str | None:
    """An http(s) URL fit for a button or a link, else None.

    `//host/path` becomes `https://host/path`; characters that would break a mrkdwn link
    (`|`, `<`, `>`, spaces, non-ASCII) are percent-encoded; `javascript:`, `data:`, relative
    paths and URLs over 3,000 characters are refused.
    """
    if not url:
        return None
    if _PLAIN_URL.fullmatch(url) and len(url) <= MAX_URL:
        return url  # what the checks below give back unchanged, found ten times faster
    if url[:2] == "//" and _PLAIN_URL.fullmatch(full := "https:" + url) and len(full) <= MAX_URL:
        return full  # an embed's `//host/path`: the same, once given its scheme
    return _checked_url(url)


def _checked_url(url: str) -> str | None:
    """`safe_url` the long way: split, scheme checked, percent-encoded, joined again."""
    url = _encodable(url.strip())
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    out = quote(urlunsplit(parts._replace(scheme=parts.scheme.lower())), safe=_URL_SAFE)
    return out if len(out) <= MAX_URL else None


def with_fragment(url: str | None, anchor: str) -> str | None:
    """`url` with its fragment set to `anchor` (a safe URL, or None when `url` is unusable)."""
    base = safe_url(url)
    return None if base is None else at_anchor(base.split("#", 1)[0], anchor)


def at_anchor(base: str, anchor: str) -> str | None:
    """`base`, a `safe_url` without a fragment, with its fragment set to `anchor` (None when
    the URL would be too long)."""
    if not anchor:
        return base
    url = f"{base}#{quote(_encodable(anchor), safe='')}"
    if _PLAIN_URL.fullmatch(base) and len(url) <= MAX_URL:
        return url  # `quote(…, safe="")` gives only characters `safe_url` keeps as they are
    return safe_url(url)


def _encodable(text: str) -> str:
    """`text`, with any lone surrogate (which UTF-8, so a URL, cannot carry) made U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text


def mrkdwn_link(url: str, label: str, limit: int = 300) -> str | None:
    """`<url|label>` for a URL from `safe_url`, the label escaped and truncated; None when
    the escaped link would not fit in one text object (3,000)."""
    out = f"<{escape_mrkdwn(url)}|{fit_mrkdwn(label, limit)}>"
    return out if slack_len(out) <= MAX_URL else None
