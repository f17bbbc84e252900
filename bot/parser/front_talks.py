"""Talks the author lists in the front matter (`talks:`): they replace detection for that post.

    front_talks(extra, source) -> tuple[FrontTalk, ...] | None   # None: the post has no `talks:`
    with_front_talks(post, listed, blocks, words) -> Post        # those talks, confidence 1.0
    talk_entry(talk) -> {key: value}; dump_talks(entries, kind) -> a `talks:` block (YAML/TOML)

Each entry is a mapping of `speaker` (text, or a list of names), `title`, `slides`, `video` and
`talk_page` (http(s) or site-relative `/...` URLs); it needs a speaker or a title. A bad entry is
one `PostError` naming the key (`talks[2].title: expected text, got a list`; entries count from
1). A talk's notes and impressions come from the body under the post's heading that contains its
title (or, untitled, its speaker); without such a heading they are empty.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import yaml

from bot.errors import PostError
from bot.model import LinkKind, Post, Talk, TalkLink
from bot.parser.blocks import Block
from bot.parser.build import notes_tree, talk_anchor
from bot.parser.impressions import split_impressions
from words import said

KEYS = ("speaker", "title", "slides", "video", "talk_page")
"""The keys of one entry, in the order an example shows them."""
_LINK_KINDS = {"slides": LinkKind.SLIDES, "video": LinkKind.VIDEO, "talk_page": LinkKind.TALK_PAGE}
_URL = re.compile(r"^(?:https?://[^\s/]+|//[^\s/]+|/(?!/))\S*$", re.IGNORECASE)


@dataclass(frozen=True)
class FrontTalk:
    """One entry of `talks:`, checked."""

    speaker: str | None
    title: str | None
    slides: str | None = None
    video: str | None = None
    talk_page: str | None = None

    def links(self) -> tuple[TalkLink, ...]:
        """The entry's URLs as links by kind (slides, video, talk page)."""
        urls = [(key, getattr(self, key)) for key in _LINK_KINDS]
        return tuple(TalkLink(_LINK_KINDS[key], url) for key, url in urls if url)


def front_talks(extra: dict[str, Any], source: str = "") -> tuple[FrontTalk, ...] | None:
    """The checked `talks:` list of the front matter's extra keys; None when there is none."""
    key = next((k for k in extra if str(k).strip().lower() == "talks"), None)
    if key is None or extra[key] is None:
        return None
    value = extra[key]
    if not isinstance(value, list):
        raise _error(source, "talks", said("talks_key.not_a_list", got=_kind(value)))
    return tuple(_entry(item, f"talks[{n}]", source) for n, item in enumerate(value, start=1))


def _entry(item: Any, path: str, source: str) -> FrontTalk:
    if not isinstance(item, dict):
        raise _error(source, path, said("talks_key.not_a_mapping", got=_kind(item)))
    values: dict[str, Any] = {}
    paths: dict[str, str] = {}
    for raw_key, value in item.items():
        key = str(raw_key).strip().lower()
        if key not in KEYS:
            raise _error(source, f"{path}.{raw_key}", said("talks_key.unknown_key"))
        values[key], paths[key] = value, f"{path}.{raw_key}"
    speaker = _speaker(values.get("speaker"), paths.get("speaker", ""), source)
    title = _text(values.get("title"), paths.get("title", ""), source)
    if speaker is None and title is None:
        raise _error(source, path, said("talks_key.needs_speaker_or_title"))
    urls = {key: _url(values.get(key), paths.get(key, ""), source) for key in _LINK_KINDS}
    return FrontTalk(speaker, title, **urls)


