"""A feed source (RSS 2.0, Atom, JSON Feed): polled with a conditional GET, each entry written
as a markdown post into the source's `entries/` folder (bot/sources/entry_html.py).

- ETag and Last-Modified of the last answer are sent back (If-None-Match, If-Modified-Since);
  a 304, or a body equal to the last one read, costs no parsing and writes nothing.
- RSS and Atom are read by `feedparser` (which also cleans the entries' HTML); JSON Feed, which
  feedparser 6 does not read, by `json` (jsonfeed.org/version/1 and 1.1).
- An entry's file is named after its id in the feed, so an edit rewrites the same file (the
  publisher updates its messages) and an unchanged entry keeps its file untouched. An entry that
  leaves the feed keeps its file: feeds list only their newest entries, and a post that was
  published stays published.
- The first read writes into `entries.new/`, renamed `entries/` once complete: the catalog sees a
  feed only once it was read whole, so its first read is a baseline like any first scan.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]

import words
from bot.observability import SOURCE_READS
from bot.sources.entry_html import FeedEntry, entry_markdown
from bot.sources.errors import SourceError
from bot.sources.spec import SourceSpec

MAX_FEED_BYTES = 20 * 1024 * 1024
USER_AGENT = "meetup-bot (feed reader; +https://github.com/)"
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_NOT_NAME = re.compile(r"[^a-z0-9._]+")


class FeedSource:
    """One feed of MEETUP_SOURCES, kept under `home` (its state) and `home/entries`."""

    def __init__(self, spec: SourceSpec, data_dir: Path, timeout: float) -> None:
        self.spec, self.timeout = spec, timeout
        self.home = spec.home(data_dir)
        self.folder = spec.folder(data_dir)

    def refresh(self) -> bool:
        """Read the feed if it changed; True when a post file was written. SourceError when it
        cannot be fetched or is not a feed (what was read before stays)."""
        state = self._state()
        answer = fetch(self.spec.location, state, self.timeout)
        if answer is None:
            SOURCE_READS.labels(kind="feed", outcome="not_modified").inc()
            return False
        body, headers = answer
        digest = hashlib.sha256(body).hexdigest()
        validators = {"etag": headers.get("etag", ""), "modified": headers.get("last-modified", "")}
        if digest == state.get("digest") and self.folder.is_dir():
            self._save(validators | {"digest": digest})
            SOURCE_READS.labels(kind="feed", outcome="unchanged").inc()
            return False
        SOURCE_READS.labels(kind="feed", outcome="parsed").inc()
        entries = read_entries(body, self.spec.location, headers.get("content-type", ""))
        written = self._write(entries)
        self._save(validators | {"digest": digest})
        SOURCE_READS.labels(kind="feed", outcome="changed" if written else "unchanged").inc()
        return written > 0

    def _write(self, entries: list[FeedEntry]) -> int:
        first = not self.folder.is_dir()
        folder = self.folder.with_name("entries.new") if first else self.folder
        if first:
            shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        written = sum(
            _write_if_changed(folder / entry_file(e.key), entry_markdown(e)) for e in entries
        )
        if first:
            os.replace(folder, self.folder)
        return written if not first else max(written, 1)

    def _state(self) -> dict[str, str]:
        try:
            loaded = json.loads((self.home / "feed.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}

    def _save(self, state: dict[str, str]) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        _write_if_changed(self.home / "feed.json", json.dumps(state, sort_keys=True))


def fetch(url: str, state: dict[str, str], timeout: float) -> tuple[bytes, dict[str, str]] | None:
    """The feed's body and headers (lower-case names); None for 304 Not Modified."""
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if state.get("etag"):
        headers["If-None-Match"] = state["etag"]
    if state.get("modified"):
        headers["If-Modified-Since"] = state["modified"]
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_FEED_BYTES + 1)
            got = {name.lower(): value for name, value in response.headers.items()}
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return None
        raise SourceError(
            words.said("feed.http_error", status=error.code, reason=error.reason)
        ) from None
    except urllib.error.URLError as error:
        raise SourceError(words.said("feed.unreachable", reason=error.reason)) from None
    except (TimeoutError, OSError) as error:
        reason = str(error) or type(error).__name__
        raise SourceError(words.said("feed.unreadable", reason=reason)) from None
    if len(body) > MAX_FEED_BYTES:
        raise SourceError(words.said("feed.too_large", limit=MAX_FEED_BYTES))
    return body, got


