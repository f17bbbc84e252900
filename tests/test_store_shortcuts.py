"""The index build's speed shortcuts give exactly what the plainer code they replaced gave.

`normalize` skips its control-character and whitespace passes for a text that has nothing
for them to change; each property runs the shortcut and the old code (kept here as the
reference) on text made of the characters that matter, and on any text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.query import normalize

_OLD_CONTROL = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
_OLD_SPACES = re.compile(r"[^\S\n]+")
_OLD_BREAKS = re.compile(r" ?\n[ \n]*")


def old_normalize(text: str) -> str:
    """`normalize` as it was before its shortcuts."""
    text = unicodedata.normalize("NFKC", text).casefold() if not text.isascii() else text.lower()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _OLD_SPACES.sub(" ", _OLD_CONTROL.sub(" ", text))
    if "\n" in text:
        text = _OLD_BREAKS.sub("\n", text)
    return text.strip(" \n")


_PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\n\n",
        " \n ",
        "\r",
        "\r\n",
        "\t",
        "\x0b",
        "\x1c",
        "\x85",
        "\xa0",
        "\u3000",
        "\u2002",
        "\u2028",
        "\u200b",
        "\u00ad",
        "\ufeff",
        "\x00",
        "\x7f",
        "a",
        "Kubernetes",
        "ＣＧＲＯＵＰ",
        "ß",
        "İ",
        "監視",
        "ｶﾞ",
        "か\u3099",
        "\u0301",
        "①",
        "㍿",
        "—",
        "-",
        "k8s",
    ]
)


@settings(max_examples=600)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_normalize_shortcut_is_the_old_normalize_on_spaces_and_controls(text: str) -> None:
    assert normalize(text) == old_normalize(text)


@settings(max_examples=600)
@given(st.text(max_size=40))
def test_normalize_shortcut_is_the_old_normalize_on_any_text(text: str) -> None:
    assert normalize(text) == old_normalize(text)
