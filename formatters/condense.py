"""Fitting a message into Slack's limits: measuring block text and choosing what to show."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from formatters.lines import Line
from formatters.text import slack_len

MAX_INDENT = 8
"""Deepest rich_text_list indent Slack accepts."""


def text_size(value: Any) -> int:
    """All text inside blocks (text objects, rich_text text and links, button labels), in
    UTF-16 units. Link URLs of rich_text links are counted too, to stay on the safe side."""
    if isinstance(value, list | tuple):
        return sum([text_size(item) for item in value])
    if not isinstance(value, Mapping):
        return 0
    total = 0
    for key, item in value.items():
        if isinstance(item, str):
            if key == "text" or (key == "url" and value.get("type") == "link"):
                total += slack_len(item)
        elif isinstance(item, dict | list | tuple | Mapping):
            total += text_size(item)
    return total


def select_lines(
    lines: Sequence[Line], max_points: int, max_depth: int, budget: int
) -> tuple[list[Line], int]:
    """The lines to show, in order, and how many were left out.

    Lines deeper than `max_depth` are left out (and counted). Lines are taken in order while
    fewer than `max_points` are shown and they fit in `budget`; after the first line that
    does not, everything else is left out, so no item ever shows without its parent.
    """
    shown, reached = _select(lines, max_points, max_depth, budget, _most_size)
    if reached:  # measured at most, the lines outgrew the budget: measure them exactly
        shown, _ = _select(lines, max_points, max_depth, budget, _size)
    return shown, len(lines) - len(shown)


def _size(line: Line) -> int:
    return line.size


def _most_size(line: Line) -> int:
    """At least `line.size` (a character is one or two UTF-16 units), without measuring."""
    return 2 * sum([len(part.text) + len(part.url or "") for part in line.parts])


def _select(
    lines: Sequence[Line], max_points: int, max_depth: int, budget: int, size: Callable[[Line], int]
) -> tuple[list[Line], bool]:
    """`select_lines`' lines, each costing `size(line) + 1`, and whether the budget ended them
    (when it did not, the same lines show whatever the sizes, so long as none is larger)."""
    max_depth = min(max_depth, MAX_INDENT + 1)
    shown: list[Line] = []
    used = 0
    for line in lines:
        if line.indent >= max_depth:
            continue
        if len(shown) >= max_points:
            return shown, False
        cost = size(line) + 1
        if used + cost > budget:
            return shown, True
        shown.append(line)
        used += cost
    return shown, False
