"""Slack calls for publishing: post / update one part, and read parts back by their metadata.

Retries, backoff and Slack-error classification live in bot/publish/retry.py (re-exported
here). The WebClient is built with no retry handlers: every retry goes through there.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.publish.retry import (
    Clock,
    PartFailed,
    RateLimiter,
    Reserve,
    RetryPolicy,
    SlackStopped,
    Sleep,
    call_with_retry,
)

__all__ = [
    "EVENT_TYPE",
    "Clock",
    "Found",
    "PartFailed",
    "Poster",
    "RateLimiter",
    "Reserve",
    "RetryPolicy",
    "SlackStopped",
    "Sleep",
    "make_client",
]

EVENT_TYPE = "meetup_bot_part"


@dataclass(frozen=True)
class Found:
    ts: str
    content_hash: str


def make_client(token: str, base_url: str, timeout: int = 10) -> WebClient:
    return WebClient(token=token, base_url=base_url, timeout=timeout, retry_handlers=[])


class Poster:
    dry = False
    """True for the DRY poster: nothing is logged or counted as posted."""

    def __init__(
        self,
        client: WebClient,
        policy: RetryPolicy | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        reserve: Reserve | None = None,
    ) -> None:
        self.client, self.policy = client, policy or RetryPolicy()
        self.sleep = sleep
        self.limiter = RateLimiter(self.policy.rate_interval, clock, sleep, reserve)

    def post(
        self,
        channel: str,
        message: dict[str, Any],
        metadata: dict[str, Any],
        thread_ts: str | None,
        recover: Callable[[], str | None],
        guard: Callable[[], None],
    ) -> tuple[str, str, int]:
        """(channel id, ts, attempts) of the new message, or of the one `recover` found.
        `guard` runs before every send (it renews the claim, or raises to stop)."""
        kwargs = {**message, "channel": channel, "metadata": _metadata(metadata)}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts

        def send() -> dict[str, Any]:
            self.limiter.wait(channel)
            guard()
            return self.client.chat_postMessage(**kwargs).data  # type: ignore[return-value]

        data, attempts, recovered = self._call(send, channel, recover)
        if recovered is not None:
            return channel, recovered, attempts
        return str(data.get("channel") or channel), str(data["ts"]), attempts

    def update(
        self,
        channel: str,
        ts: str,
        message: dict[str, Any],
        metadata: dict[str, Any],
        guard: Callable[[], None],
    ) -> int:
        """Replace the message's text, blocks and metadata; the number of attempts."""
        kwargs = {**message, "channel": channel, "ts": ts, "metadata": _metadata(metadata)}

        def send() -> dict[str, Any]:
            self.limiter.wait(channel)
            guard()
            return self.client.chat_update(**kwargs).data  # type: ignore[return-value]

        return self._call(send, channel, None)[1]

    def find_parts(
        self, channel: str, post_id: str, thread_ts: str | None, max_pages: int = 10
    ) -> dict[str, Found]:
        """Parts of `post_id` already in the channel (thread_ts: in that thread), by metadata."""
        found: dict[str, Found] = {}
        cursor: str | None = None
        for _ in range(max_pages):
            args: dict[str, Any] = {
                "channel": channel,
                "include_all_metadata": True,
                "limit": 200,
                "cursor": cursor,
            }
            call: Callable[..., Any] = self.client.conversations_history
            if thread_ts:
                call, args["ts"] = self.client.conversations_replies, thread_ts

            def read(c: Callable[..., Any] = call, a: dict[str, Any] = args) -> Any:
                return c(**a).data

            data = self._call(read, channel, None)[0]
            for item in data.get("messages") or []:
                payload = _our_payload(item, post_id)
                if payload is not None:
                    found.setdefault(
                        str(payload["part"]), Found(str(item["ts"]), str(payload.get("hash", "")))
                    )
            cursor = (data.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                break
        return found

    def permalink(self, channel: str, ts: str) -> str | None:
        try:
            data = self.client.chat_getPermalink(channel=channel, message_ts=ts).data
        except (SlackApiError, OSError, http.client.HTTPException):
            return None
        return str(data.get("permalink")) if isinstance(data, dict) else None

    def _call(
        self,
        send: Callable[[], Any],
        channel: str,
        recover: Callable[[], str | None] | None,
    ) -> tuple[dict[str, Any], int, str | None]:
        return call_with_retry(self.policy, self.sleep, send, channel, recover)


def _metadata(payload: dict[str, Any]) -> dict[str, Any]:
    return {"event_type": EVENT_TYPE, "event_payload": payload}


def _our_payload(item: dict[str, Any], post_id: str) -> dict[str, Any] | None:
    meta = item.get("metadata") or {}
    payload = meta.get("event_payload") or {}
    if meta.get("event_type") != EVENT_TYPE or payload.get("post_id") != post_id:
        return None
    return payload if "part" in payload else None
