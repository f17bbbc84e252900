"""Impressions (感想): headings or bullet items named by one of the impression words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.model import Note, NoteKind
from bot.parser.notes import flatten_text

DEFAULT_IMPRESSION_WORDS: tuple[str, ...] = (
    "感想",
    "所感",
    "小並感",
    "まとめ",
    "Impressions",
    "Thoughts",
    "Takeaways",
)
_PARTS = re.compile(r"(?=[\s,、/・&＆と])(?:\s*[,、/・&＆]\s*|\s+and\s+|と)")
"""The lookahead: other positions fail at one test (the same matches as without it)."""
_LABEL_KINDS = (NoteKind.HEADING, NoteKind.BULLET, NoteKind.ORDERED, NoteKind.PARAGRAPH)


def word_set(words: Iterable[str]) -> frozenset[str]:
    """The impression words, case-folded."""
    return frozenset(word.strip().casefold() for word in words if word.strip())


def is_impression(text: str, words: frozenset[str]) -> bool:
    """`感想`, `Impressions:`, `感想, まとめ`: the text names impressions (case-insensitive)."""
    label = " ".join(text.split()).rstrip(":：").strip().casefold()
    if not label or len(label) > 40:
        return False
    if label in words:
        return True
    if _PARTS.search(label) is None:  # one part, the label itself: not a word
        return False
    return all(part in words for part in _PARTS.split(label) if part)


def split_impressions(notes: Sequence[Note], words: frozenset[str]) -> tuple[list[Note], list[str]]:
    """(notes without impression sections, the impressions' strings)."""
    kept: list[Note] = []
    found: list[str] = []
    for note in notes:
        if note.kind in _LABEL_KINDS and note.children and is_impression(note.text, words):
            found.extend(flatten_text(note.children))
        elif note.kind is NoteKind.HEADING and is_impression(note.text, words):
            continue
        else:
            kept.append(note)
    return kept, found
