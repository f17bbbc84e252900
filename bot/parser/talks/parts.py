"""The parts a post's top-level blocks are cut into (by `bot.parser.talks.layout.lay_out`).

A `Heading` is a heading block with what the heading rules make of it; a `TalkPart` is one talk
(a talk heading, or a list item or embed caption standing in for one) with the blocks of its
body; a `Layout` is the whole post: preamble, talks, impressions and the post-level rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.model import LeftOut
from bot.parser.blocks import Block
from bot.parser.talks.heading_shapes import HeadingMatch
from bot.parser.talks.item_rules import ItemMatch


@dataclass
class Heading:
    """A heading block and what the rules make of it."""

    block: Block
    match: HeadingMatch
    non_talk: bool
    impression: bool
    group_answers: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)
    """Whether its text or title names a group of talks, by that text: the big case-blind group
    pattern is tried once per text, however often the layout asks (`headings.is_group`)."""


@dataclass
class TalkPart:
    """A talk heading and the blocks of its body (sub-headings included)."""

    heading: Heading
    section: str | None
    body: list[Block] = field(default_factory=list)
    item: ItemMatch | None = None
    """Set for a talk found in a list item or an embed caption (`heading.block` is its text)."""
    group: str = ""
    """Which run of sibling units it came from (`h3`: the level-3 headings; `b12`: the list or
    table at block 12): talks are the repeated units of one shape, judged together."""


@dataclass
class Layout:
    """The document cut into parts."""

    preamble: list[Block] = field(default_factory=list)
    talks: list[TalkPart] = field(default_factory=list)
    impression_blocks: list[Block] = field(default_factory=list)
    outside: list[Block] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    """Headings the cut did not take as talks, with why (`section_word`, `break`, `container`)."""