def read_entries(body: bytes, url: str, content_type: str) -> list[FeedEntry]:
    """The entries of an RSS, Atom or JSON feed; SourceError when it is none of them."""
    if "json" in content_type or body.lstrip()[:1] == b"{":
        return json_feed_entries(body)
    parsed = feedparser.parse(
        io.BytesIO(body), response_headers={"content-location": url, "content-type": content_type}
    )
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or words.said("feed.no_feed_in_it")
        raise SourceError(words.said("feed.invalid", reason=reason))
    language = parsed.feed.get("language") or None
    return [replace(_feedparser_entry(entry), language=language) for entry in parsed.entries]


def _feedparser_entry(entry: Any) -> FeedEntry:
    content = [c for c in entry.get("content", []) if c.get("value")]
    htmls = [c for c in content if "html" in str(c.get("type", "html"))]
    if htmls or content:
        chosen = (htmls or content)[0]
        value, full = str(chosen["value"]), True
        if not htmls:
            value = _text_html(value)
    else:
        value, full = str(entry.get("summary", "")), False
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(moment), UTC) if moment else None
    link, title = str(entry.get("link", "")), str(entry.get("title", ""))
    return FeedEntry(
        _key(entry.get("id"), link, title, published), title, link, published, value, full
    )


def json_feed_entries(body: bytes) -> list[FeedEntry]:
    """The items of a JSON Feed (content_html, else content_text, else summary)."""
    try:
        feed = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise SourceError(words.said("feed.invalid", reason=f"JSON: {error}")) from None
    version = feed.get("version") if isinstance(feed, dict) else None
    if not str(version or "").startswith("https://jsonfeed.org/version/"):
        raise SourceError(words.said("feed.invalid", reason=words.said("feed.json_no_version")))
    language = str(feed.get("language") or "") or None
    items = [item for item in feed.get("items") or [] if isinstance(item, dict)]
    return [replace(_json_entry(item), language=language) for item in items]


def _json_entry(item: dict[str, Any]) -> FeedEntry:
    link, title = str(item.get("url") or ""), str(item.get("title") or "")
    if item.get("content_html"):
        value, full = str(item["content_html"]), True
    elif item.get("content_text"):
        value, full = _text_html(str(item["content_text"])), True
    else:
        value, full = html.escape(str(item.get("summary") or "")), False
    published = _iso(item.get("date_published") or item.get("date_modified"))
    return FeedEntry(
        _key(item.get("id"), link, title, published), title, link, published, value, full
    )


def _iso(value: object) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _text_html(text: str) -> str:
    return "".join(f"<p>{html.escape(part)}</p>" for part in re.split(r"\n\s*\n", text))


def _key(entry_id: object, link: str, title: str, published: datetime | None) -> str:
    return str(entry_id or "") or link or f"{title}|{published.isoformat() if published else ''}"


def entry_file(key: str) -> str:
    """The file of the entry with this id in the feed: readable, and unique by a hash."""
    readable = _NOT_NAME.sub("-", re.sub(r"^[a-z+]+://", "", key.lower())).strip("-.")[:72]
    digest = hashlib.sha256(key.encode()).hexdigest()[:8]
    return f"{readable}-{digest}.md" if readable else f"{digest}.md"


def _write_if_changed(path: Path, text: str) -> bool:
    """Write atomically, only when the content differs (an unchanged file keeps its mtime)."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    return True
