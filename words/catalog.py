"""The one catalog: every message key, with its English and Japanese text (`words.entry.T`).
The sections live in their own modules, by where the words show; keys never repeat."""

from __future__ import annotations

from words import answers, cli, labels, operator, posts, preview, surfaces, verdict
from words.entry import T

SECTIONS = (posts, labels, answers, verdict, preview, operator, surfaces, cli)


def _merged() -> dict[str, T]:
    catalog: dict[str, T] = {}
    for section in SECTIONS:
        twice = catalog.keys() & section.WORDS.keys()
        if twice:
            raise RuntimeError(f"message keys defined twice: {sorted(twice)}")
        catalog.update(section.WORDS)
    return catalog


CATALOG: dict[str, T] = _merged()
