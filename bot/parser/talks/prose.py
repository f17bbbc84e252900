"""Prose that names talks: a sentence with a person's name and a quoted or bold title
(`Nadia Okafor opened with **Title**`, `Jane Doe talked about “Title”`, `“Title” by Jane Doe`),
and bold runs in running text written like a talk heading (`**Title by Jane Doe**`).

Each rule returns every talk its paragraph names; `bot.parser.talks.paragraphs` takes them only
as a run across the post.
"""

from __future__ import annotations

import re

from bot.parser.blocks import Block
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.item_rules import ItemMatch
from bot.parser.talks.names import FULL_NAME, clean_speaker, name_score

MAX_RUN = 160
"""A bold run longer than this is prose, not a talk heading."""

_COMMA = re.compile(r"\s*,\s*")
_POSSESSIVE = re.compile(r"(?:'s|’s)$")
_CUE = re.compile(
    r"\b(?:talks?|talked|spoke|speakers?|present(?:ed|ation)s?|keynote|sessions?|gave|opened"
    r"|closed|showed|explained|demo(?:ed)?|lightning|föredrag|pratade|talade|talare|höll"
    r"|presenterade|berättade|présent\w*|conférences?|exposé|parlé|vortrag|sprach)\b"
    r"|発表|講演|登壇|トーク|\bLT\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?。])\s+(?=[A-ZÀ-Þ\"“«*\[(])")
QUOTED = re.compile(r"[“\"«]\s*(?P<title>[^”\"»]{4,120}?)\s*[”\"»]")
_PERSON = r"[A-ZÀ-Þ][a-zà-ÿ'’\-]+(?:[ \-](?:[A-ZÀ-Þ][a-zà-ÿ'’\-]+|de|van|von|der|da|di|le|la)){1,3}"
"""A person's name in running text: two to four capitalised words (`API` or `RESTful` are not)."""
_PERSONS = rf"(?P<sp>{_PERSON}(?:\s*(?:,|&|and|och|et|und)\s*{_PERSON})*)"
_NAME_BEFORE = re.compile(rf"{_PERSONS}(?:'s|’s)?(?!.*{_PERSON})", re.DOTALL)
_BY_AFTER = re.compile(rf"^\s*[,)]?\s*(?:by|av|par|von)\s+{_PERSONS}")
NEAR = 120
"""How far before a title (in characters, in one sentence) its speaker's name may be."""


def prose_bold(block: Block) -> list[ItemMatch]:
    """`Nadia Okafor opened with **Title**`: bold titles after a name, in talk sentences."""
    found: list[ItemMatch] = []
    before = ""
    for span in block.spans:
        text = span.text.strip()
        if span.bold and 4 <= len(text) <= 140 and not _named(text):
            sentence = _SENTENCE.split(before)[-1]
            name = _NAME_BEFORE.search(sentence[-NEAR:])
            speaker = _person(name["sp"]) if name and _CUE.search(sentence + text) else None
            if speaker:
                found.append(ItemMatch(speaker, text, None, "prose_bold"))
        before += span.text
    return found


def _person(text: str) -> str | None:
    """A name from running text, without a possessive `'s`; `On Tuesday`, `After Lunch` and the
    like are no names."""
    parts = [part for part in _COMMA.split(text.strip()) if part]
    names = [part for part in parts if part.split()[0].casefold() not in _NOT_NAMES]
    return clean_speaker(_POSSESSIVE.sub("", ", ".join(names))) if names else None


def _named(text: str) -> bool:
    """A bold span that is a name (`**Mihai Parparita’s**`), not a title."""
    base = _POSSESSIVE.sub("", text)
    return bool(FULL_NAME.match(base)) or name_score(base) >= 0.5 or base != text


def bold_units(block: Block) -> list[ItemMatch]:
    """`… the keynote **The Cloud Native Journey by Alena P.** was …`: bold runs in running text
    that are each written like a talk heading (a title and a speaker)."""
    found: list[ItemMatch] = []
    for span in block.spans:
        text = " ".join(span.text.split())
        if span.bold and 8 <= len(text) <= MAX_RUN:
            match = match_heading(text)
            if match.strong and match.speaker and match.title:
                found.append(ItemMatch(match.speaker, match.title, None, "bold_units"))
    return found


_NOT_NAMES = frozenset(
    (
        *("on", "in", "at", "the", "this", "that", "after", "before", "then", "and", "but"),
        *("so", "we", "our", "my", "his", "her", "their", "next", "last", "first", "finally"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "day", "track", "room", "hall"),
    )
)
"""First words of capitalised runs that start a sentence or name a time, not a person."""


def prose_quote(block: Block) -> list[ItemMatch]:
    """`Jane Doe talked about “Title”`, `“Title” by Jane Doe`: quoted titles beside a name, in
    sentences that speak of a talk."""
    found: list[ItemMatch] = []
    for sentence in _SENTENCE.split(block.plain[:2000]):
        if not _CUE.search(sentence):
            continue
        for quote in QUOTED.finditer(sentence):
            name = _NAME_BEFORE.search(sentence[max(0, quote.start() - NEAR) : quote.start()])
            name = name or _BY_AFTER.match(sentence[quote.end() :])
            title = quote["title"].strip()
            speaker = _person(name["sp"]) if name else None
            if speaker and not title.endswith((".", "。")):
                found.append(ItemMatch(speaker, title, None, "prose_quote"))
    return found
