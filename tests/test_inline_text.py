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
