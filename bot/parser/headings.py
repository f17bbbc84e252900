"""What each heading of a post is: a talk, a group of talks (`LT`, `Day 1`, `Room A`), or a
post-level section (`まとめ`, `Links`, an impressions heading).

`classify` applies the heading rules and the non-talk words to one heading; `choose_level` picks
the level whose headings look most like talks; the group helpers tell a heading that only gathers
talks under it from a talk of its own.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.parser.blocks import Block
from bot.parser.impressions import is_impression
from bot.parser.lead_speaker import talk_speaker
from bot.parser.parts import Heading
from bot.parser.talks import match_heading

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
LT_WORDS = re.compile(
    r"ライトニングトーク|(?<![A-Za-z])LTs?(?![A-Za-z])|lightning\s*talks?", re.IGNORECASE
)
_BREAK = re.compile(
    r"休憩|ランチ|昼食|懇親会|スイーツ|おやつ|coffee\s*break|lunch|^break$", re.IGNORECASE
)


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


def group_level(index: int, blocks: list[Block], heads: dict[int, Heading]) -> int | None:
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


def label_only(index: int, blocks: list[Block]) -> bool:
    """A group name (`LT`, `Day 1`, `Saturday Morning`) with no speaker under it: not a talk."""
    head = blocks[index]
    if not _GROUP.match(head.plain):
        return False
    body = []
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            break
        body.append(block)
    return talk_speaker(body) is None


def names_group(head: Heading) -> bool:
    """A heading that names a group of talks (`LT`, `Room A`, `Sponsors`, `…LT大会…`)."""
    text = head.block.plain
    title = head.match.title or ""
    return bool(_GROUP.match(text) or _GROUP.match(title) or LT_WORDS.search(text))
