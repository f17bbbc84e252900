"""The formatters build Block Kit dicts by hand (for speed): they must be exactly what slack_sdk's
models give, key order included (so the JSON sent to Slack is byte-for-byte the same)."""

from __future__ import annotations

import json
from itertools import product
from typing import Any

import pytest
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    RichTextBlock,
    RichTextElementParts,
    RichTextListElement,
    RichTextQuoteElement,
    RichTextSectionElement,
)

from formatters import blocks as b
from formatters.lines import Line, Part
from formatters.rich_text import lines_block, part_element, quote_block

Text = RichTextElementParts.Text
Style = RichTextElementParts.TextStyle


def same(ours: Any, theirs: Any) -> None:
    assert json.dumps(ours, ensure_ascii=False) == json.dumps(theirs, ensure_ascii=False)


def test_text_objects_and_blocks_match_slack_sdk() -> None:
    plain, link = b.plain("Talk 1 of 3"), b.link("https://ex.com/p", "Read <it>")
    same(plain, PlainTextObject(text="Talk 1 of 3").to_dict())
    escaped = "<https://ex.com/p|Read &lt;it&gt;>"
    same(link, MarkdownTextObject(text=escaped, verbatim=True).to_dict())
    same(
        b.header("Title", "-", "header"),
        HeaderBlock(text=PlainTextObject(text="Title"), block_id="header").to_dict(),
    )
    same(
        b.context([plain, link], "meta"),
        ContextBlock(
            elements=[
                PlainTextObject(text="Talk 1 of 3"),
                MarkdownTextObject(text=link["text"], verbatim=True),
            ],
            block_id="meta",
        ).to_dict(),
    )
    button = ButtonElement(
        text=PlainTextObject(text="Slides"), url="https://s.ex/1", action_id="open_slides"
    )
    same(
        b.link_button("Slides", "https://s.ex/1", "open_slides", "slides"),
        ActionsBlock(elements=[button], block_id="slides").to_dict(),
    )


@pytest.mark.parametrize(
    "url, bold, code, italic", list(product([None, "https://ex.com"], *[[False, True]] * 3))
)
def test_part_element_matches_slack_sdk(
    url: str | None, bold: bool, code: bool, italic: bool
) -> None:
    style = Style(bold=bold or None, code=code or None, italic=italic or None)
    style_or_none = style if bold or code or italic else None
    theirs = (
        RichTextElementParts.Link(url=url, text="x", style=style_or_none)
        if url
        else Text(text="x", style=style_or_none)
    )
    same(part_element(Part("x", url, bold, code, italic)), theirs.to_dict())


def test_lists_sections_and_quotes_match_slack_sdk() -> None:
    lines = [
        Line((Part("a"),), 0, "ordered"),
        Line((Part("b"), Part("c", bold=True)), 1, "bullet"),
        Line((Part("d"),), 0, "ordered"),
        Line((Part("e"),)),
        Line((Part("f"),)),
    ]

    def item(*parts: Any) -> RichTextSectionElement:
        return RichTextSectionElement(elements=list(parts))

    bold = Text(text="c", style=Style(bold=True))
    expected = RichTextBlock(
        block_id="notes",
        elements=[
            RichTextListElement(style="ordered", indent=0, elements=[item(Text(text="a"))]),
            RichTextListElement(style="bullet", indent=1, elements=[item(Text(text="b"), bold)]),
            RichTextListElement(
                style="ordered", indent=0, offset=1, elements=[item(Text(text="d"))]
            ),
            item(Text(text="e"), Text(text="\n"), Text(text="f")),
        ],
    )
    same(lines_block(lines, "notes"), expected.to_dict())
    quote, hidden, size = quote_block("Impressions", ["good", "fun"], 10, 100, 1000, "imp")
    expected = RichTextBlock(
        block_id="imp",
        elements=[
            item(Text(text="Impressions", style=Style(bold=True))),
            RichTextQuoteElement(
                elements=[Text(text="• good"), Text(text="\n"), Text(text="• fun")]
            ),
        ],
    )
    same(quote, expected.to_dict())
    assert (hidden, size) == (0, len("Impressions• good\n• fun"))
