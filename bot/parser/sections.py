"""Split the top-level blocks into preamble, talks (under their groups) and post-level sections."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.parser.blocks import Block
from bot.parser.impressions import is_impression
from bot.parser.speakers import body_speaker
from bot.parser.talks import HeadingMatch, match_heading

_NON_TALK = re.compile(
    r"^(?:まとめ|感想|所感|参考|参考資料|参考文献|参考リンク|リンク|おわりに|終わりに|はじめに|始めに"
    r"|最後に|さいごに|その他|おまけ|情報|概要|開催概要|目次|告知|宣伝|追記|余談|雑感|反省|懇親会"
    r"|thanks|thank you|links?|references?|summary|agenda|conclusions?|introduction|intro"
    r"|overview|resources|tl;?dr|notes|goal|personal notes|update|schedule|about|wrap.?up"
    r"|all talks|all posters|big concepts)(?![A-Za-z])",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"^(?:lts?|lightning\s*talks?|ライトニングトーク|lt大会|lt枠|day\s*\d+.*|\d+日目.*|前夜祭|room\s*\S+"
    r"|hall|track\s*\S+|sessions?|セッション|メインセッション|keynotes?|sponsors?|スポンサー.*|talks"
    r"|発表|内容|(?:mon|tues|wednes|thurs|fri|satur|sun)day.*|the talks.*|most useful talks)$",
    re.IGNORECASE,
)


@dataclass
class Heading:
    """A heading block and what the rules make of it."""

    block: Block
    match: HeadingMatch
    non_talk: bool
    impression: bool


@dataclass
class TalkPart:
    """A talk heading and the blocks of its body (sub-headings included)."""

    heading: Heading
    section: str | None
    body: list[Block] = field(default_factory=list)


@dataclass
class Layout:
    """The document cut into parts."""

    preamble: list[Block] = field(default_factory=list)
    talks: list[TalkPart] = field(default_factory=list)
    impression_blocks: list[Block] = field(default_factory=list)
    outside: list[Block] = field(default_factory=list)


def classify(block: Block, words: frozenset[str]) -> Heading:
    """Rule match and flags of a heading block."""
    text = block.plain
    impression = is_impression(text, words)
    non_talk = impression or bool(_NON_TALK.match(text)) or not text or text.startswith("{%")
    return Heading(block, match_heading(text), non_talk, impression)


def choose_level(headings: list[Heading]) -> int | None:
    """The heading level whose headings look most like talks (strong first, then plain)."""
    strong: Counter[int] = Counter()
    weak: Counter[int] = Counter()
    for head in headings:
        if head.non_talk or _GROUP.match(head.block.plain):
            continue
        (strong if head.match.strong else weak)[head.block.level] += 1
    if strong:
        best = max(strong.values())
        return min(level for level, count in strong.items() if count == best)
    levels = sorted(level for level, count in weak.items() if count >= 2 or len(weak) == 1)
    return levels[0] if levels else None


def _is_group(index: int, blocks: list[Block], heads: dict[int, Heading]) -> int | None:
    """The level of the sub-headings when heading `index` only groups talks, else None."""
    head = heads[id(blocks[index])]
    level = head.block.level
    title = head.match.title or head.block.plain
    named = bool(_GROUP.match(head.block.plain) or _GROUP.match(title))
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            if block.level <= level:
                return None
            sub = heads.get(id(block))
            if named or (sub is not None and sub.match.strong and not head.match.strong):
                return block.level
            return None
    return None


def _label_only(index: int, blocks: list[Block]) -> bool:
    """A group name (`LT`, `Day 1`, `Saturday Morning`) with no speaker under it: not a talk."""
    head = blocks[index]
    if not _GROUP.match(head.plain):
        return False
    body = []
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            break
        body.append(block)
    return body_speaker(body) is None


def lay_out(blocks: list[Block], words: frozenset[str], skip: Block | None) -> Layout:
    """Cut the blocks into preamble, talks and post-level sections."""
    heads = {id(b): classify(b, words) for b in blocks if b.kind == "heading" and b is not skip}
    talk_level = choose_level(list(heads.values()))
    layout = Layout()
    target: list[Block] = layout.preamble
    section: str | None = None
    group: tuple[int, int] | None = None  # (level of the group heading, level of its talks)
    for index, block in enumerate(blocks):
        head = heads.get(id(block))
        if head is None or talk_level is None:
            target.append(block)
            continue
        level = block.level
        if group is not None and level <= group[0]:
            group = None
        effective = group[1] if group is not None else talk_level
        if level > effective:
            target.append(block)
        elif head.non_talk:
            target = layout.impression_blocks if head.impression else layout.outside
            if head.impression:
                target.append(block)
            section = None
        elif level < effective:
            section, target = block.plain, layout.outside
        elif (sub := _is_group(index, blocks, heads)) is not None or _label_only(index, blocks):
            group = (level, sub) if sub is not None else group
            section, target = block.plain, layout.outside
        else:
            part = TalkPart(head, section)
            layout.talks.append(part)
            target = part.body
    return layout
