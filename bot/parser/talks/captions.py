"""Embed captions: a slide embed (`<iframe …>`) followed by a caption line naming the talk
(`[Title](url) from [Name](url)`, as SlideShare and Speaker Deck embed snippets write it).

Two or more such pairs in one section are talks of their own (`caption_talks`); a single one
only credits the deck shown to someone (`caption_indices`).
"""

from __future__ import annotations

import re

from bot.parser.blocks import Block
from bot.parser.link_kinds import embed_urls
from bot.parser.talks.item_rules import ItemMatch, text_links
from bot.parser.talks.lists import ItemTalk
from bot.parser.talks.names import clean_speaker

_FROM = re.compile(r"^(?P<title>.+?)\s+from\s+(?P<sp>.+?)\s*$")
_RAW_LINKS = re.compile(
    r"^\s*\[(?P<title>[^\]]+)\]\((?P<url>[^)\"]*)(?:\"[^\"]*\")?\)\s+from\s+\[(?P<sp>[^\]]+)\]"
)


def caption_indices(blocks: list[Block]) -> list[int]:
    """Indices of the captions (`Title from Name`) that follow a slide embed."""
    if not any(block.kind == "html" for block in blocks):
        return []
    return list(_embed_captions(blocks))


def caption_talks(blocks: list[Block]) -> dict[int, ItemTalk]:
    """Slide embeds each followed by a `Title from Name` caption: talks, when there are two or more.

    Keys are indices of the caption blocks in `blocks` (one section's blocks).
    """
    found = _embed_captions(blocks)
    if len(found) < 2:
        return {}
    return {index: ItemTalk(blocks[index], match, []) for index, match in found.items()}


def _embed_captions(blocks: list[Block]) -> dict[int, ItemMatch]:
    found: dict[int, ItemMatch] = {}
    for index in range(1, len(blocks)):
        embed, caption = blocks[index - 1], blocks[index]
        if embed.kind != "html" or caption.kind != "paragraph":
            continue
        urls = embed_urls(embed.text)
        if not urls:
            continue
        match = _caption(caption)
        if match is not None:
            slides = match.slides or urls[0]
            found[index] = ItemMatch(match.speaker, match.title, slides, "embed_caption")
    return found


def _caption(block: Block) -> ItemMatch | None:
    links = text_links(block)
    text = block.plain
    m = _FROM.match(text)
    if m and len(links) >= 2 and links[0].text.strip() == m["title"].strip():
        title = m["title"].strip()
        return ItemMatch(clean_speaker(m["sp"]), title, links[0].url or None, "caption")
    raw = _RAW_LINKS.match(text)
    if raw:
        url = raw["url"].replace(" ", "").strip() or None
        return ItemMatch(clean_speaker(raw["sp"]), raw["title"].strip(), url, "caption_raw")
    return None
