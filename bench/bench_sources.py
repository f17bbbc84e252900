"""Benchmark a feed source: a feed of N entries (default 500, each a meetup report of 8 talks in
HTML) served by a local HTTP server, read (fetched, parsed by feedparser, each entry turned into
a markdown post) and indexed with the real parser; then the same feed read again unchanged (one
conditional GET answered 304, no parsing).

    PYTHONPATH=. .venv/bin/python bench/bench_sources.py
    PYTHONPATH=. .venv/bin/python bench/bench_sources.py --entries 2000

Numbers go to bench/README.md (## Feed sources); nothing here is a test assertion (the request
and parse counts of an unchanged feed are: tests/test_sources_feed.py).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bot.catalog import Catalog
from bot.indexer import sync_index
from bot.observability import SOURCE_READS
from bot.settings import load_settings
from bot.sources.refresh import Sources
from bot.store import open_store
from tests.feed_server import Feed, FeedServer, atom, talks_html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--entries", type=int, default=500)
    args = parser.parse_args()
    speakers = [f"speaker{n}" for n in range(8)]
    entries = [
        (f"urn:bench:{n}", f"Meetup {n}", talks_html(*speakers)) for n in range(args.entries)
    ]
    body = atom(entries)
    with FeedServer() as server, tempfile.TemporaryDirectory() as tmp:
        server.feeds["/feed"] = Feed(body)
        settings = load_settings(
            {"MEETUP_SOURCES": server.url("/feed"), "MEETUP_DATA_DIR": f"{tmp}/data"}
        )
        sources, catalog = Sources.from_settings(settings), Catalog.from_settings(settings)
        store = open_store(f"sqlite:///{Path(tmp) / 'index.db'}")
        started = time.perf_counter()
        sources.refresh()
        read = time.perf_counter() - started
        report = sync_index(store, catalog)
        total = time.perf_counter() - started
        print(f"feed: {args.entries} entries, {len(body) / 1e6:.1f} MB")
        print(f"read (fetch + feedparser + HTML->markdown + write): {read:.2f} s")
        print(
            f"index ({report.parsed} posts parsed, {report.parse_seconds:.2f} s in the parser): "
            f"{total - read:.2f} s"
        )
        print(f"read + indexed: {total:.2f} s (target <= 10 s)")
        parsed = SOURCE_READS.labels(kind="feed", outcome="parsed")._value.get()
        asked = len(server.requests)
        sources.states[0].due = 0
        started = time.perf_counter()
        sources.refresh()
        again = sync_index(store, catalog)
        print(
            f"unchanged feed: {len(server.requests) - asked} request(s), answered "
            f"{server.requests[-1].status}; feeds parsed "
            f"{SOURCE_READS.labels(kind='feed', outcome='parsed')._value.get() - parsed:.0f}; "
            f"posts parsed {again.parsed}; {time.perf_counter() - started:.3f} s"
        )
        store.close()


if __name__ == "__main__":
    main()
