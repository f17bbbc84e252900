"""Display lines and impressions as rich_text elements (real lists with indents, and quotes).

Only `text` and `link` elements are emitted for post content: never user, usergroup, channel
or broadcast elements, so nothing a post says can mention anyone.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    RichTextBlock,
    RichTextElement,
    RichTextElementParts,
    RichTextListElement,
    RichTextQuoteElement,
    RichTextSectionElement,
)

from formatters.lines import Line, Part
from formatters.text import fit, slack_len

Text = RichTextElementParts.Text
Link = RichTextElementParts.Link
Style = RichTextElementParts.TextStyle


def part_element(part: Part) -> RichTextElement:
    """A `text` element, or a `link` when the part has a (checked) URL."""
    style = None
    if part.bold or part.code or part.italic:
        style = Style(bold=part.bold or None, code=part.code or None, italic=part.italic or None)
    if part.url:
        return Link(url=part.url, text=part.text, style=style)
    return Text(text=part.text, style=style)


def _section(lines: Sequence[Line]) -> RichTextSectionElement:
    elements: list[RichTextElement] = []
    for i, line in enumerate(lines):
        if i:
            elements.append(Text(text="\n"))
        elements.extend(part_element(p) for p in line.parts)
    return RichTextSectionElement(elements=elements)


def lines_to_elements(
    lines: Sequence[Line], *, keep_numbering: bool = False
) -> list[RichTextElement]:
    """Group lines into rich_text_list runs (same style and indent) and plain sections.

    An ordered list interrupted by a deeper list goes on numbering (`offset`) where it left off;
    with `keep_numbering`, also across plain lines (the announcement's group headings).
    """
    out: list[RichTextElement] = []
    run: list[Line] = []
    counters: dict[int, int] = {}

    def flush() -> None:
        if not run:
            return
        head = run[0]
        if head.style is None:
            out.append(_section(run))
        else:
            offset = counters.get(head.indent, 0) if head.style == "ordered" else 0
            items = [_section([line]) for line in run]
            out.append(
                RichTextListElement(
                    style=head.style, indent=head.indent, offset=offset or None, elements=items
                )
            )
            if head.style == "ordered":
                counters[head.indent] = offset + len(run)
        run.clear()

    for line in lines:
        if run and (run[0].style, run[0].indent) != (line.style, line.indent):
            flush()
        if line.style is None:
            if not keep_numbering:
                counters.clear()
        else:
            for level in [k for k in counters if k > line.indent]:
                del counters[level]
            if line.style == "bullet":
                counters.pop(line.indent, None)
        run.append(line)
    flush()
    return out


def lines_block(lines: Sequence[Line], block_id: str) -> RichTextBlock | None:
    """A rich_text block for the lines, or None when there are none."""
    if not lines:
        return None
    return RichTextBlock(elements=lines_to_elements(lines), block_id=block_id)


def quote_block(
    label: str, items: Sequence[str], max_items: int, item_chars: int, budget: int, block_id: str
) -> tuple[RichTextBlock | None, int]:
    """The label in bold, then the items in a rich_text_quote (one per line, "• " when several).

    Takes at most `max_items` items of `item_chars`, within `budget` units in all; returns the
    block (None when no item) and how many items were left out.
    """
    kept = [fit(item, item_chars, "") for item in items]
    kept = [item for item in kept if item.strip()]
    total = len(kept)
    used = slack_len(label) + 1
    elements: list[RichTextElement] = []
    for item in kept[:max_items]:
        shown = f"• {item}" if total > 1 else item
        if used + slack_len(shown) + 1 > budget:
            break
        if elements:
            elements.append(Text(text="\n"))
        elements.append(Text(text=shown))
        used += slack_len(shown) + 1
    shown_count = (len(elements) + 1) // 2
    if not elements:
        return None, total
    block = RichTextBlock(
        block_id=block_id,
        elements=[
            RichTextSectionElement(elements=[Text(text=label, style=Style(bold=True))]),
            RichTextQuoteElement(elements=elements),
        ],
    )
    return block, total - shown_count
