"""The index build's speed shortcuts give exactly what the plainer code they replaced gave.

`normalize` skips its control-character and whitespace passes for a text that has nothing
for them to change; a talk's JSON and its field texts come from one pass over its notes;
`short_tokens` takes the bigrams of whole words (no regex) and drops the ASCII ones; a change
(`PutPost`) keeps the rows made from its post, not the post. Each
property runs the shortcut and the old code (kept here as the reference) on text made of the
characters that matter, and on any text or talk."""

from __future__ import annotations

import gc
import json
import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import replace
from operator import add
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model import LinkKind, Note, Post, Talk, TalkLink
from bot.query import normalize
from bot.store.base import (
    TALK_LAYOUT,
    Fingerprint,
    PutPost,
    StoredPost,
    field_texts,
    stored_talk,
    talk_from_json,
    talk_to_json,
)
from bot.store.tokens import short_tokens
from tests.test_formatters_props import posts, talks, texts, urls

_OLD_CONTROL = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_OLD_SPACES = re.compile(r"[^\S\n]+")
_OLD_BREAKS = re.compile(r" ?\n[ \n]*")


def old_normalize(text: str) -> str:
    """`normalize` as it was before its shortcuts."""
    text = unicodedata.normalize("NFKC", text).casefold() if not text.isascii() else text.lower()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _OLD_SPACES.sub(" ", _OLD_CONTROL.sub(" ", text))
    if "\n" in text:
        text = _OLD_BREAKS.sub("\n", text)
    return text.strip(" \n")


_PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        " \n ",
        "\r",
        "\r\n",
        "\t",
        "\x0b",
        "\x1c",
        "\x85",
        "\xa0",
        "\u3000",
        "\u2002",
        "\u2028",
        "\u200b",
        "\u00ad",
        "\ufeff",
        "\x00",
        "\x7f",
        "a",
        "Kubernetes",
        "ＣＧＲＯＵＰ",
        "ß",
        "İ",
        "監視",
        "ｶﾞ",
        "か\u3099",
        "\u0301",
        "①",
        "㍿",
        "—",
        "-",
        "k8s",
    ]
)


@settings(max_examples=600)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_normalize_shortcut_is_the_old_normalize_on_spaces_and_controls(text: str) -> None:
    assert normalize(text) == old_normalize(text)


@settings(max_examples=600)
@given(st.text(max_size=40))
def test_normalize_shortcut_is_the_old_normalize_on_any_text(text: str) -> None:
    assert normalize(text) == old_normalize(text)


def _old_note_lines(notes: Iterable[Note], out: list[str]) -> None:
    for note in notes:
        if note.text.strip():
            out.append(note.text)
        _old_note_lines(note.children, out)


def old_field_texts(talk: Talk) -> dict[str, str]:
    """`field_texts` as it was: its own pass over the notes."""
    lines: list[str] = []
    _old_note_lines(talk.notes, lines)
    return {
        "title": talk.title or "",
        "speaker": talk.speaker or "",
        "impressions": "\n".join(talk.impressions),
        "notes": "\n".join(lines),
    }


def _old_note_out(note: Note) -> list[Any]:
    spans = [[span.text, span.url, span.code, span.bold] for span in note.spans]
    return [note.kind.value, spans, [_old_note_out(c) for c in note.children], note.url]


def old_talk_to_json(talk: Talk) -> str:
    """`talk_to_json` as it was: `json.dumps`, the kinds' values taken out."""
    links = [[link.kind.value, link.url, link.label] for link in talk.links]
    data = [TALK_LAYOUT, talk.speaker, talk.title, talk.slides_url]
    data += [[_old_note_out(note) for note in talk.notes], list(talk.impressions)]
    data += [talk.section, talk.heading, talk.anchor, links]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


_LINKS = st.lists(
    st.builds(TalkLink, kind=st.sampled_from(LinkKind), url=urls.filter(bool), label=texts),
    max_size=3,
).map(tuple)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(talks, _LINKS)
def test_one_pass_gives_the_old_json_and_texts(talk: Talk, links: tuple[TalkLink, ...]) -> None:
    talk = replace(talk, links=links)
    data, found = stored_talk(talk)
    assert data == old_talk_to_json(talk) == talk_to_json(talk)
    assert found == old_field_texts(talk) == field_texts(talk)
    assert talk_from_json(data) == talk


_OLD_RUNS = re.compile(r"[!-\x7f]?[^\x00-\x7f][^ \n]*")


def old_short_tokens(text: str) -> set[str]:
    """`short_tokens` as it was (a regex for the runs from the first non-ASCII character), as a
    set: the order of the tokens never mattered (FTS5 `detail=column`)."""
    found: set[str] = set()
    for run in _OLD_RUNS.findall(text):
        found.update(map(add, run, run[1:]))
        if run[-1] > "\x7f":
            found.add(run[-1])
    return {token for token in found if not token.isascii()}


@settings(max_examples=600)
@given(st.lists(_PIECES, max_size=14).map("".join) | st.text(max_size=40))
def test_short_tokens_shortcut_gives_the_old_tokens(text: str) -> None:
    text = normalize(text)  # what the store gives it
    made = short_tokens(text)
    assert set(made.split(" ")) - {""} == old_short_tokens(text)
    assert len(made.split(" ")) == len(set(made.split(" ")))  # each token once


@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
@given(posts)
def test_a_put_post_keeps_the_rows_the_store_made_from_the_post(post: Post) -> None:
    """A change keeps what was written from the post before (each talk's normalised field
    texts and JSON, its title and date), not the parsed post itself."""
    change = PutPost("p", Fingerprint(1, 2, "h"), post)
    expected = tuple(
        (*(normalize(text) for text in old_field_texts(talk).values()), old_talk_to_json(talk))
        for talk in post.talks
    )
    assert change.stored == StoredPost(post.title, post.date, expected)
    made = replace(post, title=post.title + " (made here)")  # (hypothesis keeps `post`)
    left = weakref.ref(made)
    change = PutPost("p", Fingerprint(1, 2, "h"), made)
    del made
    gc.collect()
    assert left() is None and change.stored is not None
