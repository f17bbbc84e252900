"""Speaker names: what one looks like, how it is written clean, and where a talk's body names it.

The heading and list-item rules (`bot.parser.talks`, `bot.parser.heading_shapes`,
`bot.parser.items`) use the name patterns here to tell a speaker from a title; `body_speaker` finds
a `登壇者 :` / `speaker:` bullet or a Speaker table column near the top of a talk's body.
"""

from __future__ import annotations

import re

from bot.parser.blocks import Block

HANDLE = r"@[\w.\-]+"
NAME_WORD = r"(?:[A-Z\u00c0-\u00de][\w'.\-\u00c0-\u024f]*|de|van|von|der|da|di|le|la)"
FULL_NAME = re.compile(rf"^{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}}$")
"""A capitalised Western name of two to four words (`Jane Doe`, `Guido van Rossum`)."""
_JA = r"[\u3041-\u30ff\u4e00-\u9fff]"
_JA_NAME = re.compile(rf"^{_JA}{{1,6}}[\s\u3000]?{_JA}{{1,6}}$")
_SAN_TAIL = re.compile(r"\s*(?:さん|様).*$")

LOOK_AHEAD = 4
"""How many blocks after a talk heading may name its speaker or slides."""

_SPEAKER_LABEL = re.compile(
    r"^\s*(?:登壇者|発表者|講演者|スピーカー|speakers?|presenters?|presented by|by)"
    r"\s*[:：]\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SPEAKER_COLUMN = re.compile(r"^(?:speakers?|登壇者|発表者|講演者|スピーカー)$", re.IGNORECASE)


def looks_like_speaker(text: str) -> bool:
    """A handle, a capitalised Western name, a Japanese name (with or without さん)."""
    text = text.strip()
    if re.match(HANDLE, text) or re.search(rf"\s{HANDLE}$", text):
        return True
    honorific = "さん" in text or text.endswith("様")
    base = _SAN_TAIL.sub("", text) if honorific else text
    base = re.sub(r"\s*[(（][^()（）]*[)）]\s*$", "", base)
    return bool(FULL_NAME.match(base) or (honorific and base) or _JA_NAME.match(base))


def clean_speaker(text: str) -> str | None:
    """The speaker part as written, minus さん and what follows it, and stray punctuation."""
    text = text.strip()
    if ("さん" in text and not text.startswith("@")) or re.match(rf"{HANDLE}\s*さん", text):
        text = text[: text.rfind("さん")] if text.rfind("さん") > 0 else text
    text = text.strip(" \u3000:：,、-–—")
    return text or None


def body_speaker(body: list[Block]) -> str | None:
    """The speaker a talk body names near its top, if any."""
    for block in body[:LOOK_AHEAD]:
        if block.kind in ("bullet", "ordered"):
            for item in block.children:
                text = item.children[0].plain if item.children else ""
                label = _SPEAKER_LABEL.match(text)
                if label and label[1].strip():
                    return clean_speaker(label[1])
        elif block.kind == "table" and len(block.rows) >= 2:
            header = block.rows[0]
            for column, name in enumerate(header):
                if _SPEAKER_COLUMN.match(name.strip()) and column < len(block.rows[1]):
                    return block.rows[1][column].strip() or None
    return None
