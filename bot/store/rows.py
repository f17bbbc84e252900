"""Rows a post becomes in every SQL backend: posts, talks, postings and key statistics.

A posting row is (key, talk_id, fields, sort_key): `fields` is a bit mask of the fields whose
normalised text has the key (see FIELD_BITS) and `sort_key` the meetup's date in minutes, so a
search can filter, score and order candidates from postings alone, without reading talks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.model import Post
from bot.query import index_keys, normalize
from bot.store.base import date_to_text, normalized_fields, sort_key_of, talk_to_json

FIELD_BITS = {"title": 1, "speaker": 2, "impressions": 4, "notes": 8}
"""A field's bit in a posting's `fields` mask."""


def sort_minutes(value: datetime | date | None) -> int:
    """The meetup date as minutes since 0001-01-01 (naive local time); 0 when undated."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return value.toordinal() * 1440 + value.hour * 60 + value.minute
    return value.toordinal() * 1440


def day_of(value: datetime | date | None) -> str:
    """`YYYY-MM-DD`, or '' when undated."""
    return "" if value is None else value.isoformat()[:10]


def meetup_key(title: str, post_id: str, day: str) -> str:
    """The normalised text `/meetup talks SELECTOR` words are looked up in."""
    return f"{normalize(title)} {normalize(post_id)} {day}"


@dataclass
class Rows:
    """The rows of a batch of posts, collected for bulk inserts."""

    posts: list[tuple[object, ...]] = field(default_factory=list)
    talks: list[tuple[object, ...]] = field(default_factory=list)
    postings: list[tuple[int, int, int, int]] = field(default_factory=list)
    key_counts: Counter[int] = field(default_factory=Counter)

    def add_post(self, post_id: str, post: Post, url: str | None, first_talk_id: int) -> int:
        """Add one post whose talks get ids from `first_talk_id`; returns the next free id."""
        sort_date = sort_key_of(post.date)
        minutes = sort_minutes(post.date)
        day = day_of(post.date)
        self.posts.append(
            (
                post_id,
                post.title,
                date_to_text(post.date),
                sort_date,
                url,
                len(post.talks),
                meetup_key(post.title, post_id, day),
                day,
            )
        )
        talk_id = first_talk_id
        for position, talk in enumerate(post.talks):
            norm = normalized_fields(talk)
            self.talks.append(
                (
                    talk_id,
                    post_id,
                    position,
                    minutes,
                    norm["title"],
                    norm["speaker"],
                    norm["impressions"],
                    norm["notes"],
                    talk_to_json(talk),
                )
            )
            masks = talk_masks(norm)
            self.postings.extend((key, talk_id, mask, minutes) for key, mask in masks.items())
            self.key_counts.update(masks.keys())
            talk_id += 1
        return talk_id


def talk_masks(norm: dict[str, str]) -> dict[int, int]:
    """Posting key -> mask of the fields (normalised texts) that have it."""
    masks: dict[int, int] = {}
    for name, text in norm.items():
        bit = FIELD_BITS[name]
        for key in index_keys(text):
            masks[key] = masks.get(key, 0) | bit
    return masks


def key_counts_of(texts: Iterable[tuple[str, str, str, str]]) -> Counter[int]:
    """How many of the talks (title, speaker, impressions, notes) have each key."""
    counts: Counter[int] = Counter()
    for title, speaker, impressions, notes in texts:
        norm = {"title": title, "speaker": speaker, "impressions": impressions, "notes": notes}
        counts.update(talk_masks(norm).keys())
    return counts
