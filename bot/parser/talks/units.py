"""Talks that are not headings, placed among those that are: talk lists, tables, code-block
timetables, captioned slide embeds and MDX talk components found section by section, and the
tidy-up once the post is cut into parts.

A list or embed under a non-talk heading (`まとめ`, `Links`) is never a talk; under a heading that
names a group (`LT`, `Sponsors`) fewer talky items make a talk list. The tidy-up merges a talk
listed twice and drops weak headings once the post's talks turn out to be list items.
"""

from __future__ import annotations

import re

from bot.parser.blocks import Block, Link
from bot.parser.link_kinds import embed_urls, is_slide_url
from bot.parser.link_sources import build_url, text_links
from bot.parser.talks.captions import caption_indices, caption_talks
from bot.parser.talks.components import component_talks
from bot.parser.talks.heading_shapes import HeadingMatch
from bot.parser.talks.headings import names_group
from bot.parser.talks.lead_speaker import lead_speaker, talk_speaker
from bot.parser.talks.lists import ItemTalk, talk_list
from bot.parser.talks.names import LOOK_AHEAD, body_speaker
from bot.parser.talks.paragraphs import Units, paragraph_talks, paragraph_units
from bot.parser.talks.parts import Heading, TalkPart
from bot.parser.talks.tables import table_talks
from bot.parser.talks.tidy import TITLE_RULES, tidy
from bot.parser.talks.timetables import timetable_talks


def find_item_talks(blocks: list[Block], heads: dict[int, Heading]) -> dict[int, list[ItemTalk]]:
    """Lists and embed captions that look like talks, by block index, judged per section."""
    found: dict[int, list[ItemTalk]] = {}
    units: Units = {}
    grouped: set[int] = set()  # paragraph units under a heading naming a group of talks
    start, near = 0, None
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            _scan_section(blocks, start, index, near, found, units, grouped)
            start, near = index + 1, heads.get(id(block))
    _scan_section(blocks, start, len(blocks), near, found, units, grouped)
    found.update(paragraph_talks(blocks, units, grouped))
    return found


def _scan_section(
    blocks: list[Block],
    low: int,
    high: int,
    near: Heading | None,
    found: dict[int, list[ItemTalk]],
    units: Units,
    grouped: set[int],
) -> None:
    """Add the talks of `blocks[low:high]`, the section under heading `near`, to `found`, and
    its paragraphs that name talks to `units` (judged over the whole post)."""
    if near is not None and near.non_talk:
        return
    group: bool | None = None  # whether `near` names a group: asked at the first list
    html = listed = False
    for index in range(low, high):
        block = blocks[index]
        talks = None
        if block.kind in ("bullet", "ordered"):
            if group is None:
                group = near is not None and names_group(near)
            talks = talk_list(block, group)
        elif block.kind == "table":
            talks = table_talks(block)
        elif block.kind == "code":
            talks = timetable_talks(block)
        if talks:
            found[index], listed = talks, True
        html = html or block.kind == "html"
    if html:
        section = blocks[low:high]
        for offset, item in (caption_talks(section) | component_talks(section)).items():
            found[low + offset], listed = [item], True
    if listed and (group is False or (group is None and not (near and names_group(near)))):
        return  # a section that lists its talks has no paragraph talks, unless it is `## Talks`
    section_units = paragraph_units(blocks, low, high)  # (beside that section's list too)
    units.update(section_units)
    if section_units and near is not None and names_group(near):
        grouped.update(section_units)  # `## Lightning talk` over one `**Title** — Name` paragraph


def holds_list_talks(index: int, blocks: list[Block], found: dict[int, list[ItemTalk]]) -> bool:
    """Talk lists in the span of heading `index` (up to the next heading at its level or above)."""
    level = blocks[index].level
    for later in range(index + 1, len(blocks)):
        block = blocks[later]
        if block.kind == "heading" and block.level <= level:
            return False
        if later in found:
            return True
    return False


def item_part(item: ItemTalk, section: str | None) -> TalkPart:
    """A list or caption talk as a talk part, its text standing in for a strong heading."""
    match = item.match
    head = Heading(
        item.block,
        HeadingMatch(match.speaker, match.title, True, match.rule),
        non_talk=False,
        impression=False,
    )
    return TalkPart(head, section, list(item.body), item=match)


