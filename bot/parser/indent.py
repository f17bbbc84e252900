"""Lenient list indentation, the way kramdown and Redcarpet read it.

Blog posts nest lists by "a few more spaces than the parent marker" (`1. item` then `  * sub`),
which strict CommonMark reads as a new list or as run-on text, because the child is indented
less than the parent item's content column. This pass re-indents such list items (and the lines
that continue them) to the parent's content column before markdown-it sees the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ITEM = re.compile(r"^( *)([*+-]|\d{1,9}[.)])( {1,4}|$)")
_INDENTED_ITEM = re.compile(r"^ +(?:[*+-]|\d{1,9}[.)])(?: |$)", re.MULTILINE)
_FENCE = re.compile(r"^ *(```|~~~)")


@dataclass(frozen=True)
class _Item:
    """One open list item: where its marker and content were, and where they are now."""

    marker: int
    """Column of the marker as written."""
    content: int
    """Column of the item's content as written."""
    shift: int
    """How many spaces this pass adds in front of the item's lines."""


def lenient_lists(text: str) -> str:
    """`text` with under-indented nested list items moved under their parent item."""
    if not _INDENTED_ITEM.search(text):
        return text
    lines = text.split("\n")
    stack: list[_Item] = []
    fenced = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        if fenced or not line.strip():
            continue
        item = _ITEM.match(line)
        if item is None:
            lines[number] = _continuation(line, stack)
            continue
        indent = len(item[1])
        while stack and indent < stack[-1].marker:
            stack.pop()
        if stack and indent == stack[-1].marker:
            shift = stack.pop().shift
        elif stack:
            parent = stack[-1]
            shift = max(parent.shift, parent.content + parent.shift - indent)
        else:
            shift = 0
        stack.append(_Item(indent, indent + len(item[2]) + max(1, len(item[3])), shift))
        if shift:
            lines[number] = " " * shift + line
    return "\n".join(lines)


def _continuation(line: str, stack: list[_Item]) -> str:
    """A non-item line: re-indented like the item it continues; column 0 ends all lists."""
    indent = len(line) - len(line.lstrip(" "))
    if indent == 0:
        stack.clear()
        return line
    while stack and indent <= stack[-1].marker:
        stack.pop()
    return " " * stack[-1].shift + line if stack and stack[-1].shift else line
