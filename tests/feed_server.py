"""A real HTTP server serving feeds for the sources' tests: ETag and Last-Modified on every
answer, 304 to a matching If-None-Match, any status on demand, and answers held until a test
releases them (a slow server, without sleeping)."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

LAST_MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT"


@dataclass
class Feed:
    body: bytes
    content_type: str = "application/atom+xml; charset=utf-8"
    status: int = 200
    etag: bool = True
    """Send an ETag (and honour If-None-Match)."""
    hold: threading.Event | None = None
    """Set: answer only once the event is set (or the client gave up)."""


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    status: int


@dataclass
class FeedServer:
    feeds: dict[str, Feed] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.answer(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}{path}"

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for feed in self.feeds.values():
            if feed.hold is not None:
                feed.hold.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def to(self, path: str) -> list[Request]:
        return [r for r in list(self.requests) if r.path == path]

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        feed = self.feeds.get(handler.path)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        if feed is None:
            self._send(handler, headers, 404, b"not found", {})
            return
        if feed.hold is not None:
            feed.hold.wait(60)
        etag = '"' + hashlib.sha256(feed.body).hexdigest()[:16] + '"'
        sent = {"Content-Type": feed.content_type, "Last-Modified": LAST_MODIFIED}
        if feed.etag:
            sent["ETag"] = etag
            if headers.get("if-none-match") == etag and feed.status == 200:
                self._send(handler, headers, 304, b"", sent)
                return
        self._send(handler, headers, feed.status, feed.body, sent)

    def _send(
        self,
        handler: BaseHTTPRequestHandler,
        headers: dict[str, str],
        status: int,
        body: bytes,
        sent: dict[str, str],
    ) -> None:
        self.requests.append(Request(handler.path, headers, status))
        try:
            handler.send_response(status)
            for name, value in sent.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except OSError:  # the client gave up (a timeout test)
            pass


def atom(entries: list[tuple[str, str, str]], title: str = "A test blog") -> bytes:
    """An Atom feed of (id, title, HTML content) entries, newest first."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{title}</title><id>urn:test:blog</id><updated>2026-12-01T10:00:00Z</updated>",
    ]
    for index, (entry_id, entry_title, content) in enumerate(entries):
        day = 28 - index % 28
        escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts.append(
            f"<entry><id>{entry_id}</id><title>{entry_title}</title>"
            f'<link href="https://blog.example/{entry_id.rsplit(":", 1)[-1]}"/>'
            f"<published>2026-11-{day:02d}T19:00:00Z</published>"
            f"<updated>2026-11-{day:02d}T19:00:00Z</updated>"
            f'<content type="html">{escaped}</content></entry>'
        )
    parts.append("</feed>")
    return "\n".join(parts).encode()


def talks_html(*speakers: str) -> str:
    """HTML of a meetup report with one `<h3>` talk section per speaker."""
    sections = "".join(
        f"<h3>@{name} さん Talk by {name}</h3><ul><li>point one of {name}</li>"
        f"<li>point two of {name}</li></ul>"
        for name in speakers
    )
    return f"<p>Notes from the meetup.</p>{sections}<h3>まとめ</h3><p>Good night.</p>"


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    """A local HTTP server of feeds, `feeds.feeds[path] = Feed(...)`."""
    with FeedServer() as server:
        yield server
