"""Text normalisation and the search query language (pure functions, no I/O).

Every text the index stores and every query term goes through `normalize`: Unicode NFKC plus
casefold, so `ＣＧＲＯＵＰ`, `Cgroup` and `cgroup` are the same, and decomposed kana (`か` + `゙`)
equal composed ones. Runs of whitespace become one space; newlines are kept as field separators
(a query term never contains one, so a match never crosses a bullet).

`normalize_with_map` also returns, for each normalised character, the index of the original
character it came from, so a match found in normalised text can be shown (bold) in the original.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MAX_QUERY_LENGTH = 200
"""Longest query accepted, in characters as typed."""

# Characters that join the previous cluster before normalising: combining marks (category M)
# and the half-width voiced / semi-voiced sound marks, which NFKC composes with the kana before.
_JOINERS = frozenset("\uff9e\uff9f")


def _clusters(text: str) -> Iterable[tuple[int, str]]:
    """(start index, cluster) for each base character with its combining marks."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not (
            unicodedata.combining(text[index]) or text[index] in _JOINERS
        ):
            yield start, text[start:index]
            start = index


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index in `text` it came from."""
    out: list[str] = []
    origin: list[int] = []
    for start, cluster in _clusters(text):
        if cluster.isascii():
            norm = cluster.lower()
        else:
            norm = unicodedata.normalize("NFKC", cluster).casefold()
        for char in norm:
            if char == "\n" or char == "\r":
                if out and out[-1] == " ":
                    out.pop()
                    origin.pop()
                if out and out[-1] == "\n":
                    continue
                char = "\n"
            elif char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
                if not out or out[-1] in " \n":
                    continue
                char = " "
            out.append(char)
            origin.append(start)
    while out and out[-1] in " \n":
        out.pop()
        origin.pop()
    return "".join(out), origin


_CONTROL = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"[^\S\n]+")
_SPACE_RUNS = re.compile(" {2,}")
_BREAKS = re.compile(r" \n[ \n]*|\n[ \n]+")
"""A newline with the spaces and newlines around it, where that is more than one newline."""


def normalize(text: str) -> str:
    """NFKC + casefold, whitespace collapsed (newlines kept), control characters as spaces."""
    text = unicodedata.normalize("NFKC", text).casefold() if not text.isascii() else text.lower()
    if text.replace("\n", " ").isprintable():  # most texts: no space but " " to turn into one
        if "  " in text:
            text = _SPACE_RUNS.sub(" ", text)
    else:  # (every character of _CONTROL and every other space is unprintable)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _SPACES.sub(" ", _CONTROL.sub(" ", text))
    if "\n" in text:
        text = _BREAKS.sub("\n", text)
    return text.strip(" \n")


# --- the query language --------------------------------------------------------------------------

ALL_FIELDS = ("title", "speaker", "impressions", "notes")
"""The fields of a talk a term can match, best first."""


@dataclass(frozen=True)
class Term:
    """One thing the talk must contain: normalised `text`, in one of `fields`."""

    text: str
    fields: tuple[str, ...] = ALL_FIELDS
    phrase: bool = False


class QuerySyntaxError(ValueError):
    """The query has nothing to search for (the message key is `args[0]`)."""


def _clean(query: str) -> str:
    return "".join(
        " " if (unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") or c.isspace()) else c
        for c in query
    )


def parse_query(query: str) -> list[Term]:
    """Split a query into terms: words (all must match), "quoted phrases", `speaker:NAME`.

    Raises QuerySyntaxError("empty") when nothing searchable is left.
    """
    text = _clean(query)
    terms: list[Term] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == " ":
            index += 1
            continue
        fields: tuple[str, ...] = ALL_FIELDS
        lowered = text[index : index + 8].lower()
        if lowered == "speaker:" or normalize(text[index : index + 8]) == "speaker:":
            fields = ("speaker",)
            index += 8
            if index >= length or text[index] == " ":
                continue  # `speaker:` alone: nothing to restrict
            char = text[index]
        if char in '"“”＂':
            end = index + 1
            while end < length and text[end] not in '"“”＂':
                end += 1
            raw = text[index + 1 : end]
            index = end + 1
            phrase = True
        else:
            end = index
            while end < length and text[end] != " ":
                end += 1
            raw = text[index:end]
            index = end
            phrase = False
        norm = normalize(raw)
        if fields == ("speaker",):
            norm = norm.lstrip("@").strip()
        if not norm:
            continue
        term = Term(norm, fields, phrase)
        if term not in terms:
            terms.append(term)
    if not terms:
        raise QuerySyntaxError("empty")
    return terms
