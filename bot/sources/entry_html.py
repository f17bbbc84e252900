"""The one HTML path: a feed entry's HTML becomes a markdown post the parser reads like any other.

`markdownify` turns the HTML into markdown (headings, lists, links and emphasis as they were:
what the talk detector reads); the entry's title, date and link go into YAML front matter.
Then the same `bot.parser.parse_post` makes the `Post`, so an entry gets the same talks, links
by kind, impressions and confidence as a markdown post. An entry without full content gives its
summary and a link to the full post (in the feed's language: `label.read_full_post`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import yaml
from markdownify import markdownify

import words

_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, whatever its format (RSS 2.0, Atom, JSON Feed)."""

    key: str
    """Its id in the feed (guid / id), else its link, else its title and date."""
    title: str
    link: str
    published: datetime | None
    html: str
    """Its full content, else its summary (HTML)."""
    full: bool
    """Whether `html` is the full content (not a summary)."""
    language: str | None = None
    """The feed's own language tag (`ja`, `en-US`), if it says."""


def html_to_markdown(html: str) -> str:
    """Markdown of an HTML fragment: ATX headings and `-` bullets, as the posts are written."""
    text = markdownify(html, heading_style="ATX", bullets="-", strip=["img"])
    return _BLANK_LINES.sub("\n\n", text).strip() + "\n"


def entry_markdown(entry: FeedEntry) -> str:
    """The entry as a markdown post: front matter (title, date, url), then its content."""
    front: dict[str, object] = {"title": entry.title or entry.link or entry.key}
    if entry.published is not None:
        front["date"] = entry.published.isoformat(sep=" ")
    if entry.link:
        front["url"] = entry.link
    body = html_to_markdown(entry.html) if entry.html.strip() else ""
    if not entry.full and entry.link:
        more = words.text("label.read_full_post", entry.language)
        body += f"\n[{more}]({entry.link})\n"
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{head}---\n\n{body.lstrip()}"