def tidy_talks(talks: list[TalkPart], outside: list[Block]) -> list[TalkPart]:
    """Merge a talk listed twice (a list item and its own section); drop weak, speakerless,
    slideless headings when the post lists its talks (`## Motivation` is then no talk), two or
    more of them, naming their speakers or outnumbering the weak headings."""
    kept = _merge_repeats(talks)
    listed = [part for part in kept if part.item is not None]
    weak = [part for part in kept if _is_weak(part)]
    named = all(part.heading.match.speaker for part in listed)
    if len(listed) < 2 or (len(listed) < len(weak) and not named):
        return kept  # more bare headings than listed talks that name no one: keep them all
    dropped = {id(part) for part in weak}
    for part in weak:
        outside.append(part.heading.block)
        outside.extend(part.body)
    return [part for part in kept if id(part) not in dropped]


def _merge_repeats(talks: list[TalkPart]) -> list[TalkPart]:
    """The talks, a repeated title that is a list item on either side merged into its first."""
    seen: dict[str, TalkPart] = {}
    kept: list[TalkPart] = []
    for part in talks:
        key = "".join((tidy(part.heading.match.title, TITLE_RULES) or "").casefold().split())
        first = seen.get(key) if key else None
        if first is None and part.item is None and len(key) >= 3:
            first = _listed_as(key, part, seen)
        if first is not None and (first.item is not None or part.item is not None):
            first.body.extend(part.body)
            continue
        if key:
            seen.setdefault(key, part)
        kept.append(part)
    return kept


_SHORT_TITLE = 8
"""A shorter heading title is not matched inside a listed talk's title."""


def _listed_as(key: str, part: TalkPart, seen: dict[str, TalkPart]) -> TalkPart | None:
    """The one listed talk a heading repeats in short, when they name no different speakers:
    the start of its title (`## INP : six mois après` for `- **INP : six mois après,
    qu'avons-nous appris ?** par Claire Dubois`) or, naming no one, only words of it (`### 1.
    zero-copy 파서`); its section, merged into the item."""
    speaker = (part.heading.match.speaker or talk_speaker(part.body) or "").casefold()
    words = (part.heading.match.title or "").casefold().split() if not speaker else []
    found = [
        listed
        for listed_key, listed in seen.items()
        if listed.item is not None
        and (
            (len(key) >= _SHORT_TITLE and listed_key.startswith(key))
            or (words and all(word in listed_key for word in words))
        )
    ]
    if len(found) != 1:
        return None
    named = (found[0].heading.match.speaker or "").casefold()
    if not speaker or not named or speaker in named or named in speaker:
        return found[0]
    return None


def _is_weak(part: TalkPart) -> bool:
    """A plain heading naming no speaker and showing no slides."""
    return (
        part.item is None
        and not part.heading.match.strong
        and part.heading.match.speaker is None
        and talk_speaker(part.body) is None
        and not _has_slides(part.body)
    )


_EMBED = re.compile(r"<iframe\b|speakerdeck-embed", re.IGNORECASE)


def backed_headings(blocks: list[Block], heads: dict[int, Heading]) -> set[int]:
    """Ids of the heading blocks whose own text or first blocks name a speaker or show slides."""
    backed: set[int] = set()
    for index, block in enumerate(blocks):
        head = heads.get(id(block))
        if head is None or head.non_talk or head.match.strong:
            continue  # (a strong heading counts for its level without its body)
        body = []
        for later in blocks[index + 1 : index + 1 + LOOK_AHEAD]:
            if later.kind == "heading":
                break
            body.append(later)
        heading_slides = any(is_slide_url(link.url) for link in block.links if not link.image)
        named = body_speaker(body) or lead_speaker(body, captions=False)
        if head.match.speaker or heading_slides or named or _shallow_slides(body):
            backed.add(id(block))
    return backed


def _shallow_slides(blocks: list[Block]) -> bool:
    """A slide link or an embed (a deck or a recording) in the blocks themselves or their items'
    first lines."""
    for block in blocks:
        if block.kind == "html" and _EMBED.search(block.text):
            return True
        links = [
            *block.links,
            *[link for item in block.children[:8] for link in _first_links(item)],
        ]
        if any(_slide_link(link) for link in links if not link.image):
            return True
        if "{" in block.plain and any(found.built for found in text_links(block.plain)):
            return True  # `{{< speakerdeck ID >}}`, `{% speakerdeck ID %}`
    return False


def _first_links(item: Block) -> list[Link]:
    return item.children[0].links if item.kind == "item" and item.children else []


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
        if any(_slide_link(link) for link in block.links if not link.image):
            return True
        if "{" in block.plain and any(found.built for found in text_links(block.plain)):
            return True  # `{{< speakerdeck ID >}}`, `{% speakerdeck ID %}`
        pending.extend(block.children)
    return False


def _slide_link(link: Link) -> bool:
    """A link to a slide host, or Zenn's `@[speakerdeck](ID)` embed."""
    if "/" not in link.url and "." not in link.url:
        built = build_url(link.text.strip(), link.url)
        return built is not None and is_slide_url(built)
    return is_slide_url(link.url)
