"""Talks listed as a timetable in a code block: one line per slot, each starting with its time
(`13:30 Title / Name`, `19:00-19:20  Name「Title」`).

A block is a timetable when most of its lines start with a clock time; a line of it is a talk
when the heading rules find a speaker in what follows the time and it is no programme row
(`Break`, `懇親会`, `LT（3本）`). Fewer than two such lines: a code block of the talk's notes.
"""

from __future__ import annotations

import re

from bot.model import Span
from bot.parser.blocks import Block
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.headings import is_break, is_group_row
from bot.parser.talks.item_rules import ItemMatch
from bot.parser.talks.lists import ItemTalk

_SLOT = re.compile(
    r"^\s*(?:\d{1,2}[:：]\d{2})(?![:：]?\d)(?:\s*[-–—~〜～]\s*(?:\d{1,2}[:：]\d{2})?)?\s+"
)
"""A clock time (and the slot's end) at a line's start; `12:00:01` is a log line's, not a slot's."""
_MIN_TALKS = 2


def timetable_talks(block: Block) -> list[ItemTalk] | None:
    """The talks of a code block written as a timetable, else None."""
    if block.kind != "code" or (":" not in block.text and "：" not in block.text):
        return None
    lines = [line for line in block.text.splitlines() if line.strip()]
    slots = [found for found in map(_SLOT.match, lines) if found is not None]
    if len(slots) < _MIN_TALKS + 1 or len(slots) * 2 < len(lines):
        return None
    talks = [talk for talk in map(_slot_talk, slots) if talk is not None]
    return talks if len(talks) >= _MIN_TALKS else None


def _slot_talk(slot: re.Match[str]) -> ItemTalk | None:
    text = slot.string[slot.end() :].strip()
    if not text or is_break(text) or is_group_row(text):
        return None
    split = match_heading(text)
    if split.speaker is None or not split.title:
        return None  # `受付`, `乾杯`: a slot of the programme, or a title nobody gives
    row = Block("paragraph", spans=(Span(split.title),))
    return ItemTalk(row, ItemMatch(split.speaker, split.title, None, "timetable_line"), [])