def _text(value: Any, path: str, source: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _error(source, path, said("talks_key.expected_text", got=_kind(value)))
    return " ".join(str(value).split()) or None


def _speaker(value: Any, path: str, source: str) -> str | None:
    """A name, or a list of names joined with ', '."""
    if not isinstance(value, list):
        return _text(value, path, source)
    names = [_text(name, f"{path}[{n}]", source) for n, name in enumerate(value, start=1)]
    return ", ".join(name for name in names if name) or None


def _url(value: Any, path: str, source: str) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _error(source, path, said("talks_key.expected_url", value=_kind(value)))
    url = value.strip()
    if not _URL.match(url):
        shown = json.dumps(url[:80] + ("…" if len(url) > 80 else ""), ensure_ascii=False)
        raise _error(source, path, said("talks_key.expected_url", value=shown))
    return url


def _kind(value: Any) -> str:
    """How an error names a value's type: `a list`, `a mapping`, `text`, `a number`..."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _error(source: str, key: str, reason: str) -> PostError:
    return PostError(said("post.bad_talks", path=source or "<text>", key=key, reason=reason))


def with_front_talks(
    post: Post, listed: Iterable[FrontTalk], blocks: list[Block], words: frozenset[str]
) -> Post:
    """`post` with the listed talks instead of the detected ones: sure, and posted."""
    taken: set[int] = set()
    anchors: set[str] = set()
    talks = tuple(
        _talk(entry, index, blocks, words, taken, anchors) for index, entry in enumerate(listed)
    )
    return replace(
        post,
        talks=talks,
        confidence=1.0,
        talks_posted=True,
        talks_from="front_matter",
        left_out=(),
    )


def _talk(
    entry: FrontTalk,
    index: int,
    blocks: list[Block],
    words: frozenset[str],
    taken: set[int],
    anchors: set[str],
) -> Talk:
    """One listed talk, with the notes under its heading when the post has one."""
    found = _heading_of(entry.title or entry.speaker or "", blocks, taken)
    heading, body = "", []
    if found is not None:
        taken.add(found)
        heading, body = blocks[found].plain, _section(blocks, found)
    notes, impressions = split_impressions(notes_tree(body), words)
    return Talk(
        speaker=entry.speaker,
        title=entry.title,
        slides_url=entry.slides,
        notes=tuple(notes),
        impressions=tuple(impressions),
        heading=heading,
        anchor=talk_anchor(index, entry.speaker or entry.title or "", anchors),
        links=entry.links(),
        confidence=1.0,
    )


def _heading_of(text: str, blocks: list[Block], taken: set[int]) -> int | None:
    """The first free heading equal to `text`, else the first containing it (case-folded)."""
    wanted = _fold(text)
    if not wanted:
        return None
    headings = [
        (i, _fold(b.plain)) for i, b in enumerate(blocks) if b.kind == "heading" and i not in taken
    ]
    exact = next((i for i, plain in headings if plain == wanted), None)
    return exact if exact is not None else next((i for i, p in headings if wanted in p), None)


def _section(blocks: list[Block], at: int) -> list[Block]:
    """The blocks under the heading at `at`, up to the next heading of its level or higher."""
    level, body = blocks[at].level, []
    for block in blocks[at + 1 :]:
        if block.kind == "heading" and block.level <= level:
            break
        body.append(block)
    return body


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def talk_entry(talk: Talk) -> dict[str, str]:
    """A `talks:` entry for a talk (what `check` suggests): its speaker, title and first link
    of each kind; empty values left out."""
    entry = {"speaker": talk.speaker or "", "title": talk.title or ""}
    for key, kind in _LINK_KINDS.items():
        entry[key] = next((link.url for link in talk.links if link.kind == kind), "")
    entry["slides"] = entry["slides"] or talk.slides_url or ""
    return {key: value for key, value in entry.items() if value}


def dump_talks(entries: list[dict[str, str]], kind: str | None) -> str:
    """`entries` as the `talks:` key of a front matter: TOML `[[talks]]` tables for a TOML
    post (they go at the end of the `+++` block), else YAML."""
    if kind == "TOML":
        tables = [
            "[[talks]]\n" + "".join(f"{key} = {_toml_string(value)}\n" for key, value in e.items())
            for e in entries
        ]
        return "\n".join(tables)
    dumped: str = yaml.dump(
        {"talks": entries},
        Dumper=_IndentedDumper,
        allow_unicode=True,
        sort_keys=False,
        width=1000,
    )
    return dumped


class _IndentedDumper(yaml.SafeDumper):
    """YAML with list items indented under their key (`talks:\n  - speaker: ...`)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; DEL must be escaped too)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007F")
