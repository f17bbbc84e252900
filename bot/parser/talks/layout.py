"""Split the top-level blocks into preamble, talks (under their groups) and post-level sections.

`lay_out` walks the blocks once. Headings at the talk level (see `bot.parser.talks.headings`) open a
talk; headings above it, group headings and headings over a talk list open a section that names
the talks under it; non-talk headings send what follows to the post's impressions or to the rest.
Every other block goes where the last heading sent it, unless it is a talk list or caption.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bot.model import LeftOut
from bot.parser.blocks import Block
from bot.parser.talks.heading_shapes import HeadingMatch, clean_title, split_as_siblings
from bot.parser.talks.headings import (
    choose_level,
    classify,
    group_level,
    is_break,
    label_only,
    names_group,
    names_lt,
)
from bot.parser.talks.lead_speaker import labelled_speaker
from bot.parser.talks.lists import ItemTalk
from bot.parser.talks.parts import Heading, Layout, TalkPart
from bot.parser.talks.tidy import names_own_talk, opens_with_talk_label
from bot.parser.talks.units import (
    backed_headings,
    find_item_talks,
    holds_list_talks,
    item_part,
    tidy_talks,
)


def lay_out(blocks: list[Block], words: frozenset[str], skip: Block | None) -> Layout:
    """Cut the blocks into preamble, talks and post-level sections."""
    heads = {id(b): classify(b, words) for b in blocks if b.kind == "heading" and b is not skip}
    talk_level = choose_level(list(heads.values()), backed_headings(blocks, heads))
    found = find_item_talks(blocks, heads)
    cutter = _Cutter(blocks, heads, found, talk_level)
    for index, block in enumerate(blocks):
        head = heads.get(id(block))
        if head is None:
            cutter.place_block(index, block)
        else:
            cutter.place_heading(index, head)
    layout = cutter.layout
    if found:
        layout.talks = tidy_talks(layout.talks, layout.outside)
    split_like_siblings(layout.talks)
    unsplit_for_labels(layout.talks)
    return layout


def unsplit_for_labels(parts: list[TalkPart]) -> None:
    """A heading split by its sides (`Building UIs - Based ML`) whose body names the speaker
    with a label (`Speaker: Jane Doe`) is all title: the label outranks the guess."""
    for part in parts:
        match = part.heading.match
        if part.item is None and match.rule.endswith("sides") and labelled_speaker(part.body):
            text = part.heading.block.plain
            part.heading.match = HeadingMatch(None, clean_title(text), True, "labelled")


def split_like_siblings(parts: list[TalkPart]) -> None:
    """Headings left unsplit (`Serverless cost surprises: Chiara Bellini`) split the way most of
    their sibling headings are (`Title: Name`, `Name - Title`), when at least two agree."""
    sides: dict[str, Counter[str]] = {}
    for part in parts:
        match, text = part.heading.match, part.heading.block.plain
        if part.item is not None or not (match.speaker and match.title):
            continue
        if text.rstrip().endswith(match.speaker):
            sides.setdefault(part.group, Counter())["right"] += 1
        elif text.lstrip().startswith(match.speaker):
            sides.setdefault(part.group, Counter())["left"] += 1
    for part in parts:
        votes = sides.get(part.group)
        if part.item is not None or part.heading.match.speaker or not votes:
            continue
        side, count = votes.most_common(1)[0]
        if count >= 2 and count * 3 >= 2 * sum(votes.values()):
            found = split_as_siblings(part.heading.block.plain, side)
            if found is not None:
                part.heading.match = found


@dataclass
class _Cutter:
    """The walk's state: where blocks go now, and the section and group they are in."""

    blocks: list[Block]
    heads: dict[int, Heading]
    found: dict[int, list[ItemTalk]]
    talk_level: int | None
    layout: Layout = field(default_factory=Layout)
    target: list[Block] = field(init=False)
    section: str | None = None
    section_level: int = 0
    """The level of the heading that named `section`."""
    group: tuple[int, int] | None = None
    """(level of the group heading, level of its talks)."""
    near: Heading | None = None
    """The closest heading above, any level."""
    in_talk: bool = False
    opened: bool = False
    """True while blocks go to the body of a paragraph talk."""

    def __post_init__(self) -> None:
        self.target = self.layout.preamble

    def place_block(self, index: int, block: Block) -> None:
        items = self.found.get(index)
        if items is None or self.in_talk:
            if block.kind == "hr" and self.opened:
                self.target, self.opened = self.layout.outside, False  # a rule ends the talk
            self.target.append(block)
            return
        name = self.near.block.plain if self.near is not None else self.section
        for item in items:
            part = item_part(item, name)
            part.group = "p" if item.opens else f"b{index}"
            self.layout.talks.append(part)
            if item.opens:
                self.target, self.opened = part.body, True

    def place_heading(self, index: int, head: Heading) -> None:
        self.near, self.opened = head, False
        block = head.block
        if self.talk_level is None:
            if head.non_talk:  # `## Thoughts` in a post that lists its talks as bullets
                self.target = self._post_level(head)
            self.target.append(block)
            return
        if self.group is not None and block.level <= self.group[0]:
            self.group = None
        effective = self.group[1] if self.group is not None else self.talk_level
        if block.level > effective:
            if self.in_talk and self._talk_below(index, head):
                self._open_talk(head)  # `### Lightning talk: Title` + `Speaker:` in a talk
                return
            self.target.append(block)
            return
        self.in_talk = False
        self._open(index, head, effective)

    def _open(self, index: int, head: Heading, effective: int) -> None:
        """Start what a heading at or above the talk level `effective` begins."""
        block, level = head.block, head.block.level
        if head.non_talk:
            self.target = self._post_level(head)
            if head.impression:
                self.target.append(block)
            else:
                self._leave_out(head)
            self.section = None
        elif level < effective and self._talk_above(index, head):
            self._open_talk(head)  # `## Title - Name` beside `## LT` holding `### Title - Name`
        elif level < effective:
            self._open_section(block.plain, level)
            sub = group_level(index, self.blocks, self.heads)
            if sub is not None and sub > effective:  # `### Day 1` right over `###### Talk`
                self.group = (level, sub)
        else:
            self._open_at_talk_level(index, head)

    def _talk_above(self, index: int, head: Heading) -> bool:
        """A heading above the talk level that names a speaker, or says it is the author's own
        talk (`## My talk`), and holds no sub-headings."""
        named = head.match.strong and head.match.speaker and not names_group(head)
        if not named and not names_own_talk(head.block.plain):
            return False
        for block in self.blocks[index + 1 :]:
            if block.kind == "heading":
                return block.level <= head.block.level
        return True

    def _talk_below(self, index: int, head: Heading) -> bool:
        """A heading below the talk level that says it is a talk (`Lightning talk: Title`) and
        whose first blocks name its speaker with a label: a talk of its own."""
        if head.non_talk or not opens_with_talk_label(head.block.plain):
            return False
        return labelled_speaker(self.blocks[index + 1 : index + 4]) is not None

    def _open_at_talk_level(self, index: int, head: Heading) -> None:
        """A group heading, a heading over a talk list, or a talk."""
        block, level = head.block, head.block.level
        sub = group_level(index, self.blocks, self.heads)
        if sub is not None or label_only(index, self.blocks, head):
            self.group = (level, sub) if sub is not None else self.group
            self._open_section(block.plain, level if sub is None else 0)
        elif self._over_list_talks(index, head):
            self._open_section(block.plain, level)  # `## Room A` over a list of talks
        else:
            self._open_talk(head)

    def _post_level(self, head: Heading) -> list[Block]:
        return self.layout.impression_blocks if head.impression else self.layout.outside

    def _open_section(self, name: str, level: int) -> None:
        self.section, self.target, self.section_level = name, self.layout.outside, level
        if name:
            self.layout.left_out.append(LeftOut(name, "container"))

    def _leave_out(self, head: Heading) -> None:
        text = head.block.plain
        if text:
            reason = "break" if is_break(head.match.title or text) else "section_word"
            self.layout.left_out.append(LeftOut(text, reason))

    def _over_list_talks(self, index: int, head: Heading) -> bool:
        if not self.found:
            return False
        if head.match.strong and not names_lt(head.block.plain):
            return False
        return holds_list_talks(index, self.blocks, self.found)

    def _open_talk(self, head: Heading) -> None:
        if head.block.level <= self.section_level:
            self.section = None  # `## LT` (a list), then `## Title by Name`: not in the LT
        part = TalkPart(head, self.section, group=f"h{head.block.level}")
        self.layout.talks.append(part)
        self.target, self.in_talk = part.body, True
