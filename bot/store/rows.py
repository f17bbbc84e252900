"""Rows a post becomes in every SQL backend: posts, and talks with their date-ordered ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.query import normalize
from bot.store.base import StoredPost, date_to_text, sort_key_of
from bot.store.schema import SEQ_BITS

TALK_FIELDS = ("n_title", "n_speaker", "n_impressions", "n_notes")
"""The normalised field texts of a talk row, in the order of the full-text columns."""


def sort_minutes(value: datetime | date | None) -> int:
    """The meetup date as minutes since 0001-01-01 (naive local time); 0 when undated."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return value.toordinal() * 1440 + value.hour * 60 + value.minute
    return value.toordinal() * 1440


def id_range(minutes: int) -> tuple[int, int]:
    """The talk ids of a meetup date (lowest, highest)."""
    low = minutes << SEQ_BITS
    return low, low + (1 << SEQ_BITS) - 1


def day_of(value: datetime | date | None) -> str:
    """`YYYY-MM-DD`, or '' when undated."""
    return "" if value is None else value.isoformat()[:10]


def meetup_key(title: str, post_id: str, day: str) -> str:
    """The normalised text `/meetup talks SELECTOR` words are looked up in."""
    return f"{normalize(title)} {normalize(post_id)} {day}"


@dataclass
class Rows:
    """The rows of a batch of posts, collected for bulk inserts. `talks` rows are
    (talk_id, post_id, position, n_title, n_speaker, n_impressions, n_notes, data)."""

    posts: list[tuple[object, ...]] = field(default_factory=list)
    talks: list[tuple[object, ...]] = field(default_factory=list)

    def add_post(self, post_id: str, post: StoredPost, url: str | None, next_id: int) -> None:
        """Add one post whose talks get ids counting down from `next_id`."""
        day = day_of(post.date)
        self.posts.append(
            (
                post_id,
                post.title,
                date_to_text(post.date),
                sort_key_of(post.date),
                url,
                len(post.talks),
                meetup_key(post.title, post_id, day),
                day,
            )
        )
        self.talks += [
            (next_id - position, post_id, position, *talk)
            for position, talk in enumerate(post.talks)
        ]
