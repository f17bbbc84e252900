"""The typed model: the one contract between the parser (`bot/`) and the formatters.

Everything here is a frozen dataclass of plain values, so a parsed post can be hashed,
compared, cached, serialised to JSON (`to_jsonable`) and handed to pure functions.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, StrEnum
from typing import Any


class NoteKind(StrEnum):
    """What a node of a talk's notes tree was in the post."""

    BULLET = "bullet"
    """An item of an unordered list."""
    ORDERED = "ordered"
    """An item of a numbered list."""
    HEADING = "heading"
    """A sub-heading inside the talk (its children are what follows it)."""
    PARAGRAPH = "paragraph"
    """A paragraph of prose."""
    CODE = "code"
    """A fenced or indented code block; `text` holds the first lines of code."""
    TABLE = "table"
    """A table, condensed to one line per row (cells joined with ` | `)."""
    IMAGE = "image"
    """An image; `text` is its alt text, `url` its source."""
    EMBED = "embed"
    """An embedded slide deck, video or iframe; `url` is what it points at."""
    QUOTE = "quote"
    """A block quote."""


@dataclass(frozen=True, init=False)
class Span:
    """A run of inline text with one style."""

    text: str
    """The text as the reader sees it (markdown syntax removed, entities decoded)."""
    url: str | None = None
    """The link target when this run is a link."""
    code: bool = False
    """True for inline code."""
    bold: bool = False
    """True for strong emphasis."""

    def __init__(
        self, text: str, url: str | None = None, code: bool = False, bold: bool = False
    ) -> None:
        # The fields set in one step: a frozen dataclass's generated `__init__` calls
        # `object.__setattr__` once per field (twice the time; a parse builds hundreds of
        # spans, notes and links). Written out for Span, Note, TalkLink and Talk, the fields in
        # order with their defaults: tests/test_model_init.py checks them against the fields.
        self.__dict__.update({"text": text, "url": url, "code": code, "bold": bold})


def plain_span(text: str) -> Span:
    """`Span(text)`, a run of plain text, made by filling the instance's fields in one step
    instead of the frozen dataclass's four `object.__setattr__` calls (half the instructions;
    a post's block tree holds hundreds of these)."""
    span = object.__new__(Span)
    span.__dict__.update(text=text, url=None, code=False, bold=False)
    return span


@dataclass(frozen=True, init=False)
class Note:
    """One node of a talk's notes: a bullet, a sub-heading, a paragraph, a code block..."""

    kind: NoteKind
    """What the node was in the post."""
    spans: tuple[Span, ...] = ()
    """Its inline content, in order."""
    children: tuple[Note, ...] = ()
    """Nested nodes: sub-bullets, or the content under a sub-heading."""
    url: str | None = None
    """For images and embeds: the source URL."""

    def __init__(
        self,
        kind: NoteKind,
        spans: tuple[Span, ...] = (),
        children: tuple[Note, ...] = (),
        url: str | None = None,
    ) -> None:
        self.__dict__.update({"kind": kind, "spans": spans, "children": children, "url": url})

    @property
    def text(self) -> str:
        """The plain text of this node (no children)."""
        spans = self.spans
        return spans[0].text if len(spans) == 1 else "".join([span.text for span in spans])


class LinkKind(StrEnum):
    """What a talk's link points at."""

    SLIDES = "slides"
    """The deck: Speaker Deck, SlideShare, Google Slides, a PDF, a link labelled `Slides`/`資料`."""
    VIDEO = "video"
    """A recording: YouTube, Vimeo, niconico, Periscope, a link labelled `Video`/`動画`."""
    TALK_PAGE = "talk_page"
    """The talk's page on the event's site (fortee, sessionize, a conference `/talk/` page)."""
    CODE = "code"
    """A repository or code sample (GitHub, GitLab, a gist)."""
    ARTICLE = "article"
    """A blog post or write-up about the talk."""
    OTHER = "other"
    """Anything else (a tool's homepage, a profile)."""


