"""Every link of a talk, by kind (`bot.parser.link_kinds`), in post order.

Position decides what a host cannot: a talk's lead link (in its heading, not the speaker's;
alone on a line at the top of its body; labelled with the talk's title) is its material, so an
article, code or an unknown page there is the slides unless a slides link comes before it.
`talk_links` / `read_links` give a talk's links in post order, embeds, tags and bare URLs
included (`bot.parser.link_sources`); `slides_url` is the first slides one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from bot.model import LinkKind, TalkLink
from bot.parser.blocks import Block, Link
from bot.parser.link_kinds import (
    LABEL_LINE,
    OTHER,
    SLIDES,
    kind_and_known,
    settled_kind,
    upgradable,
)
from bot.parser.link_sources import CONTEXT, Found, HtmlRead, build_url, read_html, text_links

_BARE = re.compile(r"https?://\S+")
_INLINE_KINDS = frozenset(("paragraph", "heading", "table", "html"))
"""Blocks with text of their own (the others hold blocks)."""
_MAX_LABEL_LINE = 20
LEAD_BLOCKS = 4
"""How far down a talk's body its lead link may be (after short lines only)."""


class TalkLinks(NamedTuple):
    """A talk's links by kind, and its slides."""

    links: tuple[TalkLink, ...]
    slides_url: str | None
    """The first slides link; None when there is none, or when the first is an embed the post
    gives only by its id (its built URL is in `links`, for the Slides button)."""


class _Entry:
    """A link on its way to a `TalkLink`."""

    __slots__ = ("built", "embed", "kind", "known", "label", "lead", "url")

    def __init__(self, found: Found, kind: tuple[LinkKind, bool], lead: bool = False) -> None:
        self.url, self.label, self.embed, self.lead = found.url, found.label, found.embed, lead
        self.built = found.built
        self.kind, self.known = kind


def _entry(found: Found, lead: bool = False) -> _Entry:
    """A link with its kind, from its URL, its label and its context."""
    return _Entry(found, kind_and_known(found.url, found.label, found.context), lead)


def _html_entries(read: HtmlRead, label: str, lead: bool = False) -> list[_Entry]:
    """An HTML fragment's links with their kinds; the text before a link (else `label`, the
    label line before the fragment) is read only when its URL and label leave the kind open."""
    out: list[_Entry] = []
    for index, found in enumerate(read.found):
        kind = settled_kind(found.url, found.label)
        if kind is None:
            kind = kind_and_known(found.url, found.label, read.context(index) or label)
        out.append(_Entry(found, kind, lead))
    return out


def read_links(
    heading_links: Sequence[Link],
    body: Sequence[Block],
    *,
    speaker: str | None = None,
    title: str | None = None,
    slides_hint: str | None = None,
) -> TalkLinks:
    """Every link of a talk in post order with its kind: the heading's, then the body's (embeds,
    tags and bare URLs included, images and code left out), each URL once; and its slides.

    The speaker's own heading links (`[@name](…)`, a link on the speaker's name) are `other`.
    `slides_hint`, the slides a list-item rule chose, is slides. The lead link (the heading's;
    one alone on a line at the top of the body, after at most a short speaker line; one
    labelled with the talk's title) is the slides unless a slides link comes before it or it
    is a video, a talk page, a profile or an event page."""
    entries = [
        _heading_entry(link, speaker) for link in heading_links if link.url and not link.image
    ]
    if slides_hint and all(entry.url != slides_hint for entry in entries):
        entries.append(_entry(Found(slides_hint), lead=True))
    first: dict[str, _Entry] = {}
    for entry in entries + _body_entries(body, _title_key(title)):
        first.setdefault(entry.url, entry)
    hinted = first.get(slides_hint) if slides_hint is not None else None
    if hinted is not None and upgradable(hinted.kind, hinted.known):
        hinted.kind = SLIDES
    unique = list(first.values())
    slides = None  # the first slides link, once the lead link may have become it
    for entry in unique:
        if entry.kind is SLIDES or (entry.lead and upgradable(entry.kind, entry.known)):
            entry.kind = SLIDES
            slides = entry
            break
    links = tuple([TalkLink(entry.kind, entry.url, entry.label) for entry in unique])
    return TalkLinks(links, slides.url if slides is not None and not slides.built else None)


def talk_links(
    heading_links: Sequence[Link], body: Sequence[Block], **hints: str | None
) -> tuple[TalkLink, ...]:
    """The links of `read_links` alone (same arguments)."""
    return read_links(heading_links, body, **hints).links


