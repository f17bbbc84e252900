"""One channel's copy of a post brought in line, and its outcome turned into a pending
reason: `run_target` maps each way a `PostSync` can stop to (reason, by an error)."""

from __future__ import annotations

import logging

import words
from bot.observability import MESSAGES_FAILED
from bot.publish.fanout import Target
from bot.publish.plan import Part
from bot.publish.poster import PartFailed, SlackStopped
from bot.publish.sync import Busy, PostSync, Stopping

log = logging.getLogger("bot.publish")


def run_target(
    sync: PostSync, parts: list[Part], target: Target, post_id: str, last_reason: str
) -> tuple[str, bool]:
    """Run `sync`: (why still pending or '', whether by an error). A subscribed channel's
    Slack trouble keeps only that copy pending; MEETUP_CHANNEL's SlackStopped is raised."""
    try:
        return sync.run(parts), False
    except Stopping:
        return words.said("publish.stopped"), False
    except Busy:
        return "being posted by another process", False
    except PartFailed as failure:
        return _failed(failure, target, post_id, last_reason), True
    except SlackStopped as stop:
        if not target.key:
            raise
        return _stopped(stop, target, post_id, last_reason), False


def _failed(failure: PartFailed, target: Target, post_id: str, last_reason: str) -> str:
    MESSAGES_FAILED.inc()
    key = "publish.gave_up" if failure.transient else "publish.part_failed"
    said = words.said(key, post=post_id, part="", error=failure.error, attempts=failure.attempts)
    reason = said.replace("  ", " ")
    if target.key:
        reason = f"{reason} ({target.channel})"
    if reason not in last_reason:
        log.error(reason, extra={"post": post_id, "error": failure.error})
    return reason


def _stopped(stop: SlackStopped, target: Target, post_id: str, last_reason: str) -> str:
    reason = words.said(
        "subscription.stopped", channel=target.channel, team=target.team_id, error=stop.error
    )
    if reason not in last_reason:
        log.warning(reason, extra={"post": post_id, "error": stop.error})
    return reason
