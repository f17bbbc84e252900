"""A talk's body -> notes tree, speaker and slides found in the body, impressions split off."""

from __future__ import annotations

import re

from bot.model import Note, NoteKind, Talk
from bot.parser.blocks import Block, Link
from bot.parser.impressions import split_impressions
from bot.parser.lead_speaker import talk_speaker
from bot.parser.notes import embed_urls, is_slide_url, is_video_url, to_notes
from bot.parser.parts import TalkPart
from bot.parser.speakers import LOOK_AHEAD as _LOOK_AHEAD

_SLIDES_LABEL = re.compile(r"^\s*(?:資料|スライド|発表資料|slides?|deck)\s*[:：]", re.IGNORECASE)
_PROFILE = re.compile(r"twitter\.com/|x\.com/|facebook\.com/", re.IGNORECASE)
_ANCHOR = re.compile(r"[^a-z0-9]+")

_NO_SLIDES = ""


def notes_tree(blocks: list[Block]) -> list[Note]:
    """Notes of a talk body; each sub-heading gets what follows it (until a same-level one)."""
    root: list[Note] = []
    stack: list[tuple[int, Block, list[Note]]] = []
    for block in blocks:
        if block.kind != "heading":
            (stack[-1][2] if stack else root).extend(to_notes([block]))
            continue
        while stack and stack[-1][0] >= block.level:
            _close(stack, root)
        stack.append((block.level, block, []))
    while stack:
        _close(stack, root)
    return root


def _close(stack: list[tuple[int, Block, list[Note]]], root: list[Note]) -> None:
    _level, block, children = stack.pop()
    note = Note(NoteKind.HEADING, block.spans, tuple(children))
    (stack[-1][2] if stack else root).append(note)


def build_talk(part: TalkPart, position: int, words: frozenset[str], used: set[str]) -> Talk:
    """The `Talk` of one talk heading and its body."""
    match, heading = part.heading.match, part.heading.block
    body = list(part.body)
    speaker, title = match.speaker, match.title
    slides = _heading_slides(heading.links)
    if part.item is not None:  # a list item or embed caption: its rule chose the slides
        slides = part.item.slides
    elif (speaker is not None and title is None and match.rule == "name_handle") or (
        title is not None and speaker is None and _is_name_only(heading, body)
    ):
        speaker = speaker or title
        title, link, body = _title_from_body(body)
        slides = slides if link is None else link
    if speaker is None:
        speaker = talk_speaker(body)
    if slides is None and part.item is None:
        slides = _body_slides(body)
    notes, impressions = split_impressions(notes_tree(body), words)
    return Talk(
        speaker=speaker,
        title=title,
        slides_url=slides or None,
        notes=tuple(notes),
        impressions=tuple(impressions),
        section=part.section,
        heading=heading.plain,
        anchor=_anchor(position, speaker or title or "", used),
    )


def _heading_slides(links: list[Link]) -> str | None:
    """The heading's first link that is not a speaker profile ('' for an empty link)."""
    for link in links:
        if link.image or link.text.startswith("@") or _PROFILE.search(link.url):
            continue
        if is_video_url(link.url):
            continue
        return link.url
    return None


def _is_name_only(heading: Block, body: list[Block]) -> bool:
    """`### Jane Doe` followed by a line holding only `[Talk title](url)`."""
    words = heading.plain.split()
    if not 2 <= len(words) <= 4 or not all(word[:1].isupper() for word in words):
        return False
    return bool(body) and _only_link(body[0]) is not None


def _title_from_body(body: list[Block]) -> tuple[str | None, str | None, list[Block]]:
    if body and (link := _only_link(body[0])) is not None:
        return link.text.strip() or None, link.url, body[1:]
    return None, None, body


def _only_link(block: Block) -> Link | None:
    """The link when a paragraph or heading holds one link and nothing else."""
    if block.kind not in ("paragraph", "heading") or len(block.links) != 1:
        return None
    link = block.links[0]
    text = "".join(span.text for span in block.spans if span.url is None).strip()
    return None if link.image or text else link


def _body_slides(body: list[Block]) -> str | None:
    """A `資料:` bullet, a link alone on a line near the top, an embed, a slide-host link."""
    for index, block in enumerate(body):
        if block.kind in ("bullet", "ordered"):
            for item in block.children:
                first = item.children[0] if item.children else None
                if first is not None and _SLIDES_LABEL.match(first.plain):
                    found = [link.url for link in first.links if not link.image]
                    return found[0] if found else _from_embeds(item.children[1:]) or _NO_SLIDES
        if index >= _LOOK_AHEAD:
            continue
        if (link := _only_link(block)) is not None and link.url and not is_video_url(link.url):
            return link.url
        if block.kind == "paragraph" and _SLIDES_LABEL.match(block.plain):
            found = [link.url for link in block.links if not link.image and link.url]
            if found:
                return found[0]
    return _from_embeds(body) or _slide_link(body)


def _from_embeds(blocks: list[Block]) -> str | None:
    for block in blocks:
        if block.kind == "html":
            urls = embed_urls(block.text)
            if urls:
                return urls[0]
    return None


def _slide_link(blocks: list[Block]) -> str | None:
    pending = list(reversed(blocks))
    while pending:
        block = pending.pop()
        for link in block.links:
            if not link.image and is_slide_url(link.url):
                return link.url
        pending.extend(reversed(block.children))
    return None


def _anchor(position: int, text: str, used: set[str]) -> str:
    slug = _ANCHOR.sub("-", text.casefold()).strip("-")[:40].strip("-")
    anchor = f"talk-{position + 1}" + (f"-{slug}" if slug else "")
    while anchor in used:
        anchor += "-x"
    used.add(anchor)
    return anchor
