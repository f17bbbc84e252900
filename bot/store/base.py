"""The Store interface: what the indexer and the search need from a database backend.

A backend keeps, for each post of the catalog (by its catalog id, bot/catalog.py), its file's
fingerprint and the post's meetup data, URL and talks, a full-text index over the normalised
talk texts (bot/store/schema.py), and a few notes (`note`, `set_note`) about how the rows were
made. It is small on purpose: every backend (SQLite, PostgreSQL) passes the same contract suite
(`tests/test_store_contract.py`).
"""

from __future__ import annotations

import abc
import json
from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field
from datetime import date, datetime
from typing import Any

from bot.model import LinkKind, MeetupRef, Note, NoteKind, Post, Span, Talk, TalkLink
from bot.query import Term, normalize


@dataclass(frozen=True)
class Fingerprint:
    """What tells whether a post file changed: mtime and size first, then the content hash."""

    mtime_ns: int
    size: int
    sha256: str


TalkRow = tuple[str, str, str, str, str]
"""A talk as a store keeps it: its normalised title, speaker, impressions and notes, and its JSON
(`stored_talk`)."""


@dataclass(frozen=True, slots=True)
class StoredPost:
    """What a store keeps of a post (`stored_post`): its title, date and talk rows. A change
    holds this, not the parsed Post: a batch of changes is then a few objects per post for the
    cyclic garbage collector to walk, not the hundreds of a parsed post (its full passes over
    500 of them were a quarter of a build's parsing time)."""

    title: str
    date: datetime | date | None
    talks: tuple[TalkRow, ...]


@dataclass(frozen=True)
class PutPost:
    """Store (insert or replace) the post `post_id` read from its file, with its public URL;
    `post=None` records the file only (a draft), removing any post it had. The post is kept as
    its rows (`stored`), made here."""

    post_id: str
    fingerprint: Fingerprint
    post: InitVar[Post | None]
    url: str | None = None
    stored: StoredPost | None = field(init=False)

    def __post_init__(self, post: Post | None) -> None:
        object.__setattr__(self, "stored", None if post is None else stored_post(post))


@dataclass(frozen=True)
class TouchFile:
    """The file's metadata changed but its content did not: update the fingerprint only."""

    post_id: str
    fingerprint: Fingerprint


@dataclass(frozen=True)
class DeleteFile:
    """The file is gone: remove it and its post."""

    post_id: str


Change = PutPost | TouchFile | DeleteFile


@dataclass(frozen=True)
class StoredTalk:
    """A talk as the store returns it, with its meetup and position."""

    talk_id: int
    meetup: MeetupRef
    position: int
    talk: Talk


@dataclass(frozen=True)
class MatchPage:
    """Talk ids of one page of matches, best first, and how many matched in all
    (`exact` False: `total` is an estimate, the index did not check every candidate)."""

    total: int
    talk_ids: tuple[int, ...] = ()
    scores: tuple[float, ...] = field(default=())
    exact: bool = True


class Store(abc.ABC):
    """A search-index store. Thread-safe: one instance may serve a multi-threaded server."""

    @abc.abstractmethod
    def file_fingerprints(self) -> dict[str, Fingerprint]:
        """The fingerprint of every known post's file, by post id."""

    @abc.abstractmethod
    def apply(self, changes: Sequence[Change]) -> None:
        """Apply the changes in one transaction (all or nothing)."""

    @abc.abstractmethod
    def match(
        self, terms: Sequence[Term], weights: dict[str, int], *, offset: int, limit: int
    ) -> MatchPage:
        """Talks containing every term (normalised substring, in one of the term's fields).

        Score = sum over terms of the weight of the best field the term is found in; ordered by
        score, then newer meetup first, then talk id (post order within a post). Past about a
        thousand matches `total` may be an estimate (`exact` False).
        """

    @abc.abstractmethod
    def get_talks(self, talk_ids: Sequence[int]) -> list[StoredTalk]:
        """The talks with these ids, in the same order (unknown ids are left out)."""

    @abc.abstractmethod
    def list_meetups(
        self, *, contains: Sequence[str] = (), day_prefix: str = "", limit: int | None = None
    ) -> list[MeetupRef]:
        """Meetups, newest first: those whose normalised `title post_id YYYY-MM-DD` contains
        every text of `contains`, and whose day starts with `day_prefix`; at most `limit`."""

    @abc.abstractmethod
    def get_meetup(self, post_id: str) -> MeetupRef | None:
        """One meetup by id."""

    @abc.abstractmethod
    def meetup_talks(self, post_id: str, *, offset: int, limit: int) -> list[StoredTalk]:
        """The talks of one meetup, in post order."""

    @abc.abstractmethod
    def note(self, key: str) -> str | None:
        """The note stored under `key`, if any."""

    @abc.abstractmethod
    def set_note(self, key: str, value: str) -> None:
        """Store a note (how the rows were made, e.g. the rule their URLs came from)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections. The store must not be used afterwards."""

    # Conveniences built on `apply` ------------------------------------------------------------
    def upsert_post(
        self, post_id: str, fingerprint: Fingerprint, post: Post | None, url: str | None = None
    ) -> None:
        self.apply([PutPost(post_id, fingerprint, post, url)])

    def delete_post(self, post_id: str) -> None:
        self.apply([DeleteFile(post_id)])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- helpers shared by backends ------------------------------------------------------------------


