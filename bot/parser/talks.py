"""Talk-heading rules: an ordered, named table of small functions, like markdown-it's rulers.

Each rule gets a heading's rendered text and returns a `HeadingMatch` or None; the first rule
that matches wins. `strong` tells a heading that clearly names a talk (a speaker, a session code)
from one that merely could be a talk title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HeadingMatch:
    """What a heading says about a talk."""

    speaker: str | None
    title: str | None
    strong: bool
    rule: str


Rule = Callable[[str], HeadingMatch | None]

_HANDLE = r"@[\w.\-]+"
_NAME_WORD = r"(?:[A-Z\u00c0-\u00de][\w'.\-\u00c0-\u024f]*|de|van|von|der|da|di|le|la)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}$")
_JA = r"[\u3041-\u30ff\u4e00-\u9fff]"
_JA_NAME = re.compile(rf"^{_JA}{{1,6}}[\s\u3000]?{_JA}{{1,6}}$")
_SAN_TAIL = re.compile(r"\s*(?:さん|様).*$")
_SESSION_WORDS = re.compile(
    r"^(?:keynote|基調講演|lt|lightning\s*talks?|ライトニングトーク|lt大会|opening|closing"
    r"|オープニング|クロージング|panel|パネル.*|session|セッション)$",
    re.IGNORECASE,
)
_EVENT_SUFFIX = re.compile(r"\s+[-–—]\s+[\w .#]*\b(?:19|20)\d\d$")


def looks_like_speaker(text: str) -> bool:
    """A handle, a capitalised Western name, a Japanese name (with or without さん)."""
    text = text.strip()
    if re.match(_HANDLE, text) or re.search(rf"\s{_HANDLE}$", text):
        return True
    honorific = "さん" in text or text.endswith("様")
    base = _SAN_TAIL.sub("", text) if honorific else text
    base = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", base)
    return bool(_NAME.match(base) or (honorific and base) or _JA_NAME.match(base))


def clean_speaker(text: str) -> str | None:
    """The speaker part as written, minus さん and what follows it, and stray punctuation."""
    text = text.strip()
    if ("さん" in text and not text.startswith("@")) or re.match(rf"{_HANDLE}\s*さん", text):
        text = text[: text.rfind("さん")] if text.rfind("さん") > 0 else text
    text = text.strip(" \u3000:：,、-–—")
    return text or None


def _title(text: str) -> str | None:
    text = text.strip(" \u3000:：-–—")
    return text or None


def _split(speaker: str, title: str, rule: str, strong: bool = True) -> HeadingMatch:
    return HeadingMatch(clean_speaker(speaker), _title(title), strong, rule)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_SAN_LT = _rx(r"^(?P<sp>.+?)\s*さんの\s*(?:LT|ライトニングトーク|発表|講演|トーク|セッション)$")
_NUMBERED = _rx(r"^(?:(?:#\d+|\d{1,3}[.)])\s+|[\u2460-\u2473]\s*)(?P<rest>.+)$")
_CODE = _rx(
    r"^(?:\[(?P<c1>[^\]\s]{1,12})\]|(?P<c2>[A-Z]{1,2}\d{0,2})[.:)]|(?P<c3>\S*?コマ目))"
    r"\s*(?P<rest>.*)$"
)
_KAGI = _rx(r"^(?P<pre>[^「」]*?)\s*「(?P<title>.+)」\s*(?P<post>.*)$")
_BY = _rx(r"^(?P<title>.+?)\s+(?:presented\s+)?by\s+(?P<sp>.+)$")
_HANDLE_FIRST = _rx(rf"^(?P<sp>{_HANDLE})(?:\s*さん)?(?:\s*[:：]\s*|\s+|$)(?P<title>.*)$")
_NAME_SAN = _rx(r"^(?P<sp>[^\s@「」]{1,30}?)[\s\u3000]*さん(?:\s*[:：]\s*|\s+|$)(?P<title>.*)$")
_DASH_RIGHT = _rx(r"^(?P<title>.+)\s+(?P<sep>[-–—|])\s+(?P<sp>[^-–—|]+)$")
_DASH_LEFT = _rx(r"^(?P<sp>[^-–—|:]+?)\s+[-–—]\s+(?P<title>.+)$")
_COLON = _rx(r"^(?P<sp>[^:：]{1,40}?)\s*[:：]\s*(?P<title>.+)$")
_PAREN = _rx(r"^(?P<title>.+?)\s*[(（](?P<sp>[^()（）]+)[)）]$")
_PIPE = _rx(r"^(?P<title>.+?)\s+\|\s+(?P<sp>[^|]+)$")
_AFFILIATION = re.compile(r"\s+[-–—]\s+")
_NAMES_SPLIT = re.compile(r"\s*(?:&|,|、|\band\b)\s*")
_NAME_HANDLE = _rx(rf"^(?P<sp>.+?\s{_HANDLE})$")


def rule_san_lt(text: str) -> HeadingMatch | None:
    """`DatadogさんのLT`: a speaker and no title."""
    m = _SAN_LT.match(text)
    return HeadingMatch(clean_speaker(m["sp"]), None, True, "san_lt") if m else None


def rule_numbered(text: str) -> HeadingMatch | None:
    """`#1 Title - Name`, `1. Title`: drop the number, split the rest."""
    m = _NUMBERED.match(text)
    if m is None:
        return None
    inner = _split_rest(m["rest"])
    dash = _DASH_RIGHT.match(m["rest"])
    if inner.speaker is None and dash and _NAME.match(dash["sp"].strip()):
        return _split(dash["sp"], dash["title"], "numbered+dash_name")
    return HeadingMatch(inner.speaker, inner.title, True, f"numbered+{inner.rule}")


def rule_session_code(text: str) -> HeadingMatch | None:
    """`[A1(S)] Title`, `A. Title`, `1コマ目「Title」`: drop the session code, split the rest."""
    m = _CODE.match(text)
    if m is None or (m["c2"] and not m["rest"]):
        return None
    rest = m["rest"].strip()
    kagi = _KAGI.match(rest)
    if kagi and not kagi["pre"]:
        speaker = kagi["post"] if looks_like_speaker(kagi["post"]) else ""
        return HeadingMatch(clean_speaker(speaker), _title(kagi["title"]), True, "session_code")
    if not rest:
        return HeadingMatch(None, None, True, "session_code")
    inner = _split_rest(rest)
    return HeadingMatch(inner.speaker, inner.title, True, f"session_code+{inner.rule}")


def rule_kagi(text: str) -> HeadingMatch | None:
    """`Name「Title」` or `「Title」 Name さん`."""
    m = _KAGI.match(text)
    if m is None:
        return None
    speaker = m["pre"] or m["post"]
    if _SESSION_WORDS.match(speaker.strip()):
        return HeadingMatch(None, _title(m["title"]), True, "kagi")
    strong = (bool(speaker) and looks_like_speaker(speaker)) or _SESSION_WORDS.match(speaker)
    return _split(speaker if strong else "", m["title"], "kagi", strong=bool(strong))


def rule_by(text: str) -> HeadingMatch | None:
    """`Title by Name さん( @handle )`."""
    m = _BY.match(text)
    return _split(m["sp"], m["title"], "by") if m and looks_like_speaker(m["sp"]) else None


def rule_handle_first(text: str) -> HeadingMatch | None:
    """`@handleさん Title`, `@handle Title`, `@handle: Title`."""
    m = _HANDLE_FIRST.match(text)
    return _split(m["sp"], m["title"], "handle_first") if m else None


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
    if m is None or not _NAME.match(m["sp"].strip()):
        return None
    title = None if _SESSION_WORDS.match(m["title"].strip()) else m["title"]
    return HeadingMatch(m["sp"].strip(), _title(title or ""), True, "speaker_dash")


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
    if not (looks_like_speaker(m["sp"]) or re.fullmatch(_NAME_WORD, m["sp"].strip())):
        return None
    return _split(m["sp"], m["title"], "paren_speaker")


def rule_plain(text: str) -> HeadingMatch:
    """Anything else: maybe a title, no speaker."""
    return HeadingMatch(None, _title(text), False, "plain")


HEADING_RULES: list[tuple[str, Rule]] = [
    ("san_lt", rule_san_lt),
    ("numbered", rule_numbered),
    ("session_code", rule_session_code),
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


MAX_HEADING = 300
"""Longer headings are not split (they are prose, and the rules' regexes stay linear)."""


def match_heading(text: str) -> HeadingMatch:
    """The first rule's match for a heading's rendered text (a plain title when none match)."""
    text = " ".join(text.split())
    return _apply(text, HEADING_RULES) if len(text) <= MAX_HEADING else rule_plain(text)


def _split_rest(text: str) -> HeadingMatch:
    """The speaker/title split of what follows a number or session code (no prefix rules)."""
    return _apply(text, HEADING_RULES[3:])


def _apply(text: str, rules: list[tuple[str, Rule]]) -> HeadingMatch:
    for _name, rule in rules:
        found = rule(text)
        if found is not None:
            return found
    return rule_plain(text)
