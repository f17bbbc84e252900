"""Split the top-level blocks into preamble, talks (under their groups) and post-level sections."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bot.parser.blocks import Block
from bot.parser.impressions import is_impression
from bot.parser.lists import ItemMatch, ItemTalk, caption_indices, caption_talks, talk_list
from bot.parser.notes import embed_urls, is_slide_url
from bot.parser.speakers import body_speaker
from bot.parser.talks import HeadingMatch, match_heading

_NON_TALK = re.compile(
    r"^(?:まとめ|感想|所感|参考|参考資料|参考文献|参考リンク|リンク|おわりに|終わりに|はじめに|始めに"
    r"|最後に|さいごに|その他|おまけ|情報|概要|開催概要|目次|告知|宣伝|追記|余談|雑感|反省|懇親会"
    r"|thanks|thank you|links?|references?|summary|agenda|conclusions?|introduction|intro"
    r"|overview|resources|tl;?dr|notes|goal|personal notes|update|schedule|about|wrap.?up"
    r"|all talks|all posters|big concepts|ブログ(?:など|記事|一覧|まとめ)?\s*$|関連(?:記事|リンク)"
    r"|blog posts?\s*$|related\b)(?![A-Za-z])",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"^(?:lts?|lightning\s*talks?|ライトニングトーク|lt大会|lt枠|day\s*\d+.*|\d+日目.*|前夜祭|room\s*\S+"
    r"|hall|track\s*\S+|sessions?|workshops?|codelabs?|ハンズオン|セッション|メインセッション|keynotes?|sponsors?|スポンサー.*|talks"
    r"|発表|内容|(?:mon|tues|wednes|thurs|fri|satur|sun)day.*|the talks.*|most useful talks)$",
    re.IGNORECASE,
)


_LT_WORDS = re.compile(
    r"ライトニングトーク|(?<![A-Za-z])LTs?(?![A-Za-z])|lightning\s*talks?", re.IGNORECASE
)
_BREAK = re.compile(
    r"休憩|ランチ|昼食|懇親会|スイーツ|おやつ|coffee\s*break|lunch|^break$", re.IGNORECASE
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
    item: ItemMatch | None = None
    """Set for a talk found in a list item or an embed caption (`heading.block` is its text)."""


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
    match = match_heading(text)
    non_talk = non_talk or bool(_BREAK.search(match.title or ""))
    return Heading(block, match, non_talk, impression)


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


def _names_group(head: Heading) -> bool:
    """A heading that names a group of talks (`LT`, `Room A`, `Sponsors`, `…LT大会…`)."""
    text = head.block.plain
    title = head.match.title or ""
    return bool(_GROUP.match(text) or _GROUP.match(title) or _LT_WORDS.search(text))


def _candidates(blocks: list[Block], heads: dict[int, Heading]) -> dict[int, list[ItemTalk]]:
    """Lists and embed captions that look like talks, by block index, judged per section."""
    out: dict[int, list[ItemTalk]] = {}

    def scan(low: int, high: int, near: Heading | None) -> None:
        if near is not None and near.non_talk:
            return
        group = near is not None and _names_group(near)
        html = False
        for index in range(low, high):
            block = blocks[index]
            if block.kind in ("bullet", "ordered"):
                talks = talk_list(block, group)
                if talks:
                    out[index] = talks
            html = html or block.kind == "html"
        if html:
            for offset, item in caption_talks(blocks[low:high]).items():
                out[low + offset] = [item]

    start, near = 0, None
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            scan(start, index, near)
            start, near = index + 1, heads.get(id(block))
    scan(start, len(blocks), near)
    return out


def _holds_list_talks(index: int, blocks: list[Block], found: dict[int, list[ItemTalk]]) -> bool:
    """Talk lists in the span of heading `index` (up to the next heading at its level or above)."""
    level = blocks[index].level
    for later in range(index + 1, len(blocks)):
        block = blocks[later]
        if block.kind == "heading" and block.level <= level:
            return False
        if later in found:
            return True
    return False


def _item_part(item: ItemTalk, section: str | None) -> TalkPart:
    match = item.match
    head = Heading(
        item.block,
        HeadingMatch(match.speaker, match.title, True, match.rule),
        non_talk=False,
        impression=False,
    )
    return TalkPart(head, section, list(item.body), item=match)


def lay_out(blocks: list[Block], words: frozenset[str], skip: Block | None) -> Layout:
    """Cut the blocks into preamble, talks and post-level sections."""
    heads = {id(b): classify(b, words) for b in blocks if b.kind == "heading" and b is not skip}
    talk_level = choose_level(list(heads.values()))
    found = _candidates(blocks, heads) if _maybe_lists(blocks) else {}
    layout = Layout()
    target: list[Block] = layout.preamble
    section: str | None = None
    section_level = 0  # the level of the heading that named `section`
    group: tuple[int, int] | None = None  # (level of the group heading, level of its talks)
    near: Heading | None = None  # the closest heading above, any level
    in_talk = False
    for index, block in enumerate(blocks):
        head = heads.get(id(block))
        if head is None:
            items = found.get(index)
            if items is not None and not in_talk:
                name = near.block.plain if near is not None else section
                layout.talks.extend(_item_part(item, name) for item in items)
                continue
            target.append(block)
            continue
        near = head
        if talk_level is None:
            if head.non_talk:  # `## Thoughts` in a post that lists its talks as bullets
                target = layout.impression_blocks if head.impression else layout.outside
            target.append(block)
            continue
        level = block.level
        if group is not None and level <= group[0]:
            group = None
        effective = group[1] if group is not None else talk_level
        if level > effective:
            target.append(block)
            continue
        in_talk = False
        if head.non_talk:
            target = layout.impression_blocks if head.impression else layout.outside
            if head.impression:
                target.append(block)
            section = None
        elif level < effective:
            section, target, section_level = block.plain, layout.outside, level
            sub = _is_group(index, blocks, heads)
            if sub is not None and sub > effective:  # `### Day 1` right over `###### Talk`
                group = (level, sub)
        elif (sub := _is_group(index, blocks, heads)) is not None or _label_only(index, blocks):
            group = (level, sub) if sub is not None else group
            section, target = block.plain, layout.outside
            section_level = level if sub is None else 0
        elif (
            found
            and (not head.match.strong or _LT_WORDS.search(block.plain))
            and (_holds_list_talks(index, blocks, found))
        ):
            section, target = block.plain, layout.outside  # `## Room A` over a list of talks
            section_level = level
        else:
            if level <= section_level:  # `## LT` (a list) then `## Title by Name`: not in the LT
                section = None
            part = TalkPart(head, section)
            layout.talks.append(part)
            target, in_talk = part.body, True
    if found:
        layout.talks = _tidy(layout.talks, layout.outside)
    return layout


def _maybe_lists(blocks: list[Block]) -> bool:
    return any(block.kind in ("bullet", "ordered", "html") for block in blocks)


def _key(part: TalkPart) -> str:
    return "".join((part.heading.match.title or "").casefold().split())


def _tidy(talks: list[TalkPart], outside: list[Block]) -> list[TalkPart]:
    """Merge a talk listed twice (a list item and its own section); drop weak, speakerless,
    slideless headings when the post lists its talks (`## Motivation` is then no talk)."""
    seen: dict[str, TalkPart] = {}
    kept: list[TalkPart] = []
    for part in talks:
        key = _key(part)
        first = seen.get(key) if key else None
        if first is not None and (first.item is not None or part.item is not None):
            first.body.extend(part.body)
            continue
        if key:
            seen.setdefault(key, part)
        kept.append(part)
    items = sum(1 for part in kept if part.item is not None)
    weak = [
        part
        for part in kept
        if part.item is None
        and not part.heading.match.strong
        and part.heading.match.speaker is None
        and body_speaker(part.body) is None
        and not _has_slides(part.body)
    ]
    if items < 2 or items < len(weak):
        return kept
    dropped = {id(part) for part in weak}
    for part in weak:
        outside.append(part.heading.block)
        outside.extend(part.body)
    return [part for part in kept if id(part) not in dropped]


def _has_slides(blocks: list[Block]) -> bool:
    """A slide link or embed in the blocks or their list items (quotes are others' words)."""
    pending = list(blocks)
    credited = {id(blocks[i + k]) for i in caption_indices(blocks) for k in (-1, 0)}
    while pending:
        block = pending.pop()
        if block.kind == "quote" or id(block) in credited:
            continue
        if block.kind == "html" and embed_urls(block.text):
            return True  # (an embed credited to someone by a caption is their deck, shown)
        if any(is_slide_url(link.url) for link in block.links if not link.image):
            return True
        pending.extend(block.children)
    return False
