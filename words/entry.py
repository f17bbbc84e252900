"""One catalog entry: the same message in English and in Japanese, with the same placeholders."""

from __future__ import annotations

from typing import NamedTuple


class T(NamedTuple):
    """A message as `str.format` templates: `en` and `ja` name the same `{placeholders}`."""

    en: str
    ja: str
