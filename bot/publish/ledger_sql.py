"""The ledger on SQLite and PostgreSQL: SQLAlchemy Core statements over the `publish_*` tables of
bot/tables.py, built once with named bind parameters (upserts with the dialect's `INSERT ... ON
CONFLICT`, chosen by bot/db.py `Database.insert`); every value is bound, never spliced.

Each method is one statement in its own transaction (bot/db.py `Database`), so it is atomic on
its own (a kill -9 leaves the old row or the new one, never half), and a claim is one conditional
UPDATE: of several processes racing for a part, exactly one sees rowcount 1 (on PostgreSQL the
UPDATE re-checks after waiting for a competing row lock), so any number of `serve` / `publish`
processes on one database post each part exactly once. The tables are migrated on open
(bot/migrations).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import Executable, Table, and_, bindparam, case, or_, select, update

from bot.db import Database
from bot.publish.ledger import NEW, POSTED, POSTING, Ledger, PartRecord, PostRecord
from bot.tables import METADATA

META = METADATA.tables["publish_meta"]
POSTS = METADATA.tables["publish_posts"]
PARTS = METADATA.tables["publish_parts"]
CHANNELS = METADATA.tables["publish_channels"]
POST_COLUMNS = [POSTS.c[f.name] for f in fields(PostRecord)]
PART_COLUMNS = [PARTS.c[f.name] for f in fields(PartRecord)]

_POSTS = select(*POST_COLUMNS)
_POST = _POSTS.where(POSTS.c.post_id == bindparam("post_id"))
_BASELINE = select(META.c.key).where(META.c.key == bindparam("key"))
# An UPDATE sets the columns its parameters name, so its WHERE binds are named `key_*`.
_UPDATE_POST = update(POSTS).where(POSTS.c.post_id == bindparam("key_post_id"))
_POST_IF_STATE = _UPDATE_POST.where(POSTS.c.state == bindparam("key_state"))
_TARGETS = (
    select(PARTS.c.target).distinct().where(PARTS.c.post_id == bindparam("post_id"))
).order_by(PARTS.c.target)
_PART = and_(
    PARTS.c.post_id == bindparam("key_post_id"),
    PARTS.c.target == bindparam("key_target"),
    PARTS.c.part == bindparam("key_part"),
)
_PARTS = (
    select(*PART_COLUMNS)
    .where(PARTS.c.post_id == bindparam("post_id"), PARTS.c.target == bindparam("target"))
    .order_by(PARTS.c.position, PARTS.c.part)
)
_CLAIM = update(PARTS).where(
    _PART,
    or_(
        PARTS.c.claim_owner.is_(None),
        PARTS.c.claim_owner == bindparam("key_owner"),
        PARTS.c.claim_expires < bindparam("key_now"),
    ),
)
_TAKE_OVER = update(PARTS).where(_PART, PARTS.c.claim_owner == bindparam("key_owner"))
_ATTEMPT = update(PARTS).where(_PART, PARTS.c.state == NEW).values(state=POSTING)
_UPDATE_PART = update(PARTS).where(_PART)


@dataclass(frozen=True)
class _Upserts:
    """The statements that depend on the dialect (its INSERT ... ON CONFLICT)."""

    baseline: Executable
    put_post: Executable
    put_post_if_absent: Executable
    reserve_send: Executable
    add_part: Executable


@functools.cache
def _upserts(insert: Callable[[Table], Any]) -> _Upserts:
    post = insert(POSTS)
    channel = insert(CHANNELS)
    part = insert(PARTS).values(state=NEW, content_hash="", claim_expires=0)
    later = CHANNELS.c.next_at + bindparam("interval")
    next_at = case((CHANNELS.c.next_at > bindparam("now"), later), else_=channel.excluded.next_at)
    return _Upserts(
        baseline=insert(META).on_conflict_do_nothing(index_elements=[META.c.key]),
        put_post=post.on_conflict_do_update(
            index_elements=[POSTS.c.post_id],
            set_={c.name: post.excluded[c.name] for c in POST_COLUMNS[1:]},
        ),
        put_post_if_absent=post.on_conflict_do_nothing(index_elements=[POSTS.c.post_id]).returning(
            POSTS.c.post_id
        ),
        reserve_send=channel.on_conflict_do_update(
            index_elements=[CHANNELS.c.channel], set_={"next_at": next_at}
        ).returning(CHANNELS.c.next_at),
        add_part=part.on_conflict_do_update(
            index_elements=[PARTS.c.post_id, PARTS.c.target, PARTS.c.part],
            set_={"position": part.excluded.position, "ident": part.excluded.ident},
        ),
    )


class SQLLedger(Ledger):
    """The ledger in the database at `url` (SQLite or PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self._db = Database(url, "the publishing ledger")
        self._upserts = _upserts(self._db.insert)

    def close(self) -> None:
        self._db.close()

    def baseline_done(self, name: str = "baseline") -> bool:
        return bool(self._db.rows(_BASELINE, {"key": name}))

    def mark_baseline_done(self, name: str = "baseline") -> None:
        self._db.run(self._upserts.baseline, {"key": name, "value": "1"})

    def posts(self) -> dict[str, PostRecord]:
        return {row.post_id: PostRecord(**row._mapping) for row in self._db.rows(_POSTS)}

    def get_post(self, post_id: str) -> PostRecord | None:
        rows = self._db.rows(_POST, {"post_id": post_id})
        return PostRecord(**rows[0]._mapping) if rows else None

    def put_post(self, record: PostRecord) -> None:
        self._db.run(self._upserts.put_post, asdict(record))

    def put_post_if_absent(self, record: PostRecord) -> bool:
        return bool(self._db.rows(self._upserts.put_post_if_absent, asdict(record)))

    def put_post_if_state(self, record: PostRecord, state: str) -> bool:
        values = asdict(record)
        key = {"key_post_id": values.pop("post_id"), "key_state": state}
        return self._db.run(_POST_IF_STATE, {**values, **key}) == 1

    def update_file(self, post_id: str, mtime_ns: int, size: int, title: str, date: str) -> None:
        changed = {"mtime_ns": mtime_ns, "size": size, "title": title, "date": date}
        self._db.run(_UPDATE_POST, {"key_post_id": post_id, **changed})

    def reserve_send(self, channel: str, now: float, interval: float) -> float:
        slot = {"channel": channel, "next_at": now + interval, "now": now, "interval": interval}
        rows = self._db.rows(self._upserts.reserve_send, slot)
        return float(rows[0][0]) - interval

    def set_pending(
        self, post_id: str, pending: bool, reason: str = "", error: bool = False
    ) -> None:
        changed = {"pending": pending, "reason": reason, "error": error}
        self._db.run(_UPDATE_POST, {"key_post_id": post_id, **changed})

    def set_permalink(self, post_id: str, permalink: str) -> None:
        self._db.run(_UPDATE_POST, {"key_post_id": post_id, "permalink": permalink})

    def targets(self, post_id: str) -> list[str]:
        return [str(row[0]) for row in self._db.rows(_TARGETS, {"post_id": post_id})]

    def parts(self, post_id: str, *, target: str = "") -> list[PartRecord]:
        rows = self._db.rows(_PARTS, {"post_id": post_id, "target": target})
        return [PartRecord(**row._mapping) for row in rows]

    def add_part(
        self, post_id: str, part: str, position: int, ident: str, *, target: str = ""
    ) -> None:
        key = {"post_id": post_id, "target": target, "part": part}
        self._db.run(self._upserts.add_part, {**key, "position": position, "ident": ident})

    def claim(
        self, post_id: str, part: str, owner: str, now: float, ttl: float, *, target: str = ""
    ) -> bool:
        key = {**_key(post_id, target, part), "key_owner": owner, "key_now": now}
        return self._db.run(_CLAIM, {**key, **_claim(owner, now + ttl)}) == 1

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
        key = {**_key(post_id, target, part), "key_owner": old_owner}
        return self._db.run(_TAKE_OVER, {**key, **_claim(owner, now + ttl)}) == 1

    def release(self, post_id: str, part: str, owner: str, *, target: str = "") -> None:
        key = {**_key(post_id, target, part), "key_owner": owner}
        self._db.run(_TAKE_OVER, {**key, **_claim(None, 0)})

    def mark_attempt(self, post_id: str, part: str, channel: str, *, target: str = "") -> None:
        self._db.run(_ATTEMPT, {**_key(post_id, target, part), "channel": channel})

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
        sent = {"state": state or POSTED, "channel": channel, "ts": ts}
        self._db.run(
            _UPDATE_PART, {**_key(post_id, target, part), **sent, "content_hash": content_hash}
        )


def _key(post_id: str, target: str, part: str) -> dict[str, str]:
    return {"key_post_id": post_id, "key_target": target, "key_part": part}


def _claim(owner: str | None, expires: float) -> dict[str, Any]:
    return {"claim_owner": owner, "claim_expires": expires}
