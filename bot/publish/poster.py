"""Slack calls for publishing: post / update one part, and read parts back by their metadata.

- 429: wait Retry-After, then retry (does not use up an attempt, up to `max_rate_waits`).
- 5xx, timeouts, dropped connections: exponential backoff with full jitter, up to
  `max_attempts`; a post whose fate is unknown is looked for in the channel before it is sent
  again (`recover`), since chat.postMessage has no idempotency key.
- invalid_auth, channel_not_found, not_in_channel, is_archived...: `SlackStopped` at once.
- any other Slack error: `PartFailed`.
The WebClient is built with no retry handlers: every retry goes through here.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import SLACK_FIXES

EVENT_TYPE = "meetup_bot_part"
Clock = Callable[[], float]
Sleep = Callable[[float], None]
Reserve = Callable[[str, float], float]
"""(channel, interval) -> seconds to wait before sending: a send slot shared by every process
on the database (Ledger.reserve_send), so replicas together keep to the interval too."""


class SlackStopped(Exception):
    """A Slack error no retry can fix (token, channel): stop publishing until it is fixed."""

    def __init__(self, error: str, channel: str) -> None:
        super().__init__(error)
        self.error = error
        self.fix = SLACK_FIXES[error].format(channel=channel)


class PartFailed(Exception):
    """This message cannot be sent now: Slack refused it, or stayed unreachable."""

    def __init__(self, error: str, attempts: int, transient: bool) -> None:
        super().__init__(error)
        self.error, self.attempts, self.transient = error, attempts, transient


@dataclass
class RetryPolicy:
    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_rate_waits: int = 10
    rate_interval: float = 1.0
    """Seconds between two messages to one channel (Slack allows about 1 per second)."""
    jitter: Callable[[float], float] = field(default=lambda top: random.uniform(0, top))

    def backoff(self, attempt: int) -> float:
        return self.jitter(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class Found:
    ts: str
    content_hash: str


class RateLimiter:
    """At most one message per `interval` seconds per channel: across processes with
    `reserve`, else in this process."""

    def __init__(
        self, interval: float, clock: Clock, sleep: Sleep, reserve: Reserve | None = None
    ) -> None:
        self.interval, self.clock, self.sleep, self.reserve = interval, clock, sleep, reserve
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        if self.interval <= 0:
            return
        if self.reserve is not None:
            delay = self.reserve(channel, self.interval)
        else:
            with self._lock:
                now = self.clock()
                start = max(now, self._next.get(channel, now))
                self._next[channel] = start + self.interval
            delay = start - now
        if delay > 0:
            self.sleep(delay)


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
        attempt, rate_waits, unsure = 0, 0, False
        while True:
            if unsure and recover is not None:
                found = recover()
                if found is not None:
                    return {}, attempt, found
            attempt += 1
            try:
                return send(), attempt, None
            except SlackApiError as error:
                wait, error_name = self._slack_error(error, channel, attempt, rate_waits)
                rate_waits += wait is not None and error_name == "ratelimited"
                unsure = error_name != "ratelimited"
                if error_name == "ratelimited":
                    attempt -= 1
            except (OSError, http.client.HTTPException) as error:
                wait, error_name, unsure = None, type(error).__name__, True
            if wait is None:
                if attempt >= self.policy.max_attempts:
                    raise PartFailed(error_name, attempt, transient=True)
                wait = self.policy.backoff(attempt)
            self.sleep(wait)

    def _slack_error(
        self, error: SlackApiError, channel: str, attempt: int, rate_waits: int
    ) -> tuple[float | None, str]:
        response = error.response
        status = response.status_code
        name = str(response.get("error", "") if isinstance(response.data, dict) else "")
        if status == 429 or name == "ratelimited":
            if rate_waits >= self.policy.max_rate_waits:
                raise PartFailed("ratelimited", attempt, transient=True)
            return _retry_after(response.headers), "ratelimited"
        if name in SLACK_FIXES:
            raise SlackStopped(name, channel)
        if status >= 500 or name.startswith("Received a response"):
            return None, f"http_{status}"
        raise PartFailed(name or f"http_{status}", attempt, transient=False)


def _retry_after(headers: Any) -> float:
    value = None
    for key in ("Retry-After", "retry-after"):
        value = value or (headers or {}).get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except ValueError:
        return 1.0


def _metadata(payload: dict[str, Any]) -> dict[str, Any]:
    return {"event_type": EVENT_TYPE, "event_payload": payload}


def _our_payload(item: dict[str, Any], post_id: str) -> dict[str, Any] | None:
    meta = item.get("metadata") or {}
    payload = meta.get("event_payload") or {}
    if meta.get("event_type") != EVENT_TYPE or payload.get("post_id") != post_id:
        return None
    return payload if "part" in payload else None
