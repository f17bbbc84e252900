"""MEETUP_SOURCES: where posts come from, one `SourceSpec` per source.

Sources are separated by spaces, commas or newlines; each is
- a local folder (`/srv/blog/_posts`, `examples/posts`): read in place;
- a git repository: `git@host:org/blog.git`, `file:///srv/blog.git`, an `https://` URL ending in
  `.git`, or any URL written `git+https://…`; `#_posts` names the folder of posts inside it;
- a feed (RSS 2.0, Atom, JSON Feed): any other `http://` or `https://` URL; `#interval=600`
  polls it every 600 s instead of MEETUP_FEED_INTERVAL.

Each source has a `key` made of its location alone (`example.hatenablog.com-feed`): its posts'
ids are `KEY:ID` (bot/catalog.py), so two sources never share an id. The first source, when it
is a folder, is the posts folder of old: its ids stay as they always were (no key), so a bot
that moves from MEETUP_POSTS to MEETUP_SOURCES posts nothing twice. MEETUP_SOURCES unset:
MEETUP_POSTS alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import words

FOLDER, GIT, FEED = "folder", "git", "feed"
_SEPARATORS = re.compile(r"[\s,]+")
_NOT_KEY = re.compile(r"[^a-z0-9._]+")
_USERINFO = re.compile(r"([a-z][a-z0-9+.-]*://)[^/@\s]+@", re.I)
_INTERVAL = re.compile(r"^interval=(\d+(?:\.\d+)?)$")


class SourceSpecError(ValueError):
    """A source that cannot be understood; the message names it."""


@dataclass(frozen=True)
class SourceSpec:
    kind: str
    """`folder`, `git` or `feed`."""
    location: str
    """The folder, the repository URL or the feed URL (without the `#…` part)."""
    key: str
    """What its posts' ids start with (`KEY:`); "" for the posts folder of old."""
    subfolder: str = ""
    """For a repository: the folder of posts inside it."""
    interval: float | None = None
    """For a feed: seconds between two polls (None: MEETUP_FEED_INTERVAL)."""

    @property
    def prefix(self) -> str:
        """What its posts' ids start with: `KEY:` ("" for the posts folder of old)."""
        return f"{self.key}:" if self.key else ""

    @property
    def name(self) -> str:
        """How logs and /healthz name it."""
        return self.key or self.location

    def home(self, data_dir: Path) -> Path:
        """Where the bot keeps what it fetched of this source (git and feeds)."""
        return data_dir / "sources" / self.key

    def folder(self, data_dir: Path) -> Path:
        """The folder of markdown posts the catalog reads for this source."""
        if self.kind == GIT:
            return self.home(data_dir) / "repo" / self.subfolder
        if self.kind == FEED:
            return self.home(data_dir) / "entries"
        return Path(self.location)


def parse_sources(text: str | None, posts: Path) -> list[SourceSpec]:
    """The sources of MEETUP_SOURCES (`text`); unset or blank: the folder `posts` alone.
    SourceSpecError names the first source that is wrong."""
    given = [word for word in _SEPARATORS.split(text or "") if word]
    if not given:
        return [SourceSpec(FOLDER, str(posts), "")]
    specs = [_spec(word, first=index == 0) for index, word in enumerate(given)]
    seen: dict[str, str] = {}
    for word, spec in zip(given, specs, strict=True):
        if spec.key in seen:
            other = redact(seen[spec.key])
            raise SourceSpecError(words.said("source.twice", word=redact(word), other=other))
        seen[spec.key] = word
    return specs


def _spec(word: str, first: bool) -> SourceSpec:
    location, _, fragment = word.partition("#")
    if location.startswith("git+"):
        return _git(location[len("git+") :], fragment)
    if location.startswith(("git@", "ssh://", "file://")) or _is_git_url(location):
        return _git(location, fragment)
    if location.startswith(("http://", "https://")):
        return _feed(location, fragment, word)
    if "://" in location:
        raise SourceSpecError(words.said("source.unknown_kind", word=redact(word)))
    if fragment:
        raise SourceSpecError(words.said("source.folder_fragment", word=redact(word)))
    return SourceSpec(FOLDER, location, "" if first else make_key(location))


def _is_git_url(location: str) -> bool:
    return location.startswith(("http://", "https://")) and location.rstrip("/").endswith(".git")


def _git(location: str, fragment: str) -> SourceSpec:
    folder = fragment.strip("/")
    if ".." in folder.split("/"):
        raise SourceSpecError(
            words.said("source.outside_repository", word=redact(f"{location}#{fragment}"))
        )
    return SourceSpec(GIT, location, make_key(location + ("/" + folder if folder else "")), folder)


def _feed(location: str, fragment: str, word: str) -> SourceSpec:
    interval = None
    if fragment:
        match = _INTERVAL.match(fragment)
        if match is None or float(match.group(1)) <= 0:
            raise SourceSpecError(words.said("source.bad_interval", word=redact(word)))
        interval = float(match.group(1))
    return SourceSpec(FEED, location, make_key(location), interval=interval)


def redact(text: str) -> str:
    """`text` with the password or token of any URL in it hidden (`https://***@host/…`)."""
    return _USERINFO.sub(r"\1***@", text)


def make_key(location: str) -> str:
    """A readable key of a location: no scheme, no user, lower case, one `-` between words
    (`https://example.hatenablog.com/feed` -> `example.hatenablog.com-feed`)."""
    text = re.sub(r"^[a-z+]+://", "", location.lower())
    text = re.sub(r"^[^@/]*@", "", text)
    return _NOT_KEY.sub("-", text).strip("-.") or "source"
