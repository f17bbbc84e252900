"""Talks written as paragraphs, not headings: a bold line per talk (`**Title — Name**`), a speaker
line and a video link, blocks between rules (`Name, *Title*`), and prose that names a speaker and
a title in one sentence (`Nadia Okafor opened with **Title**`, `Jane Doe talked about “Title”`).

Talks are the repeated units of one shape: a section's paragraphs are talks only when at least
two of them name both a speaker and a title (or a speaker and a recording) the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.model import Span
from bot.parser.blocks import Block
from bot.parser.items import ItemMatch
from bot.parser.lists import ItemTalk
from bot.parser.speakers import FULL_NAME, NAME_WORD, clean_speaker, name_score
from bot.parser.talks import match_heading

MIN_UNITS = 2
"""Fewer paragraph talks than this in a section are prose, not a list of talks."""
MAX_LEAD = 160
"""A lead line (the unit's first line) longer than this is prose."""

_NAME = rf"{NAME_WORD}(?:[ \-]{NAME_WORD}){{1,3}}"
_NAMES = rf"(?P<sp>{_NAME}(?:\s*(?:,|&|and|och|et|und)\s*{_NAME})*)"
_TALK_VERB = (
    r"(?:opened|closed|started|kicked off|followed|continued|wrapped up|finished|ended|presented"
    r"|gave|talked|spoke|showed|explained|demoed|introduced|shared|walked us|took us|told us"
    r"|delivered|ran|was up next|talk|keynote|session|presentation|lightning)"
)
_PROSE_BOLD = re.compile(rf"(?:^|[.!?]\s+|,\s+){_NAMES}(?:'s|’s)?\s+{_TALK_VERB}[^.!?]{{0,80}}$")
_PROSE_QUOTE = re.compile(
    rf"(?:^|[.!?]\s+|,\s+|\bwith\s+|\bwas\s+){_NAMES}(?:'s|’s)?[^.!?“\"]{{0,80}}?"
    rf"(?<=\s){_TALK_VERB}\b[^.!?“\"]{{0,60}}?[“\"](?P<title>[^”\"]{{4,120}})[”\"]"
)
_COMMA_LEAD = re.compile(rf"^{_NAMES}\s*[,:–—-]\s+(?P<title>.{{4,140}})$")

_BARE_URL = re.compile(r"\s+https?://")

Lead = Callable[[Block], ItemMatch | None]


def _lead_line(block: Block) -> tuple[str, list[Span]]:
    """The paragraph's first line (up to a line break) and its spans."""
    spans: list[Span] = []
    for span in block.spans:
        if span.url is not None and span.text.strip() == span.url and spans:
            break  # a bare URL on the next line (a recording): the line ends before it
        head, sep, _rest = span.text.partition("\n")
        if head:
            spans.append(Span(head, span.url, span.code, span.bold))
        if sep:
            break
    line = " ".join("".join(span.text for span in spans).split())
    return _BARE_URL.split(line, maxsplit=1)[0], spans


def lead_bold(block: Block) -> ItemMatch | None:
    """`**Title — Name**`, `**Name** — Title`: a bold lead line written like a talk heading."""
    line, spans = _lead_line(block)
    if not spans or not spans[0].bold or len(line) > MAX_LEAD:
        return None
    match = match_heading(line)
    if match.speaker and match.title:
        return ItemMatch(match.speaker, match.title, None, "para_bold")
    return None


def lead_comma(block: Block) -> ItemMatch | None:
    """`Amara Nwosu, *Feature flags are a liability*`: names, then the title, on the first line."""
    line, _spans = _lead_line(block)
    if len(line) > MAX_LEAD or line.endswith((".", "。")):
        return None
    found = _COMMA_LEAD.match(line)
    if found is None or name_score(found["sp"]) < 0.6:
        return None
    return ItemMatch(clean_speaker(found["sp"]), found["title"].strip(" *_"), None, "para_comma")


def prose_bold(block: Block) -> ItemMatch | None:
    """`Nadia Okafor opened with **Title**`: a bold title after a name and a talk verb."""
    before = ""
    for span in block.spans:
        text = span.text
        if span.bold and not FULL_NAME.match(text.strip()):
            found = _PROSE_BOLD.search(before[-200:])
            if found and 4 <= len(text.strip()) <= 140:
                return ItemMatch(clean_speaker(found["sp"]), text.strip(), None, "prose_bold")
        before += text
    return None


def prose_quote(block: Block) -> ItemMatch | None:
    """`Jane Doe talked about “Title”`: a quoted title after a name and a talk verb."""
    found = _PROSE_QUOTE.search(block.plain[:600])
    if found is None:
        return None
    return ItemMatch(clean_speaker(found["sp"]), found["title"].strip(), None, "prose_quote")


LEAD_RULES: list[tuple[str, Lead]] = [
    ("lead_bold", lead_bold),
    ("lead_comma", lead_comma),
    ("prose_bold", prose_bold),
    ("prose_quote", prose_quote),
]
"""How a paragraph can name a talk, first match wins."""


def paragraph_talks(blocks: list[Block]) -> dict[int, ItemTalk]:
    """Paragraphs of one section that each name a talk, by index: only a run of at least
    `MIN_UNITS` written the same way (the same rule)."""
    found: dict[int, tuple[str, ItemMatch]] = {}
    for index, block in enumerate(blocks):
        if block.kind != "paragraph" or not block.spans:
            continue
        for name, rule in LEAD_RULES:
            match = rule(block)
            if match is not None:
                found[index] = (name, match)
                break
    by_rule: dict[str, int] = {}
    for name, _match in found.values():
        by_rule[name] = by_rule.get(name, 0) + 1
    kept = {rule for rule, count in by_rule.items() if count >= MIN_UNITS}
    return {
        index: ItemTalk(_unit(blocks[index], match), match, [], opens=True)
        for index, (name, match) in found.items()
        if name in kept
    }


def _unit(block: Block, match: ItemMatch) -> Block:
    """The unit's stand-in heading: its title, and the links of its paragraph."""
    return Block("paragraph", spans=(Span(match.title or ""),), links=list(block.links))
