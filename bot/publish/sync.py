"""Bring one post's Slack messages in line with its parts, exactly once per part.

For each part, in order: skip it when the ledger has it at the same hash; else claim it, then
update it in place (it has a ts), or read the channel back when an earlier send's fate is
unknown (state `posting`), or post it. The claim is renewed before every send.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.observability import MESSAGES_POSTED, MESSAGES_UPDATED
from bot.publish.ledger import POSTED, POSTING, REMOVED, Ledger, PartRecord
from bot.publish.plan import ANNOUNCEMENT, Part
from bot.publish.poster import Found, PartFailed, Poster

log = logging.getLogger("bot.publish")
GONE_ERRORS = frozenset({"message_not_found", "cant_update_message", "edit_window_closed"})


class Busy(Exception):
    """Another process holds this part's claim."""


class Stopping(Busy):
    """The process is shutting down: no new message is sent; the post stays pending for the
    next run, which picks it up exactly where this one stopped."""


def owner_id() -> str:
    """This process as a claim owner: host, pid, and a random part (pids get reused)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_dead(owner: str) -> bool:
    """True when `owner` is a process on this host that no longer runs."""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


@dataclass
class PostSync:
    """Publishing context of one post in one scan."""

    ledger: Ledger
    poster: Poster
    post_id: str
    channel: str
    layout: str
    owner: str
    clock: Callable[[], float]
    claim_ttl: float = 120.0
    target: str = ""
    """The ledger's key for this channel ("" = MEETUP_CHANNEL; see PartRecord.target)."""
    stop: threading.Event = field(default_factory=threading.Event)
    """Once set, no send starts (the one on the wire is finished and recorded)."""
    _found: dict[str | None, dict[str, Found]] = field(default_factory=dict)

    def run(self, parts: list[Part]) -> str:
        """Sync every part; '' when all are done, else why the post is still pending."""
        for part in parts:
            self.ledger.add_part(
                self.post_id, part.name, part.position, part.ident, target=self.target
            )
        for part in parts:
            records = {r.part: r for r in self._parts()}
            parent = records[ANNOUNCEMENT].ts
            if part.name != ANNOUNCEMENT and self.layout == "thread" and parent is None:
                return "waiting for its announcement"
            self.sync_part(part, records[part.name], parent)
        return ""

    def sync_part(self, part: Part, record: PartRecord, parent: str | None) -> None:
        if _done(record, part):
            return
        self._check_stop()
        self._claim(part.name)
        try:
            record = next(r for r in self._parts() if r.part == part.name)
            if _done(record, part):
                return
            thread = parent if part.name != ANNOUNCEMENT and self.layout == "thread" else None
            if record.ts is None and record.state == POSTING:
                record = self._recover(record, thread) or record
            if record.ts is None:
                self._post(part, record, thread)
            elif not _done(record, part):
                self._update(part, record)
        finally:
            self.ledger.release(self.post_id, part.name, self.owner, target=self.target)

    def _post(self, part: Part, record: PartRecord, thread: str | None) -> None:
        channel = record.channel or self.channel
        self.ledger.mark_attempt(self.post_id, part.name, channel, target=self.target)

        def recover() -> str | None:
            self._found.pop(thread, None)
            found = self._recover(record, thread)
            return found.ts if found else None

        channel, ts, attempts = self.poster.post(
            channel, part.message, self._meta(part), thread, recover, self._guard(part.name, True)
        )
        latest = next(r for r in self._parts() if r.part == part.name)
        if latest.ts == ts:  # recovered: the ledger already has it; bring it up to date
            if not _done(latest, part):
                self._update(part, latest)
            return
        self._record(part, channel, ts)
        if not self.poster.dry:
            MESSAGES_POSTED.inc()
            self._log("message posted", part, channel, ts, attempts)
        if part.name == ANNOUNCEMENT and not self.target:  # the post's link: MEETUP_CHANNEL's
            permalink = self.poster.permalink(channel, ts)
            if permalink:
                self.ledger.set_permalink(self.post_id, permalink)

    def _update(self, part: Part, record: PartRecord) -> None:
        channel, ts = record.channel or self.channel, record.ts or ""
        try:
            attempts = self.poster.update(
                channel, ts, part.message, self._meta(part), self._guard(part.name, False)
            )
        except PartFailed as error:
            if error.error not in GONE_ERRORS:
                raise
            log.warning(
                "message cannot be updated; left as it is",
                extra={
                    "post": self.post_id,
                    "part": part.name,
                    "channel": channel,
                    "ts": ts,
                    "error": error.error,
                },
            )
            attempts = 0
        self._record(part, channel, ts)
        if attempts and not self.poster.dry:
            MESSAGES_UPDATED.inc()
            self._log("message updated", part, channel, ts, attempts)

    def _recover(self, record: PartRecord, thread: str | None) -> PartRecord | None:
        """Look for the part in the channel (by metadata); record it when found."""
        channel = record.channel or self.channel
        if thread not in self._found:
            self._found[thread] = self.poster.find_parts(channel, self.post_id, thread)
        found = self._found[thread].get(record.part)
        if found is None:
            return None
        self.ledger.record_sent(
            self.post_id,
            record.part,
            channel,
            found.ts,
            found.content_hash,
            POSTED,
            target=self.target,
        )
        log.info(
            "message found in the channel",
            extra={"post": self.post_id, "part": record.part, "channel": channel, "ts": found.ts},
        )
        return next(r for r in self._parts() if r.part == record.part)

    def _claim(self, name: str) -> None:
        """Claim the part, taking it over from a dead process on this host; else Busy."""
        now = self.clock()
        if self.ledger.claim(
            self.post_id, name, self.owner, now, self.claim_ttl, target=self.target
        ):
            return
        holder = next(r for r in self._parts() if r.part == name).claim_owner
        if (
            holder
            and owner_is_dead(holder)
            and self.ledger.take_over(
                self.post_id, name, holder, self.owner, now, self.claim_ttl, target=self.target
            )
        ):
            return
        raise Busy(name)

    def _guard(self, name: str, posting: bool) -> Callable[[], None]:
        """Before each send: renew the claim; when posting, stop if the part got a ts since
        (our claim lapsed during a long wait and another process posted it)."""

        def renew() -> None:
            self._check_stop()
            self._claim(name)
            record = next(r for r in self._parts() if r.part == name)
            if posting and record.ts is not None:
                raise Busy(name)

        return renew

    def _record(self, part: Part, channel: str, ts: str) -> None:
        state = REMOVED if part.removed else POSTED
        self.ledger.record_sent(
            self.post_id, part.name, channel, ts, part.content_hash, state, target=self.target
        )

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise Stopping("shutting down")

    def _parts(self) -> list[PartRecord]:
        return self.ledger.parts(self.post_id, target=self.target)

    def _meta(self, part: Part) -> dict[str, str]:
        return {"post_id": self.post_id, "part": part.name, "hash": part.content_hash}

    def _log(self, text: str, part: Part, channel: str, ts: str, attempts: int) -> None:
        log.info(
            text,
            extra={
                "post": self.post_id,
                "part": part.name,
                "channel": channel,
                "ts": ts,
                "attempt": attempts,
            },
        )


def _done(record: PartRecord, part: Part) -> bool:
    wanted = REMOVED if part.removed else POSTED
    return record.state == wanted and record.content_hash == part.content_hash