def field_texts(talk: Talk) -> dict[str, str]:
    """The searchable text of each field of a talk (notes and impressions one line per item)."""
    return stored_talk(talk)[1]


def normalized_fields(talk: Talk) -> dict[str, str]:
    return {name: normalize(text) for name, text in field_texts(talk).items()}


def date_to_text(value: datetime | date | None) -> str:
    return "" if value is None else value.isoformat()


def date_from_text(text: str | None) -> datetime | date | None:
    if not text:
        return None
    if "T" in text or len(text) > 10:
        return datetime.fromisoformat(text)
    return date.fromisoformat(text)


def sort_key_of(value: datetime | date | None) -> str:
    """A text that sorts meetups by date (naive local time; '' for undated, sorting last)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return value.isoformat() + "T00:00:00"


# Talks are stored as compact JSON: notes as [kind, spans, children, url], spans as
# [text, url, code, bold], links as [kind, url, label] (much faster than `to_jsonable` for
# 150,000 talks). The first item is the layout: 2 added the links; a layout 1 row reads with none.
TALK_LAYOUT = 2


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
"""(`check_circular` off: the lists are made here, none holds itself.)"""


def _note_out(note: Note, lines: list[str]) -> list[Any]:
    """The note as JSON data; its text (unless blank), then its children's, go to `lines`."""
    spans = note.spans
    text = note.text
    if text and not text.isspace():  # (what `text.strip()` tells, without a copy)
        lines.append(text)
    return [
        note.kind,  # a StrEnum: JSON has its value
        [[span.text, span.url, span.code, span.bold] for span in spans],
        [_note_out(child, lines) for child in note.children] if note.children else [],
        note.url,
    ]


def stored_talk(talk: Talk) -> tuple[str, dict[str, str]]:
    """What the store keeps of a talk, in one pass over its notes: its JSON (`talk_from_json`)
    and the searchable text of each field (`field_texts`)."""
    lines: list[str] = []
    data = _ENCODER.encode(
        [
            TALK_LAYOUT,
            talk.speaker,
            talk.title,
            talk.slides_url,
            [_note_out(note, lines) for note in talk.notes],
            list(talk.impressions),
            talk.section,
            talk.heading,
            talk.anchor,
            [[link.kind, link.url, link.label] for link in talk.links],
        ]
    )
    texts = {
        "title": talk.title or "",
        "speaker": talk.speaker or "",
        "impressions": "\n".join(talk.impressions),
        "notes": "\n".join(lines),
    }
    return data, texts


def stored_post(post: Post) -> StoredPost:
    """The rows a store keeps of a post: each talk's normalised field texts and JSON."""
    talks = []
    for talk in post.talks:
        data, texts = stored_talk(talk)
        talks.append(
            (
                normalize(texts["title"]),
                normalize(texts["speaker"]),
                normalize(texts["impressions"]),
                normalize(texts["notes"]),
                data,
            )
        )
    return StoredPost(post.title, post.date, tuple(talks))


def talk_to_json(talk: Talk) -> str:
    return stored_talk(talk)[0]


_KINDS = {kind.value: kind for kind in NoteKind}
_LINK_KINDS = {kind.value: kind for kind in LinkKind}


def _note_in(data: list[Any]) -> Note:
    kind, spans, children, url = data
    return Note(
        _KINDS[kind],
        tuple(Span(text, link, code, bold) for text, link, code, bold in spans),
        tuple(_note_in(child) for child in children),
        url,
    )


def talk_from_json(text: str) -> Talk:
    data = json.loads(text)
    _, speaker, title, slides_url, notes, impressions, section, heading, anchor = data[:9]
    links = data[9] if len(data) > 9 else []
    return Talk(
        speaker=speaker,
        title=title,
        slides_url=slides_url,
        notes=tuple(_note_in(note) for note in notes),
        impressions=tuple(impressions),
        section=section,
        heading=heading,
        anchor=anchor,
        links=tuple(
            TalkLink(_LINK_KINDS.get(kind, LinkKind.OTHER), url, label)
            for kind, url, label in links
        ),
    )
