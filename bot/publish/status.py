"""Where each post stands, for the preview page and /healthz.

publication_status(ledger, now) -> [PublicationStatus, ...]
health_reason(ledger) -> None (healthy) or one line: why posts are pending because of errors
"""

from __future__ import annotations

from dataclasses import dataclass

import words
from bot.publish.ledger import ACTIVE, DELETED, DRAFT, INVALID, SCHEDULED, SEEN, Ledger, PostRecord
from bot.publish.plan import ANNOUNCEMENT


@dataclass(frozen=True)
class PublicationStatus:
    post_id: str
    state: str
    """`published`, `pending`, `draft`, `scheduled`, `existing` (there before the first run,
    never posted), `invalid` (cannot be parsed) or `deleted`."""
    title: str = ""
    date: str = ""
    """The post's date (ISO 8601, UTC); for `scheduled`, when it goes out."""
    channel: str | None = None
    ts: str | None = None
    permalink: str | None = None
    reason: str = ""
    """For `pending`: why."""


def publication_status(ledger: Ledger, now: float) -> list[PublicationStatus]:
    """Every post the ledger knows, newest first."""
    records = sorted(ledger.posts().values(), key=lambda r: r.date, reverse=True)
    return [_status(ledger, record, now) for record in records]


def status_of(ledger: Ledger, post_id: str, now: float) -> PublicationStatus | None:
    record = ledger.get_post(post_id)
    return None if record is None else _status(ledger, record, now)


def _status(ledger: Ledger, record: PostRecord, now: float) -> PublicationStatus:
    base = PublicationStatus(record.post_id, record.state, record.title, record.date)
    if record.state == SCHEDULED:
        due = record.due_at is not None and record.due_at <= now
        return _replace(base, "pending" if due else "scheduled", "due: next scan")
    if record.state in (DRAFT, INVALID, DELETED):
        return base
    if record.state == SEEN:
        return _replace(base, "existing")
    targets = ledger.targets(record.post_id)  # MEETUP_CHANNEL's copy ("") first, if any
    parts = ledger.parts(record.post_id, target=targets[0]) if targets else []
    announcement = next((p for p in parts if p.part == ANNOUNCEMENT), None)
    if record.state == ACTIVE and not record.pending and announcement and announcement.ts:
        return PublicationStatus(
            record.post_id,
            "published",
            record.title,
            record.date,
            announcement.channel,
            announcement.ts,
            record.permalink,
        )
    return _replace(base, "pending", record.reason or "waiting for the next scan")


def _replace(status: PublicationStatus, state: str, reason: str = "") -> PublicationStatus:
    return PublicationStatus(status.post_id, state, status.title, status.date, reason=reason)


def health_reason(ledger: Ledger) -> str | None:
    """None when publishing is healthy; else one line for /healthz `degraded`."""
    failing = [r for r in ledger.posts().values() if r.pending and r.error]
    if not failing:
        return None
    return words.said("publish.pending_degraded", count=len(failing), reason=failing[0].reason)
