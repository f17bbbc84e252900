"""Talk lists: bullet and ordered lists whose items name talks (`- [Title](slides)`, `- Title, by
Speaker`), as opposed to the far more common lists of notes.

Each item's first paragraph is matched with the item rules of `item_rules`; a list is a talk
list only when most of its items match a *talky* rule, so prose bullets stay notes. A
`[Slides](url)` item lends its link to the talk listed just before it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from bot.parser.blocks import Block, Link, inline_block
from bot.parser.link_kinds import SLIDES, is_slide_url, labelled_line_kind
from bot.parser.link_sources import BARE_URL
from bot.parser.talks.heading_shapes import clean_title, split_as_siblings
from bot.parser.talks.headings import CONTAINER, is_break, names_lt
from bot.parser.talks.item_rules import (
    ItemMatch,
    is_meta_line,
    match_item,
    rule_bold_name,
    rule_bold_title,
    text_links,
)
from bot.parser.talks.names import BY_WORDS, MAX_NAME, body_speaker, clean_speaker, name_score
from bot.parser.talks.prose import prose_quote

_CLOCK = r"\d{1,2}[:：.]\d{2}\s*(?:[ap]\.?\s?m\.?)?"
_TIME = re.compile(
    rf"^\s*{_CLOCK}\s*(?:[-–~〜～]\s*{_CLOCK}\s*)?(?:\(\s*\d+\s*(?:m|min|mins|minutes|分)\s*\)\s*)?",
    re.IGNORECASE,
)
_HOPEFUL = re.compile(
    rf"\b{BY_WORDS}\s"
    r"|[「『《“«\"]|さん|様|氏|@|\s[—–]\s|^\s*\d{1,2}[:：.]\d{2}"
)

_TALK_LABEL = re.compile(
    r"^\s*(?P<kind>talk|title|session|topic|タイトル|演題|発表|slides?|deck|資料|スライド)\s*[:：]\s*"
    r"(?P<value>.*)$",
    re.IGNORECASE,
)
_QUOTE_MARK = re.compile(r"[“\"«]")
_BARE_URL = re.compile(BARE_URL)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SLIDES_WORDS = frozenset(("slide", "slides", "deck", "資料", "スライド"))
_Entry = tuple[Block, ItemMatch | None, list[Block]]
"""A list item as (its first paragraph, that paragraph's match, the rest of the item)."""


@dataclass
class ItemTalk:
    """A talk found in a list item or an embed caption."""

    block: Block
    """The item's first paragraph (or the caption), standing in for a heading."""
    match: ItemMatch
    body: list[Block]
    opens: bool = False
    """True for a paragraph talk: the blocks after it, up to the next talk, heading or rule,
    are its body."""


def talk_list(block: Block, group: bool) -> list[ItemTalk] | None:
    """The talks of a list whose items look like talks, else None.

    `group` is True when the list sits under a heading that names a group (`LT`, `Sponsors`):
    then fewer talky items suffice.
    """
    if block.kind not in ("bullet", "ordered") or not block.children:
        return None
    lone = block.children[0] if len(block.children) == 1 else None
    if lone is not None and len(lone.children) == 1 and not group and not _links_a_deck(lone):
        return None  # one item, no sub-list: a talk list only in a group or with its slides
    share = 0.4 if group else 0.6
    countable = sum(1 for item in block.children if _countable(item))
    if _hopeful(block.children) < share * countable:
        return None  # most lists are notes: skip them without running the rules
    entries = _like_siblings([_entry(item) for item in block.children])
    if not _is_talk_list(entries, share, group):
        return None
    return _talks(entries)


def _like_siblings(entries: list[_Entry]) -> list[_Entry]:
    """Items left unsplit (`John Roe: Operators without tears`) split the way most of the list's
    talk items are (`Jane Doe: Scaling etcd in anger`), when none is split the other way."""
    votes: Counter[str] = Counter()
    for first, match, _rest in entries:
        if match is not None and match.talky and match.speaker and match.title:
            text = first.plain
            if text.rstrip(" )").endswith(match.speaker):
                votes["right"] += 1
            elif _TIME.sub("", text).lstrip().startswith(match.speaker):
                votes["left"] += 1
    if not votes:
        return entries
    if len(votes) > 1:
        return entries
    side = next(iter(votes))
    out: list[_Entry] = []
    for first, match, rest in entries:
        if match is None or not match.talky:
            found = split_as_siblings(_TIME.sub("", first.plain).strip(), side)
            if found is not None and found.speaker and found.title:
                match = ItemMatch(found.speaker, found.title, None, "siblings")
        out.append((first, match, rest))
    return out


def _hopeful(items: list[Block]) -> int:
    """How many items could match a talky rule (a link, ` by `, `「`, an honorific, a handle, a
    bold name and a title, a short line over sub-items: `- Jane Doe` over `- Talk: Title`)."""
    count = 0
    for item in items:
        first = item.children[0] if item.children else None
        if first is None or first.kind != "paragraph":
            continue
        first = _without_label_lines(first)
        linked = any(not link.image for link in first.links)
        over_items = (len(first.plain) <= MAX_NAME and _labels_below(item.children[1:])) or (
            len(item.children) > 1 and body_speaker(item.children[1:]) is not None
        )
        if linked or over_items or _bold_name(first, item) or _HOPEFUL.search(first.plain):
            count += 1
    return count


def _bold_name(first: Block, item: Block) -> bool:
    """`**Jane Doe**: Title` with slides, or over sub-items (which may hold them); `**Title**,
    Jane Doe`."""
    if not first.spans or not first.spans[0].bold:
        return False
    match = rule_bold_name(first) or rule_bold_title(first)
    return match is not None and (match.talky or len(item.children) > 1)


def _slides_below(rest: list[Block]) -> str | None:
    """The URL of a sub-item labelling slides (`- Folien: URL`, `- スライド → [deck](…)`)."""
    for block in rest:
        for sub in block.children[:4] if block.kind in ("bullet", "ordered") else ():
            line = sub.children[0] if sub.children else None
            if line is None or labelled_line_kind(line.plain) is not SLIDES:
                continue
            urls = [link.url for link in line.links if not link.image]
            urls += _BARE_URL.findall(line.plain)
            if urls:
                return urls[0]
    return None


def _entry(item: Block) -> _Entry:
    first = item.children[0] if item.children and item.children[0].kind == "paragraph" else None
    if first is None:
        return Block("paragraph"), None, list(item.children)
    first = _without_label_lines(first)
    rest = list(item.children[1:])
    match = match_item(first)
    if match is not None and match.rule == "bold_name" and not match.talky and rest:
        slides = _slides_below(rest)  # `- **Jane Doe**: Title` over `- Folien: URL`
        match = replace(match, slides=slides, talky=True) if slides else match
    if (match is None or not match.talky) and rest:
        match = _labelled_talk(first, rest) or _titled_talk(first, rest) or match
    if (match is None or not match.talky) and _QUOTE_MARK.search(first.plain):
        told = prose_quote(first)  # `Lena Vogel talked about "Web Components in 2025"`
        match = told[0] if len(told) == 1 else match
    return first, match, rest


def _without_label_lines(first: Block) -> Block:
    """An item's first paragraph without its later lines that label a link (`スライド → URL`,
    `Folien: [deck](…)`, `(Folien folgen)`): its first lines name the talk, and the links of
    the label lines (a bare URL taking its line's label as text) ride along as its links."""
    if "\n" not in first.source and "<br" not in first.source:
        return first
    lines = [line.strip().rstrip("\\").strip() for line in _BR.sub("\n", first.source).split("\n")]
    cut = next(
        (at for at in range(1, len(lines)) if labelled_line_kind(lines[at]) is not None), None
    )
    if cut is None or not all(labelled_line_kind(line) for line in lines[cut:]):
        return first
    block = inline_block("\n".join(lines[:cut]))  # `talk_line` still sees its lines
    for line in lines[cut:]:
        labelled = inline_block(line)
        label = _BARE_URL.sub("", labelled.plain).strip()
        linked = {link.url for link in labelled.links}
        bare = [Link(label, url) for url in _BARE_URL.findall(labelled.plain) if url not in linked]
        block.links.extend([*labelled.links, *bare])
    return block


def _labels_below(rest: list[Block]) -> bool:
    """Sub-items labelled `Talk:` / `Title:` / `タイトル:` under an item (cheap: the first few)."""
    for block in rest:
        if block.kind in ("bullet", "ordered"):
            for sub in block.children[:4]:
                line = sub.children[0] if sub.children else None
                if line is not None and line.kind == "paragraph" and _TALK_LABEL.match(line.plain):
                    return True
    return False


def _labelled_talk(first: Block, rest: list[Block]) -> ItemMatch | None:
    """`- Jane Doe` over `- Talk: Title` / `- Slides: URL` sub-items: a speaker's talk."""
    if name_score(first.plain) < 0.7:
        return None
    title = slides = None
    for block in rest:
        for sub in block.children if block.kind in ("bullet", "ordered") else ():
            line = sub.children[0] if sub.children else None
            found = _TALK_LABEL.match(line.plain) if line is not None else None
            if found and found["kind"].casefold() in _SLIDES_WORDS:
                links = [link.url for link in line.links if not link.image] if line else []
                slides = slides or (links[0] if links else found["value"].strip() or None)
            elif found:
                title = title or found["value"].strip() or None
    if title is None:
        return None
    return ItemMatch(clean_speaker(first.plain), clean_title(title), slides, "name_with_labels")


_NOT_A_TITLE_LINE = re.compile(r"[。.:：]$|^https?://")


def _titled_talk(first: Block, rest: list[Block]) -> ItemMatch | None:
    """`- **Title**` over `- 発表者: Name` / `- Speaker: Name` and `- Slides: URL` sub-items: a
    talk whose speaker its notes name."""
    speaker = body_speaker(rest)
    title = clean_title(first.plain.strip())
    if speaker is None or title is None or not 3 <= len(title) <= 140:
        return None
    if _NOT_A_TITLE_LINE.search(title) or labelled_line_kind(title) is not None:
        return None
    return ItemMatch(speaker, title, _slides_below(rest), "title_with_labels")


def _links_a_deck(item: Block) -> bool:
    first = item.children[0] if item.children and item.children[0].kind == "paragraph" else None
    return first is not None and any(is_slide_url(link.url) for link in text_links(first))


def _countable(item: Block) -> bool:
    """An item that could be a talk: not a programme row, a field or a bare link (`休憩`,
    `会場: 渋谷`, `https://…event/1/`), which a programme lists beside its talks."""
    first = item.children[0] if item.children and item.children[0].kind == "paragraph" else None
    return first is None or _counts(first)


def _counts(first: Block) -> bool:
    text = _untimed(first)
    return not (is_break(text) or is_meta_line(text) or _BARE_URL.fullmatch(text.strip()))


def _is_talk_list(entries: list[_Entry], share: float, group: bool) -> bool:
    """Enough talky items, not a table of contents; a lone talk only in a group or with slides."""
    found = [(first, match) for first, match, _rest in entries if match is not None]
    talky = [match for _first, match in found if match.talky]
    counted = len(
        [1 for f, m, _r in entries if (m is None or not (m.attach or m.skip)) and _counts(f)]
    )
    if not talky or len(talky) < share * counted or _is_toc(found):
        return False
    return len(talky) > 1 or group or bool(talky[0].slides and is_slide_url(talky[0].slides))


def _nested_talks(first: Block, rest: list[Block]) -> list[ItemTalk]:
    """The talks of a sub-list under an item that names a group (`LT`, `Lightning Talks`)."""
    if not names_lt(_untimed(first)) and not CONTAINER.match(_untimed(first)):
        return []
    for block in rest:
        if block.kind in ("bullet", "ordered"):
            return talk_list(block, True) or []
    return []


def _untimed(block: Block) -> str:
    return _TIME.sub("", block.plain).strip()


def _is_toc(matches: list[tuple[Block, ItemMatch]]) -> bool:
    """Links to anchors of one page (a table of contents), not to talks."""
    bases: list[str] = []
    for block, _match in matches:
        for link in text_links(block):
            base, _, fragment = link.url.partition("#")  # no urlsplit: it raises on `http://[x`
            if link.url.startswith("#") or (fragment and not base.partition("?")[2]):
                bases.append(base)
    return len(bases) >= 2 and len(bases) * 2 >= len(matches) and len(set(bases)) == 1


def _talks(entries: list[_Entry]) -> list[ItemTalk]:
    """The matched items as talks; metadata items dropped, `[Slides](url)` items attached."""
    talks: list[ItemTalk] = []
    for first, match, rest in entries:
        nested = _nested_talks(first, rest)
        if nested:
            talks.extend(nested)  # `Lightning Talks` with the talks as its sub-items
            continue
        if match is None or match.skip or is_break(_untimed(first)):
            continue
        if not match.attach:
            talks.append(ItemTalk(first, match, rest))
        elif talks and not is_slide_url(talks[-1].match.slides or ""):
            talks[-1].match = replace(talks[-1].match, slides=match.slides)
    return talks