def _heading_entry(link: Link, speaker: str | None) -> _Entry:
    text = link.text.strip()
    own = text.startswith("@") or bool(speaker and text and text in speaker)
    entry = _entry(Found(link.url, link.text), lead=not own)
    if own and entry.kind is not SLIDES:
        entry.kind, entry.known = OTHER, True
    return entry


def _title_key(title: str | None) -> str:
    return "".join((title or "").casefold().split())


def _body_entries(body: Sequence[Block], title: str) -> list[_Entry]:
    """The links of a talk's body in post order (adjacent HTML blocks read as one embed)."""
    out: list[_Entry] = []
    lead = _lead_block(body)
    pending = list(reversed(body))
    previous: Block | None = None  # the line before: a label (`スライド:`) for the next link?
    while pending:
        block = pending.pop()
        kind = block.kind
        if kind not in _INLINE_KINDS:
            pending.extend(reversed(block.children))  # lists, items, quotes
            continue
        if not block.links and kind != "html":
            text = block.source or block.plain  # no link: the common case, kept cheap
            if "://" not in text and "{" not in text and "<" not in text:
                previous = block
                continue
        label = _label_line(previous) if previous is not None else ""
        previous = block
        if kind == "html":
            found = _html_entries(read_html(block.text), label)
            while pending and pending[-1].kind == "html":  # adjacent blocks: one embed
                found += _html_entries(read_html(pending.pop().text), label)
            found = _decks_first(found)
        else:
            found = _decks_first(_block_entries(block, label, block is lead))
        if title:
            for entry in found:
                if not entry.lead and entry.label:  # an empty label names no title
                    entry.lead = _title_key(entry.label) == title
        out += found
    return out


def _decks_first(entries: list[_Entry]) -> list[_Entry]:
    """A deck's own link (a SlideShare caption, a Hatena citation) before its player."""
    if len(entries) < 2:
        return entries
    decks = [e for e in entries if e.kind is SLIDES and not e.embed]
    if not decks or not any(e.kind is SLIDES and e.embed for e in entries):
        return entries
    return decks + [e for e in entries if e not in decks]


def _block_entries(block: Block, label: str, lead: bool) -> list[_Entry]:
    """A block's own links (not its children's): markdown links, then inline HTML, tags and
    bare URLs."""
    if block.kind == "table":
        text = "\n".join(" ".join(row) for row in block.rows)
    else:
        text = block.source or block.plain
    if not block.links and "://" not in text and "{" not in text and "<" not in text:
        return []
    contexts = _contexts(block) if block.links else {}
    out: list[_Entry] = []
    for link in block.links:
        if link.url and not link.image:
            out.append(_entry(_link_found(link, contexts.get(link.url) or label), lead))
    if block.source and "<" in block.source:
        out += _html_entries(read_html(block.source), "", lead)
    return out + [_entry(found, lead) for found in text_links(text)]


def _link_found(link: Link, context: str) -> Found:
    """A markdown link; Zenn's `@[speakerdeck](ID)`, read by markdown as a link to a relative
    `ID`, is the embed's URL."""
    if "/" not in link.url and "." not in link.url:
        url = build_url(link.text.strip(), link.url)
        if url is not None:
            return Found(url, "", True, context, built=True)
    return Found(link.url, link.text, False, context)


def _contexts(block: Block) -> dict[str, str]:
    """The text before each link of a block (since the previous link), by URL."""
    out: dict[str, str] = {}
    before, previous = "", None
    for span in block.spans:
        if span.url is None:
            before += span.text
        elif span.url != previous:
            out.setdefault(span.url, before[-CONTEXT:].rsplit("\n", 1)[-1])
            before = ""
        previous = span.url
    return out


def _label_line(block: Block) -> str:
    """A short line that only names a kind (`スライド:`, `Slides`): the next link's context."""
    if block.kind != "paragraph" or block.links or len(block.plain) > _MAX_LABEL_LINE:
        return ""
    return block.plain if LABEL_LINE.match(block.plain.casefold()) else ""


def _lead_block(body: Sequence[Block]) -> Block | None:
    """The line at the top of a talk's body that holds only its link, after at most short
    lines (a speaker line, a metadata table)."""
    for block in body[:LEAD_BLOCKS]:
        if _lone_link(block):
            return block
        if not (block.kind == "table" or (block.kind == "paragraph" and len(block.plain) <= 40)):
            return None
    return None


def _lone_link(block: Block) -> bool:
    """A paragraph holding one link and nothing else (a markdown link or a bare URL)."""
    if block.kind != "paragraph":
        return False
    if block.links:
        rest = "".join(span.text for span in block.spans if span.url is None)
        return len([link for link in block.links if not link.image]) == 1 and not rest.strip()
    return bool(_BARE.fullmatch(block.plain))
