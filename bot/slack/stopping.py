"""Stop publishing between two messages when `serve` shuts down (SIGTERM).

`stop_between_messages(publisher, event)` wraps every poster the publisher uses: once `event`
is set, the next send (post or update, first try or retry) raises `Stopping` instead. The
message already on the wire is finished and recorded first. `Stopping` is a `Busy` (the
publisher's "another process holds this part"), so the scan ends quietly with the post left
pending, and the next run (this process's successor) picks it up exactly where it stopped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot.publish.fanout import Target
from bot.publish.poster import Found, Poster
from bot.publish.publisher import Publisher
from bot.publish.sync import Busy


class Stopping(Busy):
    """The process is shutting down: no new message is sent."""


class StoppablePoster(Poster):
    """A Poster that refuses to start a send once `stop` is set; everything else delegated."""

    def __init__(self, inner: Poster, stop: threading.Event) -> None:
        self.inner, self.stop = inner, stop
        self.dry = inner.dry

    def check(self) -> None:
        if self.stop.is_set():
            raise Stopping("shutting down")

    def _guard(self, guard: Callable[[], None]) -> Callable[[], None]:
        def checked() -> None:
            self.check()
            guard()

        return checked

    def post(
        self,
        channel: str,
        message: dict[str, Any],
        metadata: dict[str, Any],
        thread_ts: str | None,
        recover: Callable[[], str | None],
        guard: Callable[[], None],
    ) -> tuple[str, str, int]:
        self.check()
        return self.inner.post(channel, message, metadata, thread_ts, recover, self._guard(guard))

    def update(
        self,
        channel: str,
        ts: str,
        message: dict[str, Any],
        metadata: dict[str, Any],
        guard: Callable[[], None],
    ) -> int:
        self.check()
        return self.inner.update(channel, ts, message, metadata, self._guard(guard))

    def find_parts(
        self, channel: str, post_id: str, thread_ts: str | None, max_pages: int = 10
    ) -> dict[str, Found]:
        return self.inner.find_parts(channel, post_id, thread_ts, max_pages)

    def permalink(self, channel: str, ts: str) -> str | None:
        return self.inner.permalink(channel, ts)


def stop_between_messages(publisher: Publisher, stop: threading.Event) -> None:
    """Make `publisher` stop between messages once `stop` is set (see the module doc). The
    wrappers hold no state (rate limits stay in the wrapped posters), so one per call is fine."""
    targets = publisher.targets

    def stoppable_targets() -> list[Target]:
        return [replace(t, poster=StoppablePoster(t.poster, stop)) for t in targets()]

    publisher.targets = stoppable_targets
