"""Slack mrkdwn to safe HTML, the way the Slack client shows it.

Everything a payload says is text: entities (`&lt;`, `&gt;`, `&amp;`) are decoded back to the
characters Slack shows, then HTML-escaped. The only markup in the result is what this module
writes itself: `<b>`, `<i>`, `<s>`, `<code>`, `<pre>`, `<blockquote>`, `<br>`, mention chips,
and `<a>` for http(s) links only (any other scheme shows its label as plain text).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# Placeholders for pieces rendered apart (links, code): private-use characters, removed from
# the input first so that a payload cannot forge one.
_PH_OPEN, _PH_CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_PH_OPEN}(\\d+){_PH_CLOSE}")
_PRIVATE = re.compile(f"[{_PH_OPEN}{_PH_CLOSE}]")

_FENCE = re.compile(r"```(.*?)```", re.DOTALL)
_CODE = re.compile(r"`([^`\n]+)`")
_ANGLE = re.compile(r"<([^<>\n]*)>")
_EDGE = r"A-Za-z0-9"
_STYLES = (
    (re.compile(rf"(?<![{_EDGE}*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![{_EDGE}*])"), "b"),
    (re.compile(rf"(?<![{_EDGE}_])_(?=\S)([^_\n]+?)(?<=\S)_(?![{_EDGE}_])"), "i"),
    (re.compile(rf"(?<![{_EDGE}~])~(?=\S)([^~\n]+?)(?<=\S)~(?![{_EDGE}~])"), "s"),
)
_BROADCASTS = {"channel", "here", "everyone"}


def unescape_slack(text: str) -> str:
    """The text Slack shows for escaped mrkdwn: `&lt;` `&gt;` `&amp;` back to `<` `>` `&`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def http_url(url: str | None) -> str | None:
    """`url` when it is an absolute http(s) URL (safe for an href), else None."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(ch in url for ch in "\"'<>\\ \t\r\n"):
        return None
    return url


def link_html(url: str | None, label: str | Markup) -> Markup:
    """An `<a>` for an http(s) URL (opens in a new tab), else the label alone as text."""
    safe = http_url(url)
    if safe is None:
        return Markup('<span class="dead-link">{}</span>').format(label)
    return Markup('<a href="{}" target="_blank" rel="noopener noreferrer nofollow">{}</a>').format(
        safe, label
    )


def mention_html(label: str) -> Markup:
    """A mention chip (`@channel`, `@U123`, `#general`): Slack highlights these."""
    return Markup('<span class="mention">{}</span>').format(label)


def _angle(body: str) -> Markup:
    """One `<...>` construct: a link, a mention, a date, or text Slack would show as is."""
    target, _, label = body.partition("|")
    if target.startswith("!"):
        name = target[1:]
        if name in _BROADCASTS:
            return mention_html("@" + name)
        if name.startswith("subteam^"):
            return mention_html(unescape_slack(label) or "@" + name[len("subteam^") :])
        return escape(unescape_slack(label or name))  # <!date^...|fallback> shows the fallback
    if target.startswith("@"):
        return mention_html("@" + unescape_slack(label or target[1:]))
    if target.startswith("#"):
        return mention_html("#" + unescape_slack(label or target[1:]))
    url = unescape_slack(target)
    return link_html(url, unescape_slack(label) if label else url)


def _styled(text: str) -> str:
    """Escaped text with *bold*, _italic_ and ~strike~ applied (no `<` can be in `text`)."""
    for pattern, tag in _STYLES:
        text = pattern.sub(rf"<{tag}>\1</{tag}>", text)
    return text


def _inline(text: str, pieces: list[Markup]) -> str:
    """Inline mrkdwn of one line to HTML; links and code go to `pieces` as placeholders."""

    def keep(html: Markup) -> str:
        pieces.append(html)
        return f"{_PH_OPEN}{len(pieces) - 1}{_PH_CLOSE}"

    text = _CODE.sub(
        lambda m: keep(Markup("<code>{}</code>").format(unescape_slack(m.group(1)))), text
    )
    text = _ANGLE.sub(lambda m: keep(_angle(m.group(1))), text)
    return _styled(str(escape(unescape_slack(text))))


def mrkdwn_to_html(text: str) -> Markup:
    """Slack mrkdwn (as a payload carries it) rendered to safe HTML."""
    pieces: list[Markup] = []
    text = _PRIVATE.sub("", text)
    text = _FENCE.sub(lambda m: f"{_PH_OPEN}{_keep_block(pieces, m.group(1))}{_PH_CLOSE}", text)
    out: list[str] = []
    quote: list[str] = []
    for line in text.split("\n"):
        if line.startswith(("&gt;", ">")):
            body = line[4:] if line.startswith("&gt;") else line[1:]
            quote.append(_inline(body.removeprefix(" "), pieces))
            continue
        if quote:
            out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
            quote = []
        out.append(_inline(line, pieces) + "<br>")
    if quote:
        out.append("<blockquote>" + "<br>".join(quote) + "</blockquote>")
    html = "".join(out).removesuffix("<br>")
    return Markup(_PLACEHOLDER.sub(lambda m: str(pieces[int(m.group(1))]), html))


def _keep_block(pieces: list[Markup], code: str) -> int:
    pieces.append(Markup("<pre>{}</pre>").format(unescape_slack(code.strip("\n"))))
    return len(pieces) - 1


def plain_to_html(text: str) -> Markup:
    """A plain_text object: no formatting at all, newlines kept."""
    return Markup("<br>").join(escape(line) for line in text.split("\n"))
