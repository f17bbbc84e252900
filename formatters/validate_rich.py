"""Checks for rich_text blocks (slack_sdk checks none of these)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

MAX_URL = 3_000
MENTION_ELEMENTS = frozenset({"user", "usergroup", "broadcast", "channel", "team"})
Report = Callable[[str, str], None]
CONTAINERS = frozenset(
    {"rich_text_section", "rich_text_list", "rich_text_quote", "rich_text_preformatted"}
)
_LINK = re.compile(r"^(https?://[^\s/]+|mailto:)", re.IGNORECASE)


def check_rich_text(block: Mapping[str, Any], path: str, report: Report) -> None:
    """Report every problem of a rich_text block through `report(path, problem)`."""
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        report(f"{path}.elements", "rich_text needs a non-empty list of elements")
        return
    for i, element in enumerate(elements):
        _container(element, f"{path}.elements[{i}]", report)


def _container(element: Any, path: str, report: Report) -> None:
    kind = element.get("type") if isinstance(element, Mapping) else None
    if kind not in CONTAINERS:
        report(path, f"unknown rich_text element {kind!r}")
        return
    assert isinstance(element, Mapping)
    children = element.get("elements")
    if not isinstance(children, list):
        report(f"{path}.elements", "must be a list")
        return
    if kind == "rich_text_list":
        _list(element, path, report)
        for i, child in enumerate(children):
            if not isinstance(child, Mapping) or child.get("type") != "rich_text_section":
                report(f"{path}.elements[{i}]", "list items must be rich_text_section")
            else:
                _inline_all(child.get("elements"), f"{path}.elements[{i}]", report)
    else:
        _inline_all(children, path, report)


def _list(element: Mapping[str, Any], path: str, report: Report) -> None:
    if element.get("style") not in ("bullet", "ordered"):
        report(f"{path}.style", f"must be bullet or ordered, not {element.get('style')!r}")
    indent = element.get("indent", 0)
    if not isinstance(indent, int) or isinstance(indent, bool) or not 0 <= indent <= 8:
        report(f"{path}.indent", f"must be 0..8, not {indent!r}")
    offset = element.get("offset", 0)
    if not isinstance(offset, int) or offset < 0:
        report(f"{path}.offset", f"must be a non-negative integer, not {offset!r}")
    if element.get("border", 0) not in (0, 1):
        report(f"{path}.border", "must be 0 or 1")
    if not element.get("elements"):
        report(f"{path}.elements", "a list needs at least one item")


def _inline_all(children: Any, path: str, report: Report) -> None:
    if not isinstance(children, list):
        report(f"{path}.elements", "must be a list")
        return
    for i, child in enumerate(children):
        _inline(child, f"{path}.elements[{i}]", report)


def _inline(child: Any, path: str, report: Report) -> None:
    kind = child.get("type") if isinstance(child, Mapping) else None
    if kind in MENTION_ELEMENTS:
        report(path, f"{kind} element: would mention/notify people")
    elif kind == "text":
        assert isinstance(child, Mapping)
        if not isinstance(child.get("text"), str) or not child["text"]:
            report(f"{path}.text", "text element must not be empty")
    elif kind == "link":
        assert isinstance(child, Mapping)
        url = child.get("url")
        if not isinstance(url, str) or not _LINK.match(url) or len(url) > MAX_URL:
            report(f"{path}.url", f"link url must be http(s)/mailto: {str(url)[:60]!r}")
        text = child.get("text")
        if text is not None and (not isinstance(text, str) or not text):
            report(f"{path}.text", "link text must not be empty when given")
    elif kind not in ("emoji", "date", "color"):
        report(path, f"unknown rich text element {kind!r}")
