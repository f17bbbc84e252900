"""Speakers named in a talk's body: a `登壇者 :` / `speaker:` bullet, or a Speaker table column."""

from __future__ import annotations

import re

from bot.parser.blocks import Block
from bot.parser.talks import clean_speaker

LOOK_AHEAD = 4
"""How many blocks after a talk heading may name its speaker or slides."""

_SPEAKER_LABEL = re.compile(
    r"^\s*(?:登壇者|発表者|講演者|スピーカー|speakers?|presenters?|presented by|by)"
    r"\s*[:：]\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_SPEAKER_COLUMN = re.compile(r"^(?:speakers?|登壇者|発表者|講演者|スピーカー)$", re.IGNORECASE)


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
