"""One post's way through the parser, from its text to a `Post`: `parse_post` and `read_post`
(re-exported by `bot.parser`), the post-level parts (title, date, intro, event link, overall
impressions) and the talks' verdict."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from pathlib import PurePath

from bot.frontmatter import parse_date, read_front_matter, split_front_matter
from bot.model import Post
from bot.parser.blocks import Block, parse_blocks
from bot.parser.build import build_talk
from bot.parser.files import read_text
from bot.parser.front_talks import front_talks, with_front_talks
from bot.parser.impressions import DEFAULT_IMPRESSION_WORDS, word_set
from bot.parser.indent import lenient_lists
from bot.parser.language import detect_language
from bot.parser.listed_slides import with_listed_slides
from bot.parser.markdown import has_fence
from bot.parser.memo import forget_parse
from bot.parser.notes import flatten_text, to_notes
from bot.parser.talks.confidence import judge
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.layout import lay_out
from bot.parser.talks.names import looks_like_speaker
from bot.parser.talks.parts import Layout

_HEADING_NO_SPACE = re.compile(r"\n(#{2,6})(?=[^#\s])")
"""After a newline: a literal first character lets the regex engine skip ahead (5x faster)."""
_FENCE = re.compile(r"^ {0,3}(```|~~~)", re.MULTILINE)
_DATED_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_EVENT_HOSTS = re.compile(
    r"connpass\.com|meetup\.com|doorkeeper\.jp|peatix\.com|eventbrite\.|atnd\.org|techplay\.jp"
    r"|compass\.|zusaar\.com|eventdots\.jp|lu\.ma|events?\.",
    re.IGNORECASE,
)


def normalize(text: str) -> str:
    """LF line ends, NFC, and `##Title` (kramdown style) made a heading outside code fences."""
    if "\r" in text:  # a one-character test is ~50x faster than a substring search
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _nfc(text)
    if not has_fence(text):
        return _space_headings(text)
    parts = _FENCE.split(text)
    out, fenced, marker = [], False, ""
    for index, part in enumerate(parts):
        if index % 2 == 1:  # a fence marker
            if not fenced or part == marker:
                fenced, marker = not fenced, part
            out.append(part)
        else:
            out.append(part if fenced else _space_headings(part))
    return "".join(out)


def _nfc(text: str) -> str:
    """NFC, line by line: no composition spans a line break, and CPython checks a non-ASCII
    string character by character (~25 ns each), so ASCII lines are passed over whole."""
    if text.isascii():
        return text
    return "\n".join(
        line if line.isascii() else unicodedata.normalize("NFC", line) for line in text.split("\n")
    )


def _space_headings(text: str) -> str:
    """`##Title` -> `## Title` at the start of every line (and of `text`)."""
    if "##" not in text:  # (a one-substring test: no such heading, nothing to copy)
        return text
    return _HEADING_NO_SPACE.sub(r"\n\1 ", "\n" + text)[1:]


def _names_a_speaker(heading: str) -> bool:
    """A heading split by a strong rule whose speaker side reads as a person (not `Rust
    Edinburgh, November: three talks and…`, a post's title). The post's first block is its
    title whatever it reads like (`# Bristol Ruby User Group — November 2026`)."""
    found = match_heading(heading)
    return found.strong and found.speaker is not None and looks_like_speaker(found.speaker)


def parse_post(
    text: str, *, source: str = "", impression_words: Sequence[str] = DEFAULT_IMPRESSION_WORDS
) -> Post:
    """Parse a post's text; PostError when its front matter is broken."""
    forget_parse()
    text = normalize(text)
    kind, raw, body = split_front_matter(text)
    meta = read_front_matter(kind, raw, source)
    listed = front_talks(meta.extra, source)  # the author's `talks:` replace detection
    words = word_set(impression_words)
    blocks = parse_blocks(lenient_lists(body))
    path = PurePath(source)
    stem, dated = _name_parts(path) if source else ("", None)
    first = None if meta.title else _first_heading(blocks)
    title_block = first if first is not None and first.level == 1 else None
    at_top = title_block is not None and blocks[0] is title_block
    if title_block is not None and not at_top and _names_a_speaker(title_block.plain):
        title_block = None  # `The Simple Parts (Martin Odersky)` after the intro: a talk
    elif title_block is not None and _top_headings(blocks) >= 3:
        title_block = None  # one `#` heading per talk: the first is a talk like the others
    layout = lay_out(blocks, words, title_block)
    used: set[str] = set()
    talks = tuple(build_talk(part, i, words, used) for i, part in enumerate(layout.talks))
    talks = with_listed_slides(talks, _lists_outside_talks(blocks, layout))
    verdict = judge(talks, layout.talks)
    intro, event_url = _intro(layout)
    post = Post(
        title=meta.title or (first.plain if first else "") or stem or "untitled",
        date=meta.date if meta.date is not None else parse_date(dated),
        categories=meta.categories,
        tags=meta.tags,
        draft=meta.draft or "_drafts" in path.parts,
        intro=intro,
        event_url=event_url,
        impressions=tuple(_post_impressions(layout, words)),
        talks=verdict.talks,
        confidence=verdict.confidence,
        talks_posted=verdict.posted,
        left_out=(*layout.left_out, *verdict.left_out),
        language=detect_language(body),
        slug=stem,
        source=source,
        extra=meta.extra,
    )
    return post if listed is None else with_front_talks(post, listed, blocks, words)


def read_post(
    path: str | os.PathLike[str], *, impression_words: Sequence[str] = DEFAULT_IMPRESSION_WORDS
) -> Post:
    """Read and parse a post file; PostError (one clear line) for anything that is not a post."""
    return parse_post(read_text(path), source=os.fspath(path), impression_words=impression_words)


def _name_parts(path: PurePath) -> tuple[str, str | None]:
    """(slug, date text from a `YYYY-MM-DD-` prefix) of a source path."""
    name = path.parent.name if path.stem in ("index", "_index") and path.parent.name else path.stem
    dated = _DATED_NAME.match(name)
    return (dated[2], dated[1]) if dated else (name, None)


def _top_headings(blocks: list[Block]) -> int:
    return sum(1 for block in blocks if block.kind == "heading" and block.level == 1)


def _first_heading(blocks: list[Block]) -> Block | None:
    return next((block for block in blocks if block.kind == "heading" and block.plain), None)


def _lists_outside_talks(blocks: list[Block], layout: Layout) -> list[Block]:
    """The post's top-level lists that are no talk's body (a talk list's own items included)."""
    lists = [block for block in blocks if block.kind in ("bullet", "ordered")]
    if not lists:
        return lists
    bodies = {id(block) for part in layout.talks for block in part.body}
    return [block for block in lists if id(block) not in bodies]


def _intro(layout: Layout) -> tuple[str, str | None]:
    paragraphs = [b for b in layout.preamble if b.kind == "paragraph" and b.plain]
    intro = paragraphs[0].plain if paragraphs else ""
    links = [link for b in paragraphs for link in b.links if not link.image and link.url]
    event = next((link.url for link in links if _EVENT_HOSTS.search(link.url)), None)
    if event is None and paragraphs:
        event = next(
            (link.url for link in paragraphs[0].links if link.url and not link.image), None
        )
    return intro, event


def _post_impressions(layout: Layout, words: frozenset[str]) -> list[str]:
    from bot.parser.impressions import split_impressions

    _kept, found = split_impressions(to_notes(layout.preamble), words)
    blocks = layout.impression_blocks
    headed = [b for b in blocks if b.kind != "heading"]
    return found + flatten_text(to_notes(headed))
