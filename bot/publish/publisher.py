"""One scan-and-publish pass over the posts of every source: `Publisher.run_once(now)`.

Posts come from the catalog (bot/catalog.py), which names each post and gives its URL.
First run (no baseline in the ledger): publishable posts are recorded as `seen` and never
posted; drafts and scheduled posts are recorded as such and go out when they become
publishable. The same holds for each source of MEETUP_SOURCES on its first read (a feed's, a
repository's or a folder's added to a running bot), and, once, for posts whose suffix the
publisher did not read before the catalog (`.mdown`, `.mkd`) when a ledger written before it
is first scanned: they were on the blog already. `backfill=N` posts the newest N publishable
posts on purpose.
Recording a scan lives in bot/publish/records.py; one channel's sync and its pending reason
in bot/publish/target_sync.py.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import words
from bot.catalog import Catalog, PostFile
from bot.model import Post
from bot.observability import PUBLISH_BACKLOG, SCAN_SECONDS
from bot.publish.fanout import Target
from bot.publish.ledger import DELETED, Ledger
from bot.publish.plan import ANNOUNCEMENT, plan_parts
from bot.publish.poster import Poster, SlackStopped
from bot.publish.records import backfill_posts, record_file
from bot.publish.scan import changed_files
from bot.publish.sync import PostSync, owner_id
from bot.publish.target_sync import run_target
from formatters import FormatOptions, render_post
from formatters.options import DEFAULT_OPTIONS

log = logging.getLogger("bot.publish")
LATE_BASELINE = "baseline:late_suffixes"
"""The ledger's mark that the posts of LATE_SUFFIXES were recorded (bot/catalog.py)."""
SOURCE_BASELINE = "baseline:source:"
"""With a source's prefix: the ledger's mark that its first read was recorded (bot/sources)."""


@dataclass
class PublishConfig:
    channel: str
    layout: str = "thread"
    language: str | None = None
    claim_ttl: float = 120.0
    max_talk_messages: int = DEFAULT_OPTIONS.max_talk_messages
    """MEETUP_MAX_TALK_MESSAGES: past it, the last message lists the rest of the talks."""


@dataclass
class ScanReport:
    read: int = 0
    published: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    stopped: str = ""


