"""Display lines and impressions as rich_text elements (real lists with indents, and quotes).

Only `text` and `link` elements are emitted for post content: never user, usergroup, channel
or broadcast elements, so nothing a post says can mention anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from formatters.lines import Line, Part
from formatters.text import fit, slack_len

Element = dict[str, Any]
"""A rich_text element as a plain dict, keys in slack_sdk's order (sorted; styles as Slack's)."""


def _style(part: Part) -> dict[str, bool]:
    style = {}
    if part.bold:
        style["bold"] = True
    if part.italic:
        style["italic"] = True
    if part.code:
        style["code"] = True
    return style


def part_element(part: Part) -> Element:
    """A `text` element, or a `link` when the part has a (checked) URL."""
    if not (part.url or part.bold or part.code or part.italic):
        return {"text": part.text, "type": "text"}
    out: Element = {"style": _style(part)} if part.bold or part.code or part.italic else {}
    out["text"] = part.text
    if part.url:
        out["type"] = "link"
        out["url"] = part.url
    else:
        out["type"] = "text"
    return out


def _section(lines: Sequence[Line]) -> Element:
    elements: list[Element] = []
    for i, line in enumerate(lines):
        if i:
            elements.append({"text": "\n", "type": "text"})
        elements.extend(part_element(p) for p in line.parts)
    return {"elements": elements, "type": "rich_text_section"}


def _list(head: Line, offset: int, items: list[Element]) -> Element:
    out: Element = {"elements": items, "indent": head.indent}
    if offset:
        out["offset"] = offset
    out["style"] = head.style
    out["type"] = "rich_text_list"
    return out


def lines_to_elements(lines: Sequence[Line], *, keep_numbering: bool = False) -> list[Element]:
    """Group lines into rich_text_list runs (same style and indent) and plain sections.

    An ordered list interrupted by a deeper list goes on numbering (`offset`) where it left off;
    with `keep_numbering`, also across plain lines (the announcement's group headings).
    """
    out: list[Element] = []
    run: list[Line] = []
    counters: dict[int, int] = {}
    for line in lines:
        if run and (run[0].style != line.style or run[0].indent != line.indent):
            out.append(_run_element(run, counters))
            run = []
        if line.style is None:
            if not keep_numbering:
                counters.clear()
        elif counters:
            for level in [k for k in counters if k > line.indent]:
                del counters[level]
            if line.style == "bullet":
                counters.pop(line.indent, None)
        run.append(line)
    if run:
        out.append(_run_element(run, counters))
    return out


def _run_element(run: list[Line], counters: dict[int, int]) -> Element:
    """A section for plain lines, or a list (numbered on from `counters`, which it updates)."""
    head = run[0]
    if head.style is None:
        return _section(run)
    offset = counters.get(head.indent, 0) if head.style == "ordered" else 0
    items = [
        {"elements": [part_element(p) for p in line.parts], "type": "rich_text_section"}
        for line in run
    ]
    if head.style == "ordered":
        counters[head.indent] = offset + len(run)
    return _list(head, offset, items)


def rich_text(elements: list[Element], block_id: str) -> Element:
    """A rich_text block of `elements`."""
    return {"block_id": block_id, "elements": elements, "type": "rich_text"}


def lines_block(lines: Sequence[Line], block_id: str) -> Element | None:
    """A rich_text block for the lines, or None when there are none."""
    if not lines:
        return None
    return rich_text(lines_to_elements(lines), block_id)


def quote_block(
    label: str, items: Sequence[str], max_items: int, item_chars: int, budget: int, block_id: str
) -> tuple[Element | None, int, int]:
    """The label in bold, then the items in a rich_text_quote (one per line, "• " when several).

    Takes at most `max_items` items of `item_chars`, within `budget` units in all; returns the
    block (None when no item), how many items were left out, and the block's text size (what
    `text_size` counts: the label, the items and the newlines between them).
    """
    kept = [fit(item, item_chars, "") for item in items]
    kept = [item for item in kept if item.strip()]
    total = len(kept)
    used = slack_len(label) + 1
    elements: list[Element] = []
    for item in kept[:max_items]:
        shown = f"• {item}" if total > 1 else item
        size = slack_len(shown)
        if used + size + 1 > budget:
            break
        if elements:
            elements.append({"text": "\n", "type": "text"})
        elements.append({"text": shown, "type": "text"})
        used += size + 1
    if not elements:
        return None, total, 0
    title = {"style": {"bold": True}, "text": label, "type": "text"}
    block = rich_text(
        [
            {"elements": [title], "type": "rich_text_section"},
            {"elements": elements, "type": "rich_text_quote"},
        ],
        block_id,
    )
    return block, total - (len(elements) + 1) // 2, used - 2
