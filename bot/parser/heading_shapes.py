"""Heading shapes: the rules that split a talk heading's text into speaker and title.

Each rule gets a heading's rendered text and returns a `HeadingMatch` or None. `SHAPE_RULES` is
their order: the tail of `bot.parser.talks.HEADING_RULES`, and all that is tried on what follows
a talk number or a session code. `strong` tells a heading that clearly names a talk (a speaker,
a session code) from one that merely could be a talk title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.parser.speakers import FULL_NAME, HANDLE, NAME_WORD, clean_speaker, looks_like_speaker


@dataclass(frozen=True)
class HeadingMatch:
    """What a heading says about a talk."""

    speaker: str | None
    title: str | None
    strong: bool
    rule: str


Rule = Callable[[str], HeadingMatch | None]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


KAGI = _rx(r"^(?P<pre>[^「」]*?)\s*「(?P<title>.+)」\s*(?P<post>.*)$")
"""`Name「Title」` or `「Title」 Name`: the title in Japanese quotation marks."""
_SESSION_WORDS = re.compile(
    r"^(?:keynote|基調講演|lt|lightning\s*talks?|ライトニングトーク|lt大会|opening|closing"
    r"|オープニング|クロージング|panel|パネル.*|session|セッション)$",
    re.IGNORECASE,
)
_EVENT_SUFFIX = re.compile(r"\s+[-–—]\s+[\w .#]*\b(?:19|20)\d\d$")
_BY = _rx(r"^(?P<title>.+?)\s+(?:presented\s+)?by\s+(?P<sp>.+)$")
_HANDLE_FIRST = _rx(rf"^(?P<sp>{HANDLE})(?:\s*さん)?(?:\s*[:：]\s*|\s+|$)(?P<title>.*)$")
_NAME_SAN = _rx(r"^(?P<sp>[^\s@「」]{1,30}?)[\s\u3000]*さん(?:\s*[:：]\s*|\s+|$)(?P<title>.*)$")
_DASH_RIGHT = _rx(r"^(?P<title>.+)\s+(?P<sep>[-–—|])\s+(?P<sp>[^-–—|]+)$")
_DASH_LEFT = _rx(r"^(?P<sp>[^-–—|:]+?)\s+[-–—]\s+(?P<title>.+)$")
_COLON = _rx(r"^(?P<sp>[^:：]{1,40}?)\s*[:：]\s*(?P<title>.+)$")
_PAREN = _rx(r"^(?P<title>.+?)\s*[(（](?P<sp>[^()（）]+)[)）]$")
_PIPE = _rx(r"^(?P<title>.+?)\s+\|\s+(?P<sp>[^|]+)$")
_AFFILIATION = re.compile(r"\s+[-–—]\s+")
_NAMES_SPLIT = re.compile(r"\s*(?:&|,|、|\band\b)\s*")
_NAME_HANDLE = _rx(rf"^(?P<sp>.+?\s{HANDLE})$")


def clean_title(text: str) -> str | None:
    """The title part minus surrounding separators (None when nothing is left)."""
    text = text.strip(" \u3000:：-–—")
    return text or None


def _split(speaker: str, title: str, rule: str, strong: bool = True) -> HeadingMatch:
    return HeadingMatch(clean_speaker(speaker), clean_title(title), strong, rule)


def dash_name(text: str) -> HeadingMatch | None:
    """`Title - Jane Doe`: a dash, then a full name (any dash, unlike `rule_dash_speaker`)."""
    m = _DASH_RIGHT.match(text)
    if m is None or not FULL_NAME.match(m["sp"].strip()):
        return None
    return _split(m["sp"], m["title"], "dash_name")


def rule_by(text: str) -> HeadingMatch | None:
    """`Title by Name さん( @handle )`."""
    m = _BY.match(text)
    return _split(m["sp"], m["title"], "by") if m and looks_like_speaker(m["sp"]) else None


def rule_handle_first(text: str) -> HeadingMatch | None:
    """`@handleさん Title`, `@handle Title`, `@handle: Title`."""
    m = _HANDLE_FIRST.match(text)
    return _split(m["sp"], m["title"], "handle_first") if m else None


def rule_kagi(text: str) -> HeadingMatch | None:
    """`Name「Title」` or `「Title」 Name さん`."""
    m = KAGI.match(text)
    if m is None:
        return None
    speaker = m["pre"] or m["post"]
    if _SESSION_WORDS.match(speaker.strip()):
        return HeadingMatch(None, clean_title(m["title"]), True, "kagi")
    strong = (bool(speaker) and looks_like_speaker(speaker)) or _SESSION_WORDS.match(speaker)
    return _split(speaker if strong else "", m["title"], "kagi", strong=bool(strong))


def rule_name_san(text: str) -> HeadingMatch | None:
    """`Nameさん Title`."""
    m = _NAME_SAN.match(text)
    return _split(m["sp"], m["title"], "name_san") if m else None


def rule_name_handle(text: str) -> HeadingMatch | None:
    """`Chad Fowler @chadfowler`: a speaker only."""
    m = _NAME_HANDLE.match(text)
    if m is None or not looks_like_speaker(m["sp"].rsplit(None, 1)[0]):
        return None
    return HeadingMatch(m["sp"].strip(), None, True, "name_handle")


def rule_pipe_speaker(text: str) -> HeadingMatch | None:
    """`Title | Speaker - Company`, `Title | Jane Doe & John Roe - Company`."""
    m = _PIPE.match(text)
    if m is None:
        return None
    names = _AFFILIATION.split(m["sp"].strip(), maxsplit=1)[0]
    parts = [part for part in _NAMES_SPLIT.split(names) if part]
    if not parts or not all(looks_like_speaker(part) for part in parts):
        return None
    return _split(m["sp"], m["title"], "pipe_speaker")


def rule_dash_speaker(text: str) -> HeadingMatch | None:
    """`Title - @handle`, `Title | Name`."""
    m = _DASH_RIGHT.match(text)
    if m is None or not looks_like_speaker(m["sp"]):
        return None
    if m["sep"] != "|" and "@" not in m["sp"] and "さん" not in m["sp"]:
        return None
    return _split(m["sp"], m["title"], "dash_speaker")


def rule_speaker_dash(text: str) -> HeadingMatch | None:
    """`Name Surname - Title` (an event suffix like ` - PyCon 2018` is dropped)."""
    m = _DASH_LEFT.match(_EVENT_SUFFIX.sub("", text))
    if m is None or not FULL_NAME.match(m["sp"].strip()):
        return None
    title = None if _SESSION_WORDS.match(m["title"].strip()) else m["title"]
    return HeadingMatch(m["sp"].strip(), clean_title(title or ""), True, "speaker_dash")


def rule_speaker_colon(text: str) -> HeadingMatch | None:
    """`Speaker: Title`."""
    m = _COLON.match(text)
    if m is None or not looks_like_speaker(m["sp"]):
        return None
    return _split(m["sp"], m["title"], "speaker_colon")


def rule_paren_speaker(text: str) -> HeadingMatch | None:
    """`Title (Name)`."""
    m = _PAREN.match(text)
    if m is None or m["sp"].isupper():
        return None
    if not (looks_like_speaker(m["sp"]) or re.fullmatch(NAME_WORD, m["sp"].strip())):
        return None
    return _split(m["sp"], m["title"], "paren_speaker")


def rule_plain(text: str) -> HeadingMatch:
    """Anything else: maybe a title, no speaker."""
    return HeadingMatch(None, clean_title(text), False, "plain")


SHAPE_RULES: list[tuple[str, Rule]] = [
    ("by", rule_by),
    ("handle_first", rule_handle_first),
    ("kagi", rule_kagi),
    ("name_san", rule_name_san),
    ("name_handle", rule_name_handle),
    ("pipe_speaker", rule_pipe_speaker),
    ("dash_speaker", rule_dash_speaker),
    ("speaker_dash", rule_speaker_dash),
    ("speaker_colon", rule_speaker_colon),
    ("paren_speaker", rule_paren_speaker),
]
