"""The publishing ledger: per post, per part (announcement, each talk), where it was posted.

The interface is small on purpose so a PostgreSQL backend can pass the same contract suite
(`tests/test_ledger_contract.py`). Times are POSIX seconds (floats) passed in by the caller.

Part states: `new` (never sent), `posting` (a send was attempted: before sending again, read the
channel back), `posted` (channel + ts known), `removed` (the talk left the post; its reply says so).
Post states: `seen` (existed at first run: never posted), `draft`, `scheduled` (due_at), `active`
(to be published / published), `invalid` (failed to parse), `deleted` (file gone).
"""

from __future__ import annotations

import abc
from dataclasses import dataclass

from bot.dburl import is_postgres, require_driver, sqlite_path, unknown_scheme

SEEN, DRAFT, SCHEDULED, ACTIVE, INVALID, DELETED = (
    "seen",
    "draft",
    "scheduled",
    "active",
    "invalid",
    "deleted",
)
NEW, POSTING, POSTED, REMOVED = "new", "posting", "posted", "removed"


@dataclass(frozen=True)
class PostRecord:
    """What the ledger knows of one post file."""

    post_id: str
    file_key: str
    mtime_ns: int
    size: int
    state: str
    due_at: float | None = None
    pending: bool = False
    reason: str = ""
    error: bool = False
    layout: str | None = None
    title: str = ""
    date: str = ""
    permalink: str | None = None


@dataclass(frozen=True)
class PartRecord:
    """One Slack message of a post: the announcement or one talk."""

    post_id: str
    part: str
    position: int
    ident: str = ""
    state: str = NEW
    channel: str | None = None
    ts: str | None = None
    content_hash: str = ""
    claim_owner: str | None = None
    claim_expires: float = 0.0
    target: str = ""
    """Where the part goes: "" for MEETUP_CHANNEL, `TEAM/CHANNEL` for a subscribed channel
    (so each channel gets its own copy of each part, exactly once)."""


class Ledger(abc.ABC):
    """The durable ledger. Every method is atomic on its own; claims make parts exclusive."""

    @abc.abstractmethod
    def baseline_done(self, name: str = "baseline") -> bool:
        """True once the first run recorded the posts that already existed (`name`: another
        such record, e.g. of posts the publisher reads since an upgrade)."""

    @abc.abstractmethod
    def mark_baseline_done(self, name: str = "baseline") -> None: ...

    @abc.abstractmethod
    def posts(self) -> dict[str, PostRecord]:
        """Every post record, by post id (one query: the scan compares fingerprints with it)."""

    @abc.abstractmethod
    def get_post(self, post_id: str) -> PostRecord | None: ...

    @abc.abstractmethod
    def put_post(self, record: PostRecord) -> None:
        """Insert or replace the post's record (its parts are kept)."""

    @abc.abstractmethod
    def put_post_if_absent(self, record: PostRecord) -> bool:
        """Insert the record unless the post is known; True when inserted."""

    @abc.abstractmethod
    def put_post_if_state(self, record: PostRecord, state: str) -> bool:
        """Replace the record only while the stored one is in `state` (a replica that read an
        older snapshot does not overwrite what another one wrote since); True when replaced."""

    @abc.abstractmethod
    def update_file(self, post_id: str, mtime_ns: int, size: int, title: str, date: str) -> None:
        """The file's new fingerprint, title and date; every other field is left as it is."""

    @abc.abstractmethod
    def set_pending(
        self, post_id: str, pending: bool, reason: str = "", error: bool = False
    ) -> None:
        """Mark the post pending (with why, and whether an error is the cause) or done."""

    @abc.abstractmethod
    def set_permalink(self, post_id: str, permalink: str) -> None: ...

    @abc.abstractmethod
    def reserve_send(self, channel: str, now: float, interval: float) -> float:
        """Take the channel's next send slot: when this send may start (>= now, POSIX seconds);
        the slot after it is `interval` later. Atomic, shared by every process."""

    # Parts are kept per target (see PartRecord.target); "" is the MEETUP_CHANNEL copy.
    @abc.abstractmethod
    def targets(self, post_id: str) -> list[str]:
        """The targets the post has parts for (sorted): where it was sent or is to be sent."""

    @abc.abstractmethod
    def parts(self, post_id: str, *, target: str = "") -> list[PartRecord]:
        """The post's parts for `target`, by position."""

    @abc.abstractmethod
    def add_part(
        self, post_id: str, part: str, position: int, ident: str, *, target: str = ""
    ) -> None:
        """Create the part as `new` unless it exists (then only position and ident change)."""

    @abc.abstractmethod
    def claim(
        self, post_id: str, part: str, owner: str, now: float, ttl: float, *, target: str = ""
    ) -> bool:
        """Take (or extend) the part's claim until now+ttl; False when another owner holds it."""

    @abc.abstractmethod
    def take_over(
        self,
        post_id: str,
        part: str,
        old_owner: str,
        owner: str,
        now: float,
        ttl: float,
        *,
        target: str = "",
    ) -> bool:
        """Take the claim from `old_owner` (a process known dead); False if it changed."""

    @abc.abstractmethod
    def release(self, post_id: str, part: str, owner: str, *, target: str = "") -> None: ...

    @abc.abstractmethod
    def mark_attempt(self, post_id: str, part: str, channel: str, *, target: str = "") -> None:
        """Record that a send is about to happen (state `posting` unless already posted)."""

    @abc.abstractmethod
    def record_sent(
        self,
        post_id: str,
        part: str,
        channel: str,
        ts: str,
        content_hash: str,
        state: str,
        *,
        target: str = "",
    ) -> None:
        """Record the part as `posted` (or `removed`) at channel/ts with the payload's hash."""


def open_ledger(url: str) -> Ledger:
    """The ledger in the database at MEETUP_DATABASE_URL (its own `publish_*` tables)."""
    if sqlite_path(url) is None and not is_postgres(url):
        raise unknown_scheme(url)
    if is_postgres(url):
        require_driver(url)
    from bot.publish.ledger_sql import SQLLedger

    return SQLLedger(url)
