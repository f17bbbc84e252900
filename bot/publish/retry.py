"""Retry, backoff and Slack-error classification for every Slack call the poster makes.

- 429: wait Retry-After, then retry (does not use up an attempt, up to `max_rate_waits`).
- 5xx, timeouts, dropped connections: exponential backoff with full jitter, up to
  `max_attempts`; a post whose fate is unknown is looked for in the channel before it is sent
  again (`recover`), since chat.postMessage has no idempotency key.
- invalid_auth, channel_not_found, not_in_channel, is_archived...: `SlackStopped` at once.
- any other Slack error: `PartFailed`.
"""

from __future__ import annotations

import http.client
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError

import words

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
        self.fix = words.said(f"slack_fix.{error}", channel=channel)


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


def call_with_retry(
    policy: RetryPolicy,
    sleep: Sleep,
    send: Callable[[], Any],
    channel: str,
    recover: Callable[[], str | None] | None,
) -> tuple[dict[str, Any], int, str | None]:
    """(response data, attempts, ts `recover` found instead of sending again or None)."""
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
            wait, error_name = _slack_error(policy, error, channel, attempt, rate_waits)
            rate_waits += wait is not None and error_name == "ratelimited"
            unsure = error_name != "ratelimited"
            if error_name == "ratelimited":
                attempt -= 1
        except (OSError, http.client.HTTPException) as error:
            wait, error_name, unsure = None, type(error).__name__, True
        if wait is None:
            if attempt >= policy.max_attempts:
                raise PartFailed(error_name, attempt, transient=True)
            wait = policy.backoff(attempt)
        sleep(wait)


def _slack_error(
    policy: RetryPolicy, error: SlackApiError, channel: str, attempt: int, rate_waits: int
) -> tuple[float | None, str]:
    response = error.response
    status = response.status_code
    name = str(response.get("error", "") if isinstance(response.data, dict) else "")
    if status == 429 or name == "ratelimited":
        if rate_waits >= policy.max_rate_waits:
            raise PartFailed("ratelimited", attempt, transient=True)
        return _retry_after(response.headers), "ratelimited"
    if name and words.has(f"slack_fix.{name}"):
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
