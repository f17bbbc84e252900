"""The ledger on SQLite and PostgreSQL: SQLAlchemy Core statements over the `publish_*` tables of
bot/tables.py (upserts with the dialect's `INSERT ... ON CONFLICT`; every value a bound parameter).

Each method is one statement in its own transaction (bot/db.py `Database`), so it is atomic on
its own (a kill -9 leaves the old row or the new one, never half), and a claim is one conditional
UPDATE: of several processes racing for a part, exactly one sees rowcount 1 (on PostgreSQL the
UPDATE re-checks after waiting for a competing row lock), so any number of `serve` / `publish`
processes on one database post each part exactly once. The tables are migrated on open
(bot/migrations).
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import ColumnElement, and_, case, or_, select, update

from bot.db import Database
from bot.publish.ledger import NEW, POSTED, POSTING, Ledger, PartRecord, PostRecord
from bot.tables import METADATA

META = METADATA.tables["publish_meta"]
POSTS = METADATA.tables["publish_posts"]
PARTS = METADATA.tables["publish_parts"]
CHANNELS = METADATA.tables["publish_channels"]
POST_COLUMNS = [POSTS.c[f.name] for f in fields(PostRecord)]
PART_COLUMNS = [PARTS.c[f.name] for f in fields(PartRecord)]


def _part(post_id: str, target: str, part: str) -> ColumnElement[bool]:
    return and_(PARTS.c.post_id == post_id, PARTS.c.target == target, PARTS.c.part == part)


def _claim(owner: str | None, expires: float) -> dict[str, Any]:
    return {"claim_owner": owner, "claim_expires": expires}


class SQLLedger(Ledger):
    """The ledger in the database at `url` (SQLite or PostgreSQL)."""

    def __init__(self, url: str) -> None:
        self._db = Database(url, "the publishing ledger")

    def close(self) -> None:
        self._db.close()

    def baseline_done(self, name: str = "baseline") -> bool:
        return bool(self._db.rows(select(META.c.key).where(META.c.key == name)))

    def mark_baseline_done(self, name: str = "baseline") -> None:
        insert = self._db.insert(META).values(key=name, value="1")
        self._db.run(insert.on_conflict_do_nothing(index_elements=[META.c.key]))

    def posts(self) -> dict[str, PostRecord]:
        return {
            row.post_id: PostRecord(**row._mapping) for row in self._db.rows(select(*POST_COLUMNS))
        }

    def get_post(self, post_id: str) -> PostRecord | None:
        rows = self._db.rows(select(*POST_COLUMNS).where(POSTS.c.post_id == post_id))
        return PostRecord(**rows[0]._mapping) if rows else None

    def put_post(self, record: PostRecord) -> None:
        insert = self._db.insert(POSTS).values(asdict(record))
        changed = {c.name: insert.excluded[c.name] for c in POST_COLUMNS[1:]}
        self._db.run(insert.on_conflict_do_update(index_elements=[POSTS.c.post_id], set_=changed))

    def put_post_if_absent(self, record: PostRecord) -> bool:
        insert = self._db.insert(POSTS).values(asdict(record))
        absent = insert.on_conflict_do_nothing(index_elements=[POSTS.c.post_id])
        return bool(self._db.rows(absent.returning(POSTS.c.post_id)))

    def put_post_if_state(self, record: PostRecord, state: str) -> bool:
        values = asdict(record)
        del values["post_id"]
        replace = update(POSTS).where(POSTS.c.post_id == record.post_id, POSTS.c.state == state)
        return self._db.run(replace.values(values)) == 1

    def update_file(self, post_id: str, mtime_ns: int, size: int, title: str, date: str) -> None:
        changed = {"mtime_ns": mtime_ns, "size": size, "title": title, "date": date}
        self._db.run(update(POSTS).where(POSTS.c.post_id == post_id).values(changed))

    def reserve_send(self, channel: str, now: float, interval: float) -> float:
        insert = self._db.insert(CHANNELS).values(channel=channel, next_at=now + interval)
        later = CHANNELS.c.next_at + interval
        next_at = case((CHANNELS.c.next_at > now, later), else_=insert.excluded.next_at)
        upsert = insert.on_conflict_do_update(
            index_elements=[CHANNELS.c.channel], set_={"next_at": next_at}
        )
        rows = self._db.rows(upsert.returning(CHANNELS.c.next_at))
        return float(rows[0][0]) - interval

    def set_pending(
        self, post_id: str, pending: bool, reason: str = "", error: bool = False
    ) -> None:
        changed = {"pending": pending, "reason": reason, "error": error}
        self._db.run(update(POSTS).where(POSTS.c.post_id == post_id).values(changed))

    def set_permalink(self, post_id: str, permalink: str) -> None:
        self._db.run(update(POSTS).where(POSTS.c.post_id == post_id).values(permalink=permalink))

    def targets(self, post_id: str) -> list[str]:
        query = select(PARTS.c.target).distinct().where(PARTS.c.post_id == post_id)
        return [str(row[0]) for row in self._db.rows(query.order_by(PARTS.c.target))]

    def parts(self, post_id: str, *, target: str = "") -> list[PartRecord]:
        query = select(*PART_COLUMNS).where(PARTS.c.post_id == post_id, PARTS.c.target == target)
        rows = self._db.rows(query.order_by(PARTS.c.position, PARTS.c.part))
        return [PartRecord(**row._mapping) for row in rows]

    def add_part(
        self, post_id: str, part: str, position: int, ident: str, *, target: str = ""
    ) -> None:
        insert = self._db.insert(PARTS).values(
            post_id=post_id,
            target=target,
            part=part,
            position=position,
            ident=ident,
            state=NEW,
            content_hash="",
            claim_expires=0,
        )
        moved = {"position": insert.excluded.position, "ident": insert.excluded.ident}
        key = [PARTS.c.post_id, PARTS.c.target, PARTS.c.part]
        self._db.run(insert.on_conflict_do_update(index_elements=key, set_=moved))

    def claim(
        self, post_id: str, part: str, owner: str, now: float, ttl: float, *, target: str = ""
    ) -> bool:
        free = or_(
            PARTS.c.claim_owner.is_(None),
            PARTS.c.claim_owner == owner,
            PARTS.c.claim_expires < now,
        )
        take = update(PARTS).where(_part(post_id, target, part), free)
        return self._db.run(take.values(_claim(owner, now + ttl))) == 1

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
        held = and_(_part(post_id, target, part), PARTS.c.claim_owner == old_owner)
        return self._db.run(update(PARTS).where(held).values(_claim(owner, now + ttl))) == 1

    def release(self, post_id: str, part: str, owner: str, *, target: str = "") -> None:
        held = and_(_part(post_id, target, part), PARTS.c.claim_owner == owner)
        self._db.run(update(PARTS).where(held).values(_claim(None, 0)))

    def mark_attempt(self, post_id: str, part: str, channel: str, *, target: str = "") -> None:
        fresh = and_(_part(post_id, target, part), PARTS.c.state == NEW)
        self._db.run(update(PARTS).where(fresh).values(state=POSTING, channel=channel))

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
        sent = {
            "state": state or POSTED,
            "channel": channel,
            "ts": ts,
            "content_hash": content_hash,
        }
        self._db.run(update(PARTS).where(_part(post_id, target, part)).values(sent))
