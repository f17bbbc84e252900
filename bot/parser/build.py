"""A talk's body -> notes tree, speaker found in the body, links by kind (`bot.parser.links`),
impressions split off."""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.model import Note, NoteKind, Talk, TalkLink
from bot.parser.blocks import Block, Link
from bot.parser.impressions import split_impressions
from bot.parser.link_kinds import is_slide_url
from bot.parser.links import TalkLinks, read_links
from bot.parser.notes import to_notes
from bot.parser.talks.confidence import talk_score
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.lead_speaker import talk_speaker
from bot.parser.talks.parts import TalkPart
from bot.parser.talks.tidy import (
    SPEAKER_RULES,
    TITLE_RULES,
    is_talk_label,
    speaker_in_title,
    tidy,
)

_ALNUM = re.compile(r"[a-z0-9]+")


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


_NO_ONE = frozenset(
    ("various", "tba", "tbd", "tbc", "n/a", "everyone", "all", "未定", "調整中", "各位", "多数")
)
_WORDY = re.compile(r"[^\W_]")
"""A letter or digit of any script: a speaker without one names no one."""


def build_talk(part: TalkPart, position: int, words: frozenset[str], used: set[str]) -> Talk:
    """The `Talk` of one talk heading and its body."""
    match, heading = part.heading.match, part.heading.block
    body = list(part.body)
    speaker, title = match.speaker, match.title
    lead = list(heading.links)
    if part.item is None and (
        (speaker is not None and title is None and match.rule == "name_handle")
        or (title is not None and speaker is None and _is_name_only(heading, body))
    ):
        speaker = speaker or title
        title, link, body = _title_from_body(body)
        lead += [link] if link is not None else []
    if part.item is None and speaker is not None and title is None:
        title = _quoted_title(body)  # `## 4番目：堂島さん` over `タイトルは「Title」。`
    elif part.item is None and title is not None and is_talk_label(title):
        title, speaker = _lead_title(body) or (title, speaker)  # `## My talk` over `**"T"**`
    if speaker is None:
        speaker = talk_speaker(body)
    speaker, title = tidy(speaker, SPEAKER_RULES), tidy(title, TITLE_RULES)
    if speaker is not None and (_WORDY.search(speaker) is None or speaker.casefold() in _NO_ONE):
        speaker = None  # `???`, `-`, `various`, `TBA`: the post names no one
    if speaker is None and title is not None:
        speaker, title = speaker_in_title(title) or (None, title)
    links = _links(part, lead, body, speaker, title)
    notes, impressions = split_impressions(notes_tree(body), words)
    evidence = _Evidence(
        speaker, title, links.slides_url, links.links, tuple(notes), tuple(impressions)
    )
    return Talk(
        speaker=speaker,
        title=title,
        slides_url=links.slides_url,
        links=links.links,
        notes=tuple(notes),
        impressions=tuple(impressions),
        section=part.section,
        heading=heading.plain,
        anchor=talk_anchor(position, speaker or title or "", used),
        confidence=talk_score(evidence, part),
    )


class _Evidence(NamedTuple):
    """A talk's parts before it is built, as the detector's score reads them."""

    speaker: str | None
    title: str | None
    slides_url: str | None
    links: tuple[TalkLink, ...]
    notes: tuple[Note, ...]
    impressions: tuple[str, ...]


def _links(
    part: TalkPart, lead: list[Link], body: list[Block], speaker: str | None, title: str | None
) -> TalkLinks:
    """The talk's links by kind; a list item's or embed caption's rule chose its slides."""
    hint = part.item.slides if part.item is not None else None
    return read_links(lead, body, speaker=speaker, title=title, slides_hint=hint)


def _is_name_only(heading: Block, body: list[Block]) -> bool:
    """`### Jane Doe` followed by a line holding only `[Talk title](url)`."""
    words = heading.plain.split()
    if not 2 <= len(words) <= 4 or not all(word[:1].isupper() for word in words):
        return False
    return bool(body) and _only_link(body[0]) is not None


def _title_from_body(body: list[Block]) -> tuple[str | None, Link | None, list[Block]]:
    if body and (link := _only_link(body[0])) is not None:
        return link.text.strip() or None, link, body[1:]
    return None, None, body


_QUOTED_TITLE = re.compile(r"[「『“](?P<title>[^「」『』“”\n]{4,80})[」』”]")
_QUOTED_LINE = re.compile(r"[「『“\"](?P<title>[^\n]{4,120})[」』”\"]")


def _quoted_title(body: list[Block]) -> str | None:
    """The first quoted title near the top of a talk's first paragraph, for a heading that
    names only its speaker."""
    first = next((block for block in body[:2] if block.kind == "paragraph"), None)
    found = _QUOTED_TITLE.search(first.plain[:160]) if first is not None else None
    return found["title"].strip() if found else None


def _lead_title(body: list[Block]) -> tuple[str, str | None] | None:
    """The title (and speaker) a talk's first paragraph gives under a heading that only says
    it is a talk: all bold or all quoted (`**"Title"**`), or a deck's link (`[Title](deck) by
    @x`, `My talk was [Title](deck).`)."""
    first = body[0] if body and body[0].kind == "paragraph" else None
    if first is None or not first.spans:
        return None
    text = first.plain.strip()
    if len(text) <= 140 and all(span.bold for span in first.spans if span.text.strip()):
        return (text.strip('"“”「」'), None) if text.strip('"“”「」') else None
    found = _QUOTED_LINE.fullmatch(text) if len(text) <= 140 else None
    if found:
        return found["title"], None
    deck = next((link for link in first.links if is_slide_url(link.url)), None)
    if deck is None or len(deck.text.strip()) < 4:
        return None
    split = match_heading(first.plain.split("\n")[0])
    same = split.strong and split.title and deck.text.strip() in split.title
    return deck.text.strip(), split.speaker if same else None


def _only_link(block: Block) -> Link | None:
    """The link when a paragraph or heading holds one link and nothing else."""
    if block.kind not in ("paragraph", "heading") or len(block.links) != 1:
        return None
    link = block.links[0]
    text = block.plain.replace(" ".join(link.text.split()), "", 1).strip()  # `[Title]()` too
    return None if link.image or text else link


def talk_anchor(position: int, text: str, used: set[str]) -> str:
    """A URL-safe id of the talk at `position`, unique among `used` (which it joins)."""
    slug = "-".join(_ALNUM.findall(text.casefold()))[:40].strip("-")  # other runs made `-`
    anchor = f"talk-{position + 1}" + (f"-{slug}" if slug else "")
    while anchor in used:
        anchor += "-x"
    used.add(anchor)
    return anchor
