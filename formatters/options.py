"""How to format: language, the post's URL, and the condensing budgets."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FormatOptions:
    """Formatting choices. The defaults give messages well inside Slack's limits."""

    language: str | None = None
    """UI language, "ja" or "en"; None uses the post's language."""
    post_url: str | None = None
    """The post's public URL; wins over `Post.url`."""
    max_points: int = 20
    """Most note lines (list items, sub-headings, paragraphs) shown per talk."""
    max_depth: int = 2
    """Deepest list level shown (2: indent 0 and 1)."""
    max_point_chars: int = 300
    """Longest note line; longer ones end with "…"."""
    max_talks_listed: int = 40
    """Most talks listed in the announcement."""
    max_talk_messages: int = 30
    """Most messages a post's talks take after the announcement (MEETUP_MAX_TALK_MESSAGES):
    past it, the last one lists the rest (formatters/more_talks.py)."""
    max_impressions: int = 10
    """Most impression items shown per message."""
    max_impression_chars: int = 500
    """Longest impression item."""
    max_intro_chars: int = 600
    """Longest intro in the announcement."""
    max_fallback_chars: int = 200
    """Longest fallback `text` (the notification line)."""
    text_budget: int = 11_000
    """Most text in one message's blocks (Slack rejects around 12,000)."""

    def __post_init__(self) -> None:
        for name, low, high in _RANGES:
            value = getattr(self, name)
            if not low <= value <= high:
                raise ValueError(f"FormatOptions.{name} must be {low}..{high}, not {value}")


_RANGES = (
    ("max_points", 0, 1_000),
    ("max_depth", 1, 9),
    ("max_point_chars", 10, 3_000),
    ("max_talks_listed", 0, 1_000),
    ("max_impressions", 0, 100),
    ("max_impression_chars", 10, 3_000),
    ("max_intro_chars", 10, 3_000),
    ("max_fallback_chars", 20, 40_000),
    ("text_budget", 4_000, 11_500),
)
"""Allowed values: outside them Slack's limits could not be kept."""


DEFAULT_OPTIONS = FormatOptions()
"""The defaults (FormatOptions is frozen, so one shared instance is safe)."""