@dataclass(frozen=True, init=False)
class TalkLink:
    """One link of a talk, with what it points at."""

    kind: LinkKind
    """What the link is (slides, video, talk page, ...)."""
    url: str
    """The link target as written in the post (made absolute when it can be)."""
    label: str = ""
    """The link's text in the post ('' for a bare URL or an embed)."""

    def __init__(self, kind: LinkKind, url: str, label: str = "") -> None:
        self.__dict__.update({"kind": kind, "url": url, "label": label})


@dataclass(frozen=True)
class LeftOut:
    """A unit of the post the talk detector looked at and did not take as a talk."""

    text: str
    """The unit's text as rendered (a heading, a list item's first line)."""
    reason: str
    """Why, as a key of the message catalog (`section_word`, `container`, `break`, ...)."""


@dataclass(frozen=True, init=False)
class Talk:
    """One talk of a meetup, as the post reports it."""

    speaker: str | None
    """The speaker(s) as written (`@deeeet`, `Mook`, `Datadog`); None when the post names nobody."""
    title: str | None
    """The talk title without the speaker part and without link syntax; None when untitled."""
    slides_url: str | None
    """The slides' URL from the heading, the body or an embed; None for none or an empty link."""
    notes: tuple[Note, ...] = ()
    """The author's notes on the talk, as a tree, impressions excluded."""
    impressions: tuple[str, ...] = ()
    """The author's impressions (感想) of this talk, one string per item."""
    section: str | None = None
    """The heading of the group the talk was listed under (a room, a day, "LT"), if any."""
    heading: str = ""
    """The talk's heading (or list item) text exactly as rendered, before splitting."""
    anchor: str = ""
    """A stable, URL-safe id of the talk inside its post (unique within the post)."""
    links: tuple[TalkLink, ...] = ()
    """Every link of the talk with its kind, in the order of the post (`slides_url` is the first
    `slides` one)."""
    confidence: float = 1.0
    """How sure the detector is that this is a talk, 0..1 (1.0 for talks the author listed in
    the front matter)."""

    def __init__(
        self,
        speaker: str | None,
        title: str | None,
        slides_url: str | None,
        notes: tuple[Note, ...] = (),
        impressions: tuple[str, ...] = (),
        section: str | None = None,
        heading: str = "",
        anchor: str = "",
        links: tuple[TalkLink, ...] = (),
        confidence: float = 1.0,
    ) -> None:
        self.__dict__.update(
            {
                "speaker": speaker,
                "title": title,
                "slides_url": slides_url,
                "notes": notes,
                "impressions": impressions,
                "section": section,
                "heading": heading,
                "anchor": anchor,
                "links": links,
                "confidence": confidence,
            },
        )


@dataclass(frozen=True)
class Post:
    """A meetup report: one blog post."""

    title: str
    """The post title (front matter, else the first heading, else the file name)."""
    date: datetime | date | None
    """When it was published: a datetime when the post gives a time, a date when only a day."""
    categories: tuple[str, ...] = ()
    """Front-matter categories."""
    tags: tuple[str, ...] = ()
    """Front-matter tags."""
    draft: bool = False
    """True for `draft: true`, `published: false`, or a post in a `_drafts` folder."""
    intro: str = ""
    """The first paragraph before the talks, as plain text."""
    event_url: str | None = None
    """The event page (connpass, meetup.com, ...) linked from the intro, if any."""
    impressions: tuple[str, ...] = ()
    """The post's overall impressions, one string per item."""
    talks: tuple[Talk, ...] = ()
    """The talks, in the order of the post."""
    language: str = "en"
    """`ja` or `en`: the language the post is written in."""
    slug: str = ""
    """The file name without date prefix and extension; stable id of the post."""
    url: str | None = None
    """The post's public URL, when known."""
    source: str = ""
    """Where the post was read from (a path), for messages to operators."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """Front-matter keys the model has no field for (kept for site URL templates)."""
    confidence: float = 1.0
    """How sure the detector is of the post's talk list as a whole, 0..1."""
    talks_posted: bool = True
    """True when the talks will go out as messages; False when the list is unsure, and only the
    announcement is posted (with a line that the talks were not listed)."""
    talks_from: str = "detected"
    """`detected`, or `front_matter` when the author listed the talks (`talks:`)."""
    left_out: tuple[LeftOut, ...] = ()
    """What the detector saw and did not take as a talk, with why (for `check` and the preview)."""


