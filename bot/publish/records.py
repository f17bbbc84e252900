"""Recording a scan in the ledger: each changed file's new state, and the posts chosen for a
backfill. Used by `Publisher.run_once` (bot/publish/publisher.py)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import words
from bot.catalog import Catalog, PostFile
from bot.errors import MeetupBotError
from bot.model import Post
from bot.postfiles import first_failure
from bot.publish.ledger import ACTIVE, INVALID, SEEN, Ledger, PostRecord
from bot.publish.scan import classify, utc_iso

if TYPE_CHECKING:
    from bot.publish.publisher import ScanReport

log = logging.getLogger("bot.publish")
Todo = tuple[PostFile, Post]


def record_file(
    ledger: Ledger,
    item: PostFile,
    record: PostRecord | None,
    now: float,
    baseline: bool,
    report: ScanReport,
    catalog: Catalog,
) -> Todo | None:
    """Record the file's new state; (file, post) when it is to be published now."""
    report.read += 1
    base = PostRecord(item.post_id, item.path.as_posix(), item.mtime_ns, item.size, INVALID)
    try:
        post = catalog.read(item.path)
    except (MeetupBotError, ValueError) as error:
        if first_failure(item.path, item.mtime_ns, item.size):  # once per file version
            line = words.said("publish.post_unreadable", path=item.path, reason=error)
            log.warning(line, extra={"post": item.post_id})
        if record is None or record.state != ACTIVE:
            ledger.put_post(base)
        return None
    state, due = classify(post, now)
    base = replace(base, state=state, due_at=due, title=post.title, date=utc_iso(due))
    if record is not None and record.state in (ACTIVE, SEEN):
        edited = record.state == ACTIVE and state == ACTIVE
        if record.state == ACTIVE and state != ACTIVE:
            log.info(
                words.said("publish.now_draft", post=item.post_id), extra={"post": item.post_id}
            )
        if edited and not record.pending:  # before the new fingerprint: a crash in between
            ledger.set_pending(
                item.post_id, True, words.said("publish.edited")
            )  # leaves it to the next scan
        ledger.update_file(item.post_id, item.mtime_ns, item.size, post.title, base.date)
        return (item, post) if edited else None
    if state == ACTIVE and not baseline:
        state = SEEN
    fresh = replace(base, state=state, pending=state == ACTIVE)
    stored = store_new_state(ledger, fresh, record)
    return (item, post) if state == ACTIVE and stored.state == ACTIVE else None


def store_new_state(ledger: Ledger, fresh: PostRecord, seen: PostRecord | None) -> PostRecord:
    """Write `fresh` unless another replica changed the record since `seen` was read; then
    theirs stands (their layout, their pending state) and is returned."""
    if seen is None:
        written = ledger.put_post_if_absent(fresh)
    else:
        written = ledger.put_post_if_state(fresh, seen.state)
    return fresh if written else (ledger.get_post(fresh.post_id) or fresh)


def backfill_posts(ledger: Ledger, count: int, todo: list[Todo], catalog: Catalog) -> list[Todo]:
    """The newest `count` seen or active posts not already in `todo`, marked to go out."""
    if count <= 0:
        return []
    records = [r for r in ledger.posts().values() if r.state in (SEEN, ACTIVE)]
    newest = sorted(records, key=lambda r: r.date, reverse=True)[:count]
    queued = {item.post_id for item, _ in todo}
    chosen = []
    for record in sorted(newest, key=lambda r: r.date):
        if record.post_id in queued:
            continue
        path = Path(record.file_key)
        try:
            post = catalog.read(path)
        except (MeetupBotError, ValueError) as error:
            if first_failure(path, record.mtime_ns, record.size):
                line = words.said("publish.post_unreadable", path=path, reason=error)
                log.warning(line, extra={"post": record.post_id})
            continue
        ledger.put_post(replace(record, state=ACTIVE, pending=True))
        chosen.append((PostFile(record.post_id, path, record.mtime_ns, record.size), post))
    return chosen
