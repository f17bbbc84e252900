"""Which post files need a look, and whether a post is publishable at an injected `now`.

`changed_files` compares each post file of the catalog (bot/catalog.py: stat'ed, never read)
with the ledger by (mtime_ns, size): an unchanged file whose post needs nothing (`_settled`) is
skipped without being read, so a scan of 10,000 unchanged posts costs 10,000 stats and one
query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time

from bot.catalog import PostFile
from bot.model import Post
from bot.publish.ledger import ACTIVE, DELETED, DRAFT, INVALID, SCHEDULED, SEEN, PostRecord


def changed_files(
    files: Iterable[PostFile],
    known: dict[str, PostRecord],
    now: float,
    unread: Callable[[str], bool] = lambda post_id: False,
) -> tuple[list[PostFile], list[str]]:
    """(files to read, post ids whose file is gone). Unchanged settled files are skipped; a
    post whose source is `unread` now (its folder not there) is not taken as gone."""
    found: list[PostFile] = []
    seen: set[str] = set()
    for item in files:
        seen.add(item.post_id)
        record = known.get(item.post_id)
        if (
            record is None
            or record.state == DELETED
            or (record.mtime_ns, record.size) != (item.mtime_ns, item.size)
            or not _settled(record, now)
        ):
            found.append(item)
    gone = [
        pid
        for pid, rec in known.items()
        if pid not in seen and rec.state != DELETED and not unread(pid)
    ]
    return found, gone


def _settled(record: PostRecord, now: float) -> bool:
    """True when an unchanged file's post needs nothing at `now`."""
    if record.state in (SEEN, DRAFT, INVALID):
        return True
    if record.state == SCHEDULED:
        return record.due_at is not None and record.due_at > now
    return record.state == ACTIVE and not record.pending


def due_time(post: Post) -> float | None:
    """The POSIX time the post's date stands for; naive dates and times are local time."""
    value = post.date
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value if isinstance(value, date) else date.today(), time())
    if value.tzinfo is None:
        value = value.astimezone()  # local time zone, as Jekyll and Hugo read it by default
    return value.timestamp()


def classify(post: Post, now: float) -> tuple[str, float | None]:
    """(`draft` | `scheduled` | `active`, due time): drafts and `published: false` are drafts;
    a date after `now` is scheduled; anything else is publishable now."""
    if post.draft or post.extra.get("published") is False:
        return DRAFT, None
    due = due_time(post)
    if due is not None and due > now:
        return SCHEDULED, due
    return ACTIVE, due


def utc_iso(moment: float | None) -> str:
    return "" if moment is None else datetime.fromtimestamp(moment, UTC).isoformat()
