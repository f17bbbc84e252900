"""Safe text handling: cleaning, Slack length, and truncation at grapheme boundaries.

Lengths are counted in UTF-16 code units (`slack_len`): an astral emoji counts 2. That is never
less than the code-point count slack_sdk uses, so a text that fits here fits everywhere.
"""

from __future__ import annotations

import re
import unicodedata

ELLIPSIS = "…"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
"""A character past the BMP: two UTF-16 units (a regex search costs a third less than encoding)."""


def slack_len(text: str) -> int:
    """Length in UTF-16 code units (what a JavaScript `length` would say)."""
    if text.isascii() or _ASTRAL.search(text) is None:  # one unit a character
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clean(text: str) -> str:
    """Text safe to send: surrogate pairs joined, lone surrogates and control characters
    replaced, NFC-composed (decomposed kana like ク+゛ become グ)."""
    if text.isprintable():  # no control character, no surrogate, no line break: just NFC
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    if _LONE_SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        text = _LONE_SURROGATE.sub("\ufffd", text)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """`clean` text with every run of whitespace (newlines included) made one space."""
    if text.isascii() and text.isprintable():  # `squash` for the usual line, without a call
        return (_SPACES.sub(" ", text) if "  " in text else text).strip()
    return squash(text).strip()


def squash(text: str) -> str:
    """`clean` text with every run of whitespace (newlines included) made one space, ends kept."""
    if not text.isprintable():
        return _SPACES.sub(" ", clean(text))
    if not text.isascii():  # printable: no control character, no surrogate, no line break
        text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text) if "  " in text else text  # only ASCII spaces


def _extends(ch: str) -> bool:
    """True when `ch` belongs to the grapheme cluster before it (never cut before it)."""
    cp = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or cp == 0x200D  # zero width joiner
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors
        or 0xE0100 <= cp <= 0xE01EF
        or 0x1F3FB <= cp <= 0x1F3FF  # emoji skin tones
        or 0xE0020 <= cp <= 0xE007F  # emoji tag sequences (flags of regions)
        or 0xFF9E <= cp <= 0xFF9F  # halfwidth (semi-)voiced sound marks
        or 0x1160 <= cp <= 0x11FF  # Hangul jamo vowels and trailing consonants
        or 0xDC00 <= cp <= 0xDFFF  # low surrogate (should not survive `clean`)
    )


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def is_boundary(text: str, index: int) -> bool:
    """True when `text` may be cut between `text[index - 1]` and `text[index]`."""
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if _extends(after) or before == "\u200d" or (before == "\r" and after == "\n"):
        return False
    if _is_regional(before) and _is_regional(after):
        run = 0
        while index - run - 1 >= 0 and _is_regional(text[index - run - 1]):
            run += 1
        return run % 2 == 0
    return True


def truncate(text: str, limit: int, ellipsis: str = ELLIPSIS) -> str:
    """`text` if it fits in `limit` UTF-16 units, else its longest whole-grapheme prefix plus
    `ellipsis` that fits. Never splits a surrogate pair, a combining sequence or an emoji."""
    if len(text) * 2 <= limit or slack_len(text) <= limit:  # a character is 1 or 2 units
        return text
    room = limit - slack_len(ellipsis)
    if room <= 0:
        return ellipsis[: max(limit, 0)]
    cut, used = 0, 0
    while cut < len(text):
        width = 2 if ord(text[cut]) > 0xFFFF else 1
        if used + width > room:
            break
        used += width
        cut += 1
    while cut > 0 and not is_boundary(text, cut):
        cut -= 1
    return text[:cut].rstrip() + ellipsis


def fit(text: str, limit: int, fallback: str = ELLIPSIS) -> str:
    """`clean`, strip and `truncate` text; `fallback` when nothing visible is left."""
    return fit_line(clean(text).strip(), limit, fallback)


def fit_line(line: str, limit: int, fallback: str = ELLIPSIS) -> str:
    """`fit` of text already clean and stripped (a line `one_line` gave): not cleaned again."""
    out = line if len(line) * 2 <= limit else truncate(line, limit)  # `truncate`'s first test
    return out if out else truncate(fallback, limit)  # a stripped line cut is never blank
