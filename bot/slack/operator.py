"""What the admins' part of the App Home shows: the state of each source and the posts held
back, from what `meetup-bot serve` already reports (GET /healthz: `ServeState.health()`) and
what the publisher's ledger says of each post (bot/publish/status.py). No new bookkeeping.

The index sync over MEETUP_POSTS is one source (`folder`); when /healthz lists `sources`
(MEETUP_SOURCES), each of them is one too.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from bot.model import HeldPost, OperatorStatus, SourceStatus
from bot.publish.status import publication_status
from bot.slack.service import ServeState

log = logging.getLogger("bot.slack")

HELD_STATES = ("pending", "scheduled", "invalid")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _sources(health: dict[str, Any], state: ServeState) -> tuple[SourceStatus, ...]:
    listed = health.get("sources")
    if isinstance(listed, list) and listed:
        return tuple(
            SourceStatus(
                _text(item.get("source")),
                _text(item.get("kind")),
                _text(item.get("last_read")) or None,
                _text(item.get("last_error")),
                int(item.get("failures") or 0),
            )
            for item in listed
            if isinstance(item, dict)
        )
    error = _text(health.get("last_sync_error"))
    last = _text(health.get("last_sync")) or None
    return (SourceStatus(str(state.catalog.folder), "folder", last, error, 1 if error else 0),)


def _held(state: ServeState) -> tuple[HeldPost, ...]:
    if state.publisher is None:
        return ()
    try:
        statuses = publication_status(state.publisher.ledger, time.time())
    except Exception as error:  # the ledger's database is down: /healthz says so already
        log.warning("App Home: the ledger is unreadable: %s", type(error).__name__)
        return ()
    return tuple(
        HeldPost(s.post_id, s.title, s.state, s.reason) for s in statuses if s.state in HELD_STATES
    )


def operator_status(state: ServeState) -> OperatorStatus:
    """The sources and held posts of this process, as /healthz and the ledger know them."""
    health = state.health()
    reason = _text(health.get("reason")) if health.get("status") == "degraded" else ""
    return OperatorStatus(reason, _sources(health, state), _held(state))