def to_jsonable(value: Any) -> Any:
    """A JSON-ready view of a model value: dates in ISO 8601, enums as strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Note):
            out["text"] = value.text
        return out
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class MeetupRef:
    """A meetup (one post) as the search index knows it."""

    post_id: str
    """The post's catalog id (bot/catalog.py): its path inside MEETUP_POSTS without the suffix
    (`2026-10-03-container-night-12`), as the ledger, the preview URL and the logs name it."""
    title: str
    """The post title."""
    date: datetime | date | None
    """The post date."""
    url: str | None = None
    """The post's public URL (the catalog's: what the announcement links to), when known."""
    talk_count: int = 0
    """How many talks the post has."""


@dataclass(frozen=True)
class TalkHit:
    """One talk in an answer to `/meetup search` or `/meetup talks`."""

    meetup: MeetupRef
    """The meetup the talk belongs to."""
    talk: Talk
    """The talk itself."""
    position: int
    """The talk's 0-based position in its post."""
    field: str = ""
    """Where the best match was: `title`, `speaker`, `impressions` or `notes` ('' for listings)."""
    snippet: tuple[Span, ...] = ()
    """Text around the match; the matched words are `bold` spans."""
    score: float = 0.0
    """Relevance: higher is better; only comparable within one answer."""


@dataclass(frozen=True)
class ResultPage:
    """A page of talks, with what is needed to ask for the next or previous page."""

    query: str
    """The query (or meetup selector) as the user typed it."""
    hits: tuple[TalkHit, ...]
    """The talks on this page, best first."""
    total: int
    """How many talks matched in all (an estimate when `total_exact` is False)."""
    offset: int = 0
    """How many matches come before this page."""
    limit: int = 10
    """The page size."""
    total_exact: bool = True
    """False when `total` is an estimate: past about a thousand candidates the index ranks only
    enough of them to fill the page (`MatchPage.exact`); show it as "about N"."""


@dataclass(frozen=True)
class MeetupTalks:
    """A meetup with its first talks, as the App Home lists it."""

    meetup: MeetupRef
    talks: tuple[TalkHit, ...]
    """The first talks, in post order (`meetup.talk_count` says how many there are)."""


@dataclass(frozen=True)
class SourceStatus:
    """One source of posts as /healthz reports it (for the admins' part of the App Home)."""

    name: str
    """The source as the operator configured it (a folder, a repository, a feed)."""
    kind: str
    """`folder`, `git` or `feed`."""
    last_read: str | None = None
    """When it was last read or scanned (ISO 8601), None when not yet."""
    last_error: str = ""
    failures: int = 0
    """Failed reads in a row."""


@dataclass(frozen=True)
class HeldPost:
    """A post the publisher has not published, and why (bot/publish/status.py)."""

    post_id: str
    title: str
    state: str
    """`pending`, `scheduled` or `invalid`."""
    reason: str = ""


@dataclass(frozen=True)
class OperatorStatus:
    """What /healthz and the publisher know, for the admins' part of the App Home."""

    degraded_reason: str = ""
    """Empty when /healthz says `ok`."""
    sources: tuple[SourceStatus, ...] = ()
    held: tuple[HeldPost, ...] = ()


@dataclass(frozen=True)
class HomePage:
    """Everything one App Home view shows: a page of the latest meetups, the search box with
    the results of its query, and for admins the state of the sources."""

    meetups: tuple[MeetupTalks, ...]
    meetups_offset: int = 0
    more_meetups: bool = False
    """Whether a next page of meetups exists."""
    query: str = ""
    results: ResultPage | None = None
    notice: str = ""
    """Why the query could not be searched (in the reader's language), else empty."""
    operator: OperatorStatus | None = None
    """None for everyone but admins."""
