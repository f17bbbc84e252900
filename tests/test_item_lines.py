"""A list item's talk line (`bot.parser.talks.item_rules.talk_line`): the lines that name the
talk, up to the item's first line of links or prose."""

from __future__ import annotations

import pytest

from bot.parser.blocks import Block, parse_blocks
from bot.parser.talks.item_rules import match_item, talk_line


def _item(source: str) -> Block:
    indented = source.replace("\n", "\n  ")
    return parse_blocks(f"- {indented}\n")[0].children[0].children[0]


@pytest.mark.parametrize(
    ("source", "line"),
    [
        (
            "**Title**\n— Jane Doe, Acme\n[video](https://v.example/1) · [sched](https://s.example/1)",
            "Title — Jane Doe, Acme",
        ),
        ("**Title** — Ruth Adler\nNo slides were shared after the talk.", "Title — Ruth Adler"),
        ("**Title** — Ruth Adler\nhttps://speakerdeck.com/ruth/title", "Title — Ruth Adler"),
        (
            "A long title that the author\nwrapped onto a second line — Jane Doe",
            "A long title that the author wrapped onto a second line — Jane Doe",
        ),
        ("One line — Jane Doe", "One line — Jane Doe"),
        (
            "**Title**（鈴木 一郎 さん / Acme）\n資料は後日公開とのこと",
            "Title（鈴木 一郎 さん / Acme）",
        ),
        ("**Title** — Jane Doe\nSlides: https://speakerdeck.com/jane/t", "Title — Jane Doe"),
        (
            '**Title** — Jane Doe. Slides:\n{{< speakerdeck url="https://speakerdeck.com/j/t" >}}',
            "Title — Jane Doe. Slides:",
        ),
    ],
)
def test_the_talk_line_ends_at_the_first_line_of_links_or_prose(source: str, line: str) -> None:
    assert " ".join(talk_line(_item(source)).split()) == line


def test_a_speaker_on_the_next_line_is_read_with_the_links_below_it() -> None:
    found = match_item(
        _item("**Gateway API deep dive**\n— Rob Kent, Google\nNo slides posted as far as I know.")
    )
    assert found is not None
    assert (found.speaker, found.title) == ("Rob Kent, Google", "Gateway API deep dive")


def test_a_list_items_shortcode_gives_its_slides() -> None:
    found = match_item(
        _item(
            "**Lotte Jansen** — *Shipping LLM features*. Slides:\n"
            '{{< speakerdeck url="https://speakerdeck.com/lj/shipping" >}}'
        )
    )
    assert found is not None
    assert (found.speaker, found.title, found.slides) == (
        "Lotte Jansen",
        "Shipping LLM features",
        "https://speakerdeck.com/lj/shipping",
    )


@pytest.mark.parametrize(
    "source",
    [
        "**K2 마이그레이션 후기** — 정하늘 님 ([슬라이드](https://www.slideshare.net/s/k2))",
        "**K2 마이그레이션 후기** — 정하늘 님 (자료 없음)",
    ],
)
def test_a_note_on_the_material_is_no_part_of_the_speaker(source: str) -> None:
    found = match_item(_item(source))
    assert found is not None
    assert (found.speaker, found.title) == ("정하늘", "K2 마이그레이션 후기")
