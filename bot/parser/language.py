"""Which language a post is written in: `ja` when it is substantially Japanese, else `en`."""

from __future__ import annotations

import re

_NOT_JAPANESE = re.compile(r"[^\u3041-\u309f\u30a0-\u30ff\u4e00-\u9fff\uff66-\uff9f]+")
"""Everything but kana and kanji: deleted, the kana and kanji are left to count."""
_NOT_LATIN = bytes(c for c in range(128) if not chr(c).isalpha())
"""ASCII bytes that are not letters: deleted from the text's ASCII part, the letters are left."""
_SAMPLE = 20_000
JA_SHARE = 0.15
"""Share of Japanese characters among letters above which a post counts as Japanese."""


def detect_language(text: str) -> str:
    """`ja` or `en`, from the share of kana/kanji among the letters of (a sample of) the text."""
    sample = text[:_SAMPLE]
    if sample.isascii():
        return "en"
    japanese = len(_NOT_JAPANESE.sub("", sample))
    if japanese < 5:
        return "en"
    latin = len(sample.encode("ascii", "ignore").translate(None, _NOT_LATIN))  # [A-Za-z]
    return "ja" if japanese >= JA_SHARE * (japanese + latin) else "en"
