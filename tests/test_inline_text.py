"""The text a reader sees in a line: HTML elements are markup, other names in angle brackets
are the writer's words (a type's parameters)."""

from __future__ import annotations

import pytest

from bot.parser.blocks import parse_blocks


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("### Span<T> in 5 Minutes", "Span<T> in 5 Minutes"),
        ("Use List<String> for it", "Use List<String> for it"),
        ("A <b>bold</b> word", "A bold word"),
        ("An <em>emphasised</em> word", "An emphasised word"),
        ('A <Talk speaker="Ana" /> component', "A component"),
    ],
)
def test_angle_brackets_are_text_unless_an_html_element(markdown: str, plain: str) -> None:
    assert parse_blocks(markdown)[0].plain == plain


def test_html_paragraphs_and_lists_read_as_markdown_ones() -> None:
    blocks = parse_blocks(
        "<p><em>Speaker: Ana Ruiz</em></p>\n"
        '<ol>\n<li><strong>Blocks</strong> / Li Wei — <a href="https://x.example/s">slides</a></li>\n'
        "<li>Second</li>\n</ol>\n"
    )
    assert [block.kind for block in blocks] == ["paragraph", "ordered"]
    assert blocks[0].plain == "Speaker: Ana Ruiz"
    items = [item.children[0] for item in blocks[1].children]
    assert [item.plain for item in items] == ["Blocks / Li Wei — slides", "Second"]
    assert items[0].spans[0].bold and items[0].links[0].url == "https://x.example/s"


def test_an_embedded_tweet_stays_html() -> None:
    html = '<blockquote class="twitter-tweet"><p>Nice talk @x</p>&mdash; Fan</blockquote>\n'
    assert [block.kind for block in parse_blocks(html)] == ["html"]
