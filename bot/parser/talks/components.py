"""Talks an MDX post writes as components: `<Talk speaker="Jane Doe" title="Title"
slides="https://…" />` (Docusaurus, Astro, Gatsby). A component with a title and a speaker
attribute is a talk; two or more in one section make a talk list.
"""

from __future__ import annotations

import re
from html import unescape

from bot.model import Span
from bot.parser.blocks import Block, Link
from bot.parser.link_kinds import is_slide_url
from bot.parser.talks.item_rules import ItemMatch
from bot.parser.talks.lists import ItemTalk
from bot.parser.talks.names import clean_speaker

MIN_COMPONENTS = 2
"""Fewer talk components in a section are no list of talks."""

_COMPONENT = re.compile(r"<[A-Z][A-Za-z]*\b([^<>]*?)/?>")
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{\s*["'`]([^"'`]*)["'`]\s*\})""")
_SPEAKER_KEYS = ("speaker", "speakers", "presenter", "author", "by")
_SLIDE_KEYS = ("slides", "deck", "slidesurl", "slides_url", "url", "href")


def component_talks(blocks: list[Block]) -> dict[int, ItemTalk]:
    """The talk components of one section's HTML blocks, by block index."""
    found: dict[int, ItemTalk] = {}
    for index, block in enumerate(blocks):
        html = block.text if block.kind == "html" else _inline_html(block)
        if "<" in html:
            match = _component(html)
            if match is not None:
                found[index] = ItemTalk(_unit(match), match, [])
    return found if len(found) >= MIN_COMPONENTS else {}


def _inline_html(block: Block) -> str:
    """A paragraph that is a component written over several lines (`<Talk` / `speaker=…` /
    `/>`: markdown reads it as inline HTML); '' for any other block."""
    if block.kind != "paragraph" or not block.source.startswith("<"):
        return ""
    return block.source


def _component(html: str) -> ItemMatch | None:
    """The talk of the first component in `html` with a title and a speaker attribute."""
    for tag in _COMPONENT.finditer(html):
        attrs = {m[1].lower(): unescape(m[2] or m[3] or m[4] or "") for m in _ATTR.finditer(tag[1])}
        title = " ".join(attrs.get("title", "").split())
        speaker = next((attrs[key] for key in _SPEAKER_KEYS if attrs.get(key)), "")
        if title and speaker:
            slides = next((attrs[key] for key in _SLIDE_KEYS if _deck(attrs.get(key))), None)
            return ItemMatch(clean_speaker(speaker), title, slides, "component")
    return None


def _deck(url: str | None) -> bool:
    """A URL on a slide host or with `slide` in it (`slides="https://…"`), not a page."""
    if not url or not url.startswith(("http://", "https://", "/")):
        return False
    return is_slide_url(url) or "slide" in url.lower()


def _unit(match: ItemMatch) -> Block:
    """The component's stand-in heading: its title and its deck."""
    links = [Link("slides", match.slides)] if match.slides else []
    return Block("paragraph", spans=(Span(match.title or ""),), links=links)
