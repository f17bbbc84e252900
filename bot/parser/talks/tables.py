"""Talks listed as the rows of a table: a header naming a Title (or Talk, 内容, タイトル…) and/or
a Speaker (発表者, 登壇者…) column, and optionally Slides, Video and Time columns.

A row is a talk when it has a title or a speaker and is not a programme row (`Open`, `Break`,
`懇親会`). A table without such a header, or with fewer than two talk rows, is a table of notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.model import Span
from bot.parser.blocks import Block, Link
from bot.parser.link_sources import BARE_URL
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.headings import is_break, is_group_row
from bot.parser.talks.item_rules import ItemMatch
from bot.parser.talks.lists import ItemTalk
from bot.parser.talks.names import HANDLE, clean_speaker

_COLUMNS = {
    "title": re.compile(
        r"^(?:talk|talks|title|talk title|session|session title|topic|subject|presentation"
        r"|タイトル|演題|発表|発表タイトル|発表内容|内容|セッション|テーマ|講演|講演タイトル"
        r"|titel|föredrag|titre|sujet|conférence|thema|vortrag|título|charla|tema|titolo"
        r"|주제|제목|발표|세션|议题|题目|主题|标题|講題|題目)$",
        re.IGNORECASE,
    ),
    "speaker": re.compile(
        r"^(?:speakers?|presenters?|by|name|who|登壇者|発表者|スピーカー|講演者|名前|氏名|担当"
        r"|talare|föreläsare|intervenants?|orateurs?|conférenciers?|sprecher(?:in)?|referent(?:in)?"
        r"|ponentes?|relatore|palestrante|spreker|발표자|연사|讲者|讲师|分享嘉宾|嘉宾|講者)"
        r"(?:\s*name)?$",
        re.IGNORECASE,
    ),
    "slides": re.compile(
        r"^(?:(?:talk\s*)?slides?|deck|資料|スライド|発表資料|présentation|bilder|folien"
        r"|diapositivas|자료|슬라이드|발표\s?자료|幻灯片|投影片|ppt|簡報)$",
        re.IGNORECASE,
    ),
    "video": re.compile(r"^(?:videos?|recording|動画|録画|vidéo|영상|视频|影片)$", re.IGNORECASE),
}
_MIN_ROWS = 2


@dataclass(frozen=True)
class _Layout:
    title: int | None
    speaker: int | None
    slides: int | None


def table_talks(block: Block) -> list[ItemTalk] | None:
    """The talks of a table whose header names its title/speaker columns, else None."""
    if block.kind != "table" or len(block.rows) < _MIN_ROWS + 1:
        return None
    layout = _columns(block.rows[0])
    if layout is None:
        return None
    talks = []
    for cells, links in zip(block.rows[1:], block.row_links[1:], strict=False):
        talk = _row_talk(cells, links, layout)
        if talk is not None:
            talks.append(talk)
    return talks if len(talks) >= _MIN_ROWS else None


def _columns(header: list[str]) -> _Layout | None:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        text = " ".join(name.split())
        for kind, pattern in _COLUMNS.items():
            if kind not in found and pattern.match(text):
                found[kind] = index
                break
    if "title" not in found and "speaker" not in found:
        return None
    return _Layout(found.get("title"), found.get("speaker"), found.get("slides"))


def _cell(cells: list[str], index: int | None) -> str:
    return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""


def _row_talk(cells: list[str], links: list[list[Link]], layout: _Layout) -> ItemTalk | None:
    title, speaker = _cell(cells, layout.title), _cell(cells, layout.speaker)
    if layout.speaker is None and title:
        split = match_heading(title)
        title, speaker = split.title or "", split.speaker or ""
    if (not title and (layout.title is not None or not speaker)) or is_break(title):
        return None  # a row with a title column and no title is a programme note
    if is_group_row(title):
        return None  # `LT（3本）`: the talks it stands for are listed elsewhere
    at = layout.title
    title_links = links[at] if at is not None and at < len(links) else []
    row = Block("paragraph", spans=(Span(title or speaker),), links=list(title_links))
    slides = _slides(links, layout.slides) or _bare_deck(_cell(cells, layout.slides))
    match = ItemMatch(_speaker(speaker), title or None, slides, "table_row")
    return ItemTalk(row, match, [])


def _speaker(text: str) -> str | None:
    """The speaker cell: a name before a handle in brackets is the speaker; else a handle inside
    a longer cell (`Organiser @jdoe`)."""
    handles: list[str] = re.findall(HANDLE, text)
    named = _NAME_THEN_HANDLE.match(text)
    if named is not None:
        return clean_speaker(
            named["name"]
        )  # `한동훈 (@dh_rustacean)`: the name, as the post gives it
    if len(handles) == 1 and len(text.split()) > 1 and not text.startswith("@"):
        return handles[0]
    return clean_speaker(text) if text else None


_NAME_THEN_HANDLE = re.compile(r"^(?P<name>[^@()（）`]{1,40}?)\s*[(（]\s*`?@[\w.\-]+`?\s*[)）]$")


_BARE_URL = re.compile(BARE_URL)


def _bare_deck(cell: str) -> str | None:
    """A URL written out in the slides cell (no link syntax around it)."""
    found = _BARE_URL.search(cell) if "://" in cell else None
    return found[0] if found else None


def _slides(links: list[list[Link]], index: int | None) -> str | None:
    if index is None or index >= len(links):
        return None
    return next((link.url for link in links[index] if link.url and not link.image), None)
