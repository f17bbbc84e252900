"""DRY mode (no SLACK_BOT_TOKEN): each message that would be posted or updated is printed as
one JSON line on stdout; nothing reaches Slack and the real ledger is never written."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable
from typing import IO, Any

from bot.publish.poster import EVENT_TYPE, Found, Poster

UNSET_CHANNEL = "(MEETUP_CHANNEL)"


class DryPoster(Poster):
    dry = True

    def __init__(self, out: IO[str] | None = None) -> None:
        self.out = out or sys.stdout
        self._ts = itertools.count(1)

    def post(
        self,
        channel: str,
        message: dict[str, Any],
        metadata: dict[str, Any],
        thread_ts: str | None,
        recover: Callable[[], str | None],
        guard: Callable[[], None],
    ) -> tuple[str, str, int]:
        ts = f"dry.{next(self._ts):06d}"
        self._print("post", channel, message, metadata, thread_ts=thread_ts, ts=ts)
        return channel, ts, 1

    def update(
        self,
        channel: str,
        ts: str,
        message: dict[str, Any],
        metadata: dict[str, Any],
        guard: Callable[[], None],
    ) -> int:
        self._print("update", channel, message, metadata, ts=ts)
        return 1

    def find_parts(
        self, channel: str, post_id: str, thread_ts: str | None, max_pages: int = 10
    ) -> dict[str, Found]:
        return {}

    def permalink(self, channel: str, ts: str) -> str | None:
        return None

    def _print(
        self,
        action: str,
        channel: str,
        message: dict[str, Any],
        metadata: dict[str, Any],
        **extra: Any,
    ) -> None:
        line = {
            "dry_run": True,
            "action": action,
            "channel": channel,
            **extra,
            **message,
            "metadata": {"event_type": EVENT_TYPE, "event_payload": metadata},
        }
        self.out.write(json.dumps(line, ensure_ascii=False) + "\n")
        self.out.flush()
