"""Talks written as paragraphs, not headings: a bold line per talk (`**Title — Name**`), a speaker
line and a video link, blocks between rules (`Name, *Title*`), a few lines holding a name and a
title, and prose that names a speaker and a title (the rules of `bot.parser.talks.prose`).

Talks are the repeated units of one shape: paragraphs are talks only when the post holds at
least two talks read by the same rule (`MIN_UNITS`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.model import Span
from bot.parser.blocks import Block, Link
from bot.parser.link_kinds import labelled_line_kind
from bot.parser.link_sources import BARE_URL, bare_urls
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.heading_shapes import clean_title
from bot.parser.talks.item_rules import SENTENCE_BREAK, ItemMatch
from bot.parser.talks.lead_speaker import label_name
from bot.parser.talks.lists import ItemTalk
from bot.parser.talks.names import (
    MAX_NAME,
    NAME_WORD,
    SPEAKER_LABELS,
    all_names,
    clean_speaker,
    name_score,
)
from bot.parser.talks.prose import bold_units, prose_bold, prose_ja, prose_quote

MIN_UNITS = 2
"""Fewer paragraph talks than this in a section are prose, not a list of talks."""
MAX_LEAD = 160
"""A lead line (the unit's first line) longer than this is prose."""

_NAME = rf"{NAME_WORD}(?:[ \-]{NAME_WORD}){{1,3}}"
_NAMES = rf"(?P<sp>{_NAME}(?:\s*(?:,|&|and|och|et|und)\s*{_NAME})*)"
_COMMA_LEAD = re.compile(rf"^{_NAMES}\s*[,:–—-]\s+(?P<title>.{{4,140}})$")

_QUOTE_CHARS = re.compile(r"[“\"«「『【]")
_COMMA_START = re.compile(r"^[A-ZÀ-Þ][^,:–—]{2,60}[,:–—]")
_LINE_LABEL = re.compile(rf"^\s*{SPEAKER_LABELS}\s*[:：]\s*", re.IGNORECASE)
_TITLE_LABEL = re.compile(
    r"^\s*(?:talk|demo|title|session|タイトル|演題|発表タイトル)\s*#?\d{0,3}\s*[:：]\s*",
    re.IGNORECASE,
)
"""A line that says it holds the title (`Talk: …`, `タイトル：…`)."""
_SEPARATOR = re.compile(r"^\s*(?:[:：,–—|]|-(?=\s))\s*")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_URL = re.compile(BARE_URL)
_BARE_URL = re.compile(r"\s+https?://")

_STAMP = re.compile(r"\[?\d{1,2}:\d{2}(?::\d{2})?\]?")
_STAMP_LEAD = re.compile(r"^\s*`?\[?\d{1,2}:\d{2}(?::\d{2})?\]?`?\s*")
"""A timestamp opening a line (`[00:04]`, `19:30`), as a stream's summary writes it."""

Lead = Callable[[Block], ItemMatch | None]
Prose = Callable[[Block], list[ItemMatch]]


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
    while spans and (not spans[0].text.strip() or _STAMP.fullmatch(spans[0].text.strip())):
        spans = spans[1:]  # `[00:04] **@x** — *Title*`: a timestamp before the talk
    line = " ".join("".join(span.text for span in spans).split())
    raw = _raw(block)
    if "\n" in raw:  # a soft line break reads as a space in the spans: cut at the source's
        first = _STAMP_LEAD.sub("", _lines(block)[0])
        line = line[: len(first)] if line.startswith(first) else first
    return _BARE_URL.split(line, maxsplit=1)[0], spans


def lead_bold(block: Block) -> ItemMatch | None:
    """`**Title — Name**`, `**Name** — Title`: a bold lead line written like a talk heading."""
    line, spans = _lead_line(block)
    if spans and spans[0].bold and line.startswith(bold := spans[0].text.strip()):
        after = SENTENCE_BREAK.split(line[len(bold) :], maxsplit=1)[0]
        line = bold + after  # `**Title** — Name. Notes on it…`: the lead ends with its sentence
    if not spans or not spans[0].bold or len(line) > MAX_LEAD or _LINE_LABEL.match(line):
        return None  # (`**발표자**: 이서연 님` labels a talk's speaker: no talk of its own)
    if "\n" in _raw(block):
        later = _lines(block)[1:]
        if any(_LINE_LABEL.match(line) for line in later):
            return None  # `**Title**` over `スピーカー：Name`: the label names the speaker
        if later and len(later[0].split()) <= 5 and name_score(later[0]) >= 0.7:
            return None  # `**Title: subtitle**` over `Lucy Pemberton`: `lead_lines` reads it
    match = match_heading(line)
    if match.speaker and match.title:
        return ItemMatch(match.speaker, match.title, None, "para_bold")
    return None


def lead_bold_name(block: Block) -> ItemMatch | None:
    """`**Marisol Vega**: Title`, `**Marisol Vega** — Title`: a bold name, a separator, a title."""
    line, spans = _lead_line(block)
    if len(spans) < 2 or not spans[0].bold:
        return None
    bold = spans[0].text.strip()
    name = bold.rstrip(":：").strip()  # `**Iain Fraser:** Title`
    after = line[len(bold) :].lstrip()
    rest = _SEPARATOR.sub("", after, count=1)
    if rest == after and name == bold:
        return None  # no separator: `**Jane Doe** was there too`
    rest = SENTENCE_BREAK.split(rest, maxsplit=1)[0]  # `**Name:** Title. Notes on it…`
    if name_score(name) < _BOLD_NAME or not 4 <= len(rest) <= 140:
        return None
    title = rest.strip(" *_.")
    if _KIND_ONLY.fullmatch(title):
        return ItemMatch(
            clean_speaker(name), None, None, "para_bold_name"
        )  # `**Name:** [slides](…)`
    return ItemMatch(clean_speaker(name), title, None, "para_bold_name")


_BOLD_NAME = 0.6
"""A bold lead this much a name is one (`**Arjun Mehta (Skyscanner):**` scores 0.63)."""
_KIND_ONLY = re.compile(r"(?:slides?|deck|video|recording|スライド|資料|動画)", re.IGNORECASE)


def lead_lines(block: Block) -> ItemMatch | None:
    """`Title<br>Name<br>URL` or `Name<br>Title`: a short paragraph of lines, one a name (a
    line labelling a link, `Slides: [deck](…)`, is neither)."""
    lines = [
        line
        for line in _lines(block)
        if line and not _URL.fullmatch(line) and labelled_line_kind(line) is None
    ]
    if not 2 <= len(lines) <= 3 or any(len(line) > 140 for line in lines):
        return None
    labelled = [_LINE_LABEL.sub("", line) for line in lines if _LINE_LABEL.match(line)]
    titled = [_TITLE_LABEL.sub("", line) for line in lines if _TITLE_LABEL.match(line)]
    lines = [_LINE_LABEL.sub("", line) for line in lines]  # `発表者：@x`, `Speaker: Jane Doe`
    names = labelled or [
        line
        for line in lines
        if len(line.split()) <= 7 and (name_score(line) >= 0.7 or all_names(line))
    ]
    titles = titled or [
        line for line in lines if line not in names and not line.endswith((".", "。"))
    ]
    if len(names) != 1 or not titles:
        return None
    speaker = label_name(names[0]) if labelled else clean_speaker(names[0])
    return ItemMatch(speaker, clean_title(titles[0]), None, "para_lines")


def _name_then_link(block: Block, after: Block | None) -> ItemMatch | None:
    """`Marisol Vega`, then a line holding only a recording's or a deck's URL (or its embed):
    a speaker whose talk is that link."""
    text = block.plain
    if after is None or len(text.split()) > 5 or name_score(text) < 0.7 or block.links:
        return None
    if after.kind == "html":
        linked = "<iframe" in after.text.lower()
    else:
        raw = _raw(after)
        rest = _URL.sub("", _MD_LINK.sub("", raw)).strip()
        linked = after.kind == "paragraph" and not rest and bool(_URL.search(raw))
    return ItemMatch(clean_speaker(text), None, None, "para_name") if linked else None


def _title_then_label(block: Block, after: Block | None) -> ItemMatch | None:
    """`**Title**` alone, then a paragraph `発表者: Name` / `Speaker: Name`: a talk whose next
    line names its speaker."""
    spans = [span for span in block.spans if span.text.strip()]
    if after is None or after.kind != "paragraph" or not spans or "\n" in _raw(block):
        return None
    if not all(span.bold for span in spans) or not 4 <= len(block.plain) <= 140:
        return None
    label = _LINE_LABEL.match(_lines(after)[0])
    if label is None:
        return None
    speaker = _lines(after)[0][label.end() :].strip()
    title = clean_title(block.plain.strip())
    return ItemMatch(clean_speaker(speaker), title, None, "para_title_label") if speaker else None


def _raw(block: Block) -> str:
    """A paragraph's text as written, line breaks kept."""
    return block.source or "".join(span.text for span in block.spans)


def _lines(block: Block) -> list[str]:
    """The paragraph's lines as a reader sees them (emphasis, link syntax and tags dropped)."""
    text = _BR.sub("\n", _raw(block))
    text = _MD_LINK.sub(r"\1", text)
    return [" ".join(_EMPHASIS.sub("", line).split()) for line in text.split("\n")]


def lead_comma(block: Block) -> ItemMatch | None:
    """`Amara Nwosu, *Feature flags are a liability*`: names, then the title, on the first line."""
    line, _spans = _lead_line(block)
    if len(line) > MAX_LEAD or line.endswith((".", "。")):
        return None
    found = _COMMA_LEAD.match(line)
    if found is None or name_score(found["sp"]) < 0.6:
        return None
    return ItemMatch(clean_speaker(found["sp"]), found["title"].strip(" *_"), None, "para_comma")


def _one(rule: Lead) -> Prose:
    def run(block: Block) -> list[ItemMatch]:
        match = rule(block)
        return [match] if match is not None else []

    return run


PARAGRAPH_RULES: list[tuple[str, Prose]] = [
    ("lead_bold_name", _one(lead_bold_name)),
    ("lead_bold", _one(lead_bold)),
    ("lead_lines", _one(lead_lines)),
    ("lead_comma", _one(lead_comma)),
    ("bold_units", bold_units),
    ("prose_bold", prose_bold),
    ("prose_quote", prose_quote),
    ("prose_ja", prose_ja),
]
"""How a paragraph can name talks, first rule that finds any wins. A lead rule's talk opens a
body (the blocks after it); a prose rule's talks keep their paragraph as their notes."""
_OPENS = {"lead_bold_name", "lead_bold", "lead_lines", "lead_comma", "lead_name", "lead_title"}


def _opens(rule: str, matches: list[ItemMatch]) -> bool:
    """Whether the unit's talk takes the blocks after it as its body: a lead rule's, and a
    Japanese prose paragraph's one talk (`…さんによる【Title】`, then its notes and deck)."""
    return rule in _OPENS or (rule == "prose_ja" and len(matches) == 1)


Units = dict[int, tuple[str, list[ItemMatch]]]
"""Paragraphs naming talks, by block index: the rule that read them and what it found."""


def paragraph_units(blocks: list[Block], low: int, high: int) -> Units:
    """The paragraphs of `blocks[low:high]` (one section) that some rule reads as naming talks."""
    found: Units = {}
    for index in range(low, high):
        block = blocks[index]
        if block.kind != "paragraph" or not _hopeful(block):
            continue
        after = blocks[index + 1] if index + 1 < high else None
        named = _name_then_link(block, after)
        if named is not None:
            found[index] = ("lead_name", [named])
            continue
        titled = _title_then_label(block, after)
        if titled is not None:
            found[index] = ("lead_title", [titled])
            continue
        for name, rule in PARAGRAPH_RULES:
            matches = rule(block)
            if matches:
                found[index] = (name, matches)
                break
    return found


def paragraph_talks(
    blocks: list[Block], units: Units, grouped: set[int]
) -> dict[int, list[ItemTalk]]:
    """The talks of the post's paragraph units: only of the shapes read at least `MIN_UNITS`
    times in the post (talks are the repeated units of one shape), or a lead line under a
    heading that names a group of talks (`grouped`: `## Lightning talk`)."""
    by_rule: dict[str, int] = {}
    for name, matches in units.values():
        by_rule[_shape(name)] = by_rule.get(_shape(name), 0) + len(matches)
    kept = {rule for rule, count in by_rule.items() if count >= MIN_UNITS}
    talks: dict[int, list[ItemTalk]] = {}
    named: list[str] = []  # the speakers of the prose talks so far
    for index, (name, matches) in sorted(units.items()):
        if not (_shape(name) in kept or (index in grouped and name in _OPENS)):
            continue
        if name.startswith("prose"):
            matches = [match for match in matches if not _quoted_again(match, named)]
            named += [match.speaker for match in matches if match.speaker]
        if matches:
            talks[index] = [_talk(blocks[index], m, _opens(name, matches)) for m in matches]
    return talks


def _quoted_again(match: ItemMatch, named: list[str]) -> bool:
    """A later quote beside a speaker already named in running text (`長谷川さんの「…」という
    言葉` after `長谷川 凛さんによる「Title」`): their words, not a second talk."""
    speaker = match.speaker or ""
    return bool(speaker) and any(speaker in earlier for earlier in named)


def _shape(rule: str) -> str:
    """The shape a rule reads: every prose rule reads one (`… talked about **Title**` beside
    `“Title” by Jane Doe` in the next paragraph are a run of two)."""
    return "prose" if rule.startswith("prose") and rule != "prose_ja" else rule


def _hopeful(block: Block) -> bool:
    """Could any rule name a talk here (bold text, a quotation mark, a name then a comma)?"""
    if not block.spans:
        return False
    text = block.plain
    return (
        any(span.bold for span in block.spans)
        or _QUOTE_CHARS.search(text) is not None
        or _COMMA_START.match(text) is not None
        or "\n" in _raw(block)
        or (len(text) <= MAX_NAME and not block.links)  # `Marisol Vega`, then a recording
    )


def _talk(block: Block, match: ItemMatch, opens: bool) -> ItemTalk:
    unit = _unit(block, match)
    if not opens and match.title:  # prose: only the links on the talk's own title
        title = match.title.casefold()
        unit.links = [link for link in unit.links if _covers(link.text.casefold(), title)]
    return ItemTalk(unit, match, [] if opens else [block], opens=opens)


def _covers(text: str, title: str) -> bool:
    return bool(text) and (text in title or title in text)


def _unit(block: Block, match: ItemMatch) -> Block:
    """The unit's stand-in heading: its title, and the links of its paragraph (bare URLs on
    their own line included: `Name — Title` then a recording's URL)."""
    links = list(block.links)
    known = {link.url for link in links}
    text = "".join(span.text for span in block.spans if span.url is None)
    links += [Link("", url) for url in bare_urls(text) if url not in known]
    return Block("paragraph", spans=(Span(match.title or ""),), links=links)
