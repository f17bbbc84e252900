"""A bot reading MEETUP_SOURCES in-process for the sources' tests: the real settings, sources,
catalog, publisher (against the local Slack Web API server) and SQLite ledger and index. The
clock is injected: `advance(seconds)` moves it, nothing sleeps."""

from __future__ import annotations

from pathlib import Path

from bot.catalog import Catalog
from bot.indexer import SyncReport, sync_index
from bot.publish.ledger import PostRecord, open_ledger
from bot.publish.poster import Poster, RetryPolicy, make_client
from bot.publish.publisher import PublishConfig, Publisher, ScanReport
from bot.settings import Settings, load_settings
from bot.sources.refresh import Sources
from bot.store import open_store
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer

START = 1_800_000_000.0


class SourceBot:
    def __init__(self, tmp: Path, slack: PublishSlackServer, **env: str) -> None:
        self.tmp, self.slack, self.now = tmp, slack, START
        self.db = f"sqlite:///{tmp / 'meetup.db'}"
        base = {"MEETUP_DATA_DIR": str(tmp / "data"), "MEETUP_SOURCE_TIMEOUT": "5"}
        self.settings: Settings = load_settings(base | env)
        self.restart()

    def restart(self) -> None:
        """A new process: new sources (their backoff forgotten), catalog and publisher."""
        self.sources = Sources.from_settings(self.settings, clock=lambda: self.now)
        self.catalog = Catalog.from_settings(self.settings)
        policy = RetryPolicy(base_delay=0.01, rate_interval=0, jitter=lambda top: top)
        poster = Poster(
            make_client(TOKEN, self.slack.api_url, timeout=5), policy, sleep=lambda s: None
        )
        ledger = open_ledger(self.db)
        self.publisher = Publisher(ledger, poster, PublishConfig(CHANNEL), self.catalog)

    def advance(self, seconds: float) -> None:
        self.now += seconds

    def scan(self, force: bool = False) -> ScanReport:
        """Read the due sources, then one publishing scan."""
        self.sources.refresh(force)
        return self.publisher.run_once(self.now)

    def index(self) -> SyncReport:
        store = open_store(f"sqlite:///{self.tmp / 'index.db'}")
        try:
            return sync_index(store, self.catalog)
        finally:
            store.close()

    def record(self, post_id: str) -> PostRecord | None:
        return self.publisher.ledger.get_post(post_id)

    def announced(self) -> list[str]:
        """The post ids announced in the channel, once per announcement message."""
        return [
            post
            for (post, part), n in self.slack.parts().items()
            if part == "announcement"
            for _ in range(n)
        ]

    def post_ids(self) -> list[str]:
        return [item.post_id for item in self.catalog.files()]