class Publisher:
    def __init__(
        self,
        ledger: Ledger,
        poster: Poster,
        config: PublishConfig,
        catalog: Catalog,
        clock: Callable[[], float] = time.time,
        targets: Callable[[], list[Target]] | None = None,
        stop: threading.Event | None = None,
    ) -> None:
        self.ledger, self.poster, self.config = ledger, poster, config
        self.stop = stop or threading.Event()  # set (SIGTERM): stop between two messages
        self.targets = targets or self.default_targets
        self.catalog, self.clock = catalog, clock
        self.owner = owner_id()
        self.last_stop = ""

    def default_targets(self) -> list[Target]:
        """Without subscriptions: MEETUP_CHANNEL alone."""
        return [Target("", self.config.channel, self.poster)] if self.config.channel else []

    def run_once(self, now: float | None = None, backfill: int = 0) -> ScanReport:
        """Scan, record, publish; `now` (POSIX seconds) decides what is due."""
        started, now = time.perf_counter(), self.clock() if now is None else now
        report = ScanReport()
        # baseline first: another replica records every post before it marks the baseline
        baseline = self.ledger.baseline_done()
        late_baseline = self.ledger.baseline_done(LATE_BASELINE)
        sources = self._source_baselines()
        known = self.ledger.posts()
        files, gone = changed_files(self.catalog.files(), known, now, self.catalog.unread)
        for post_id in gone:
            log.info(words.said("publish.post_deleted", post=post_id), extra={"post": post_id})
            self.ledger.put_post(replace(known[post_id], state=DELETED, pending=False))
        todo = []
        for item in files:
            first = not sources.get(item.source)  # its source's first read
            settled = baseline and (late_baseline or not item.late) and not first
            record = known.get(item.post_id)
            found = record_file(self.ledger, item, record, now, settled, report, self.catalog)
            todo += [found] if found else []
        if not baseline:
            self.ledger.mark_baseline_done()
        if not late_baseline:
            self.ledger.mark_baseline_done(LATE_BASELINE)
        for prefix, done in sources.items():
            if done is False:  # read now for the first time: its posts were recorded as seen
                self.ledger.mark_baseline_done(SOURCE_BASELINE + prefix)
        todo += backfill_posts(self.ledger, backfill, todo, self.catalog)
        try:
            for item, post in todo:
                self._publish(item, post, report)
            self.last_stop = ""
        except SlackStopped as error:
            report.stopped = words.said("publish.slack_stopped", fix=error.fix, error=error.error)
            if report.stopped != self.last_stop:
                log.error(report.stopped, extra={"error": error.error})
            self.last_stop = report.stopped
        PUBLISH_BACKLOG.set(sum(1 for r in self.ledger.posts().values() if r.pending))
        SCAN_SECONDS.labels(kind="publish").observe(time.perf_counter() - started)
        return report

    def _source_baselines(self) -> dict[str, bool | None]:
        """For each source, by prefix: whether its first read was recorded (True), not yet
        but its folder is there to be read now (False), or it is not there yet (None). The
        posts folder of old has the ledger's own baseline."""
        out: dict[str, bool | None] = {}
        for shelf in self.catalog.shelves:
            if not shelf.prefix:
                out[""] = True
            elif self.ledger.baseline_done(SOURCE_BASELINE + shelf.prefix):
                out[shelf.prefix] = True
            else:
                out[shelf.prefix] = False if shelf.ready() else None
        return out

    def _publish(self, item: PostFile, post: Post, report: ScanReport) -> None:
        record = self.ledger.get_post(item.post_id)
        assert record is not None
        layout = record.layout or self.config.layout
        language = self.config.language or post.language
        options = FormatOptions(
            language=language,
            post_url=self.catalog.url(post, item.path),
            max_talk_messages=self.config.max_talk_messages,
        )
        messages = render_post(post, options)
        if not post.talks_posted:
            held = words.said("publish.talks_held", post=item.post_id, confidence=post.confidence)
            log.warning(held, extra={"post": item.post_id, "confidence": post.confidence})
        targets = self._enroll(item.post_id, fresh=record.layout is None)
        if record.layout is None:
            self.ledger.put_post(replace(record, layout=layout))
        reasons, error = [], False
        for target in targets:
            try:
                reason, failed = self._sync(
                    target, item.post_id, post, messages, layout, language, record.reason
                )
            except SlackStopped as stop:
                fix = words.said("publish.slack_stopped", fix=stop.fix, error=stop.error)
                self.ledger.set_pending(item.post_id, True, fix, error=True)
                report.pending.append(item.post_id)
                raise
            reasons += [reason] if reason else []
            error = error or failed
        reason = "; ".join(reasons)
        self.ledger.set_pending(item.post_id, bool(reason), reason, error)
        (report.pending if reason else report.published).append(item.post_id)

    def _enroll(self, post_id: str, fresh: bool) -> list[Target]:
        """The post's targets: every current one for a post going out for the first time
        (recorded at once, before any send); else those it was sent to that are still there."""
        current = self.targets()
        if not fresh:
            enrolled = set(self.ledger.targets(post_id))
            return [t for t in current if t.key in enrolled]
        for target in current:
            self.ledger.add_part(post_id, ANNOUNCEMENT, 0, "", target=target.key)
        return current

    def _sync(
        self,
        target: Target,
        post_id: str,
        post: Post,
        messages: list[dict[str, Any]],
        layout: str,
        language: str,
        last_reason: str,
    ) -> tuple[str, bool]:
        """Bring one channel's copy in line: (why still pending or '', whether by an error)."""
        parts = plan_parts(post, messages, self.ledger.parts(post_id, target=target.key), language)
        sync = PostSync(
            self.ledger,
            target.poster,
            post_id,
            target.channel,
            layout,
            self.owner,
            self.clock,
            self.config.claim_ttl,
            target.key,
            self.stop,
        )
        return run_target(sync, parts, target, post_id, last_reason)
