"""Huge posts are condensed to fit Slack's limits, never rejected and never cut mid-character."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from bot.model import Note, NoteKind, Post, Span, Talk
from formatters import FormatOptions, check_message, render_announcement, render_post, render_talk
from formatters.condense import text_size
from formatters.text import clean, is_boundary, slack_len


def bullet(text: str, *children: Note) -> Note:
    return Note(NoteKind.BULLET, (Span(text),), tuple(children))


def post_with(*talks: Talk, **values: Any) -> Post:
    defaults: dict[str, Any] = {
        "title": "Big Meetup",
        "date": date(2020, 2, 2),
        "url": "https://blog.example/big",
    }
    defaults.update(values)
    return Post(talks=talks, **defaults)


def talk(i: int = 0, **values: Any) -> Talk:
    defaults: dict[str, Any] = {
        "speaker": f"@speaker{i}",
        "title": f"Talk number {i}",
        "slides_url": None,
        "anchor": f"t{i}",
    }
    defaults.update(values)
    return Talk(**defaults)


def all_texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from all_texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from all_texts(item)


def test_sixty_talks_announcement_lists_forty_and_says_how_many_more() -> None:
    post = post_with(*(talk(i) for i in range(60)))
    message = render_announcement(post)
    assert check_message(message) == []
    items = [o for o in message["blocks"][-2]["elements"] if o["type"] == "rich_text_list"]
    assert sum(len(o["elements"]) for o in items) == 40
    footer = list(all_texts(message["blocks"][-1]))
    assert footer[0] == "+20 more talks"
    assert message["text"] == "Big Meetup — 60 talks"
    assert all(check_message(m) == [] for m in render_post(post))


def test_long_talk_titles_keep_the_announcement_within_budget() -> None:
    post = post_with(
        *(talk(i, title="T" * 5000, speaker="S" * 5000) for i in range(300)),
        intro="I" * 100_000,
        impressions=tuple("x" * 5000 for _ in range(50)),
    )
    options = FormatOptions(max_talks_listed=1000)
    message = render_announcement(post, options)
    assert check_message(message) == []
    assert text_size(message["blocks"]) <= options.text_budget
    assert "more talks" in " ".join(all_texts(message["blocks"][-1]))


def test_five_thousand_bullets_are_cut_with_a_more_marker() -> None:
    """(How long it takes, against 20 bullets: bench/bench_limits.py.)"""
    notes = tuple(bullet(f"point {i}", bullet(f"detail {i}")) for i in range(5000))
    message = render_talk(post_with(talk(notes=notes)), 0)
    assert check_message(message) == []
    footer = list(all_texts(message["blocks"][-1]))
    assert footer[0] == "+9980 more"  # 20 of 10,000 lines shown


def test_budget_binds_before_max_points() -> None:
    notes = tuple(bullet("あ" * 3000) for _ in range(500))
    options = FormatOptions(max_points=1000)
    message = render_talk(post_with(talk(notes=notes)), 0, options)
    assert check_message(message) == []
    assert text_size(message["blocks"]) <= options.text_budget
    shown = sum(1 for t in all_texts(message) if t.startswith("ああ"))
    assert 20 < shown < 500
    assert any(t.startswith("+") and t.endswith("more") for t in all_texts(message))


def test_huge_single_texts_are_truncated_everywhere() -> None:
    huge = "長" * 100_000
    big = talk(
        title=huge,
        speaker=huge,
        slides_url="https://s.example/" + "p" * 10_000,
        notes=(bullet("b" * 50_000),),
        impressions=(huge,),
        section=huge,
    )
    post = post_with(big, title=huge, intro=huge, impressions=(huge,))
    for message in render_post(post):
        assert check_message(message) == []
        assert len(message["text"]) <= 200
        header = message["blocks"][0]["text"]["text"]
        assert slack_len(header) == 150 and header.endswith("…")
    talk_message = render_talk(post, 0)
    assert not any(b["block_id"] == "links" for b in talk_message["blocks"])  # URL > 3000


def test_two_hundred_char_title_fits_the_header() -> None:
    title = "Kubernetes " * 20
    message = render_talk(post_with(talk(title=title)), 0)
    header = message["blocks"][0]["text"]["text"]
    assert slack_len(header) <= 150 and header.endswith("…")
    assert title.startswith(header.removesuffix("…"))


@pytest.mark.parametrize(
    "cluster",
    [
        "\u30af\u3099",  # decomposed グ (NFC composes it)
        "\u0915\u094d\u0937",  # Devanagari conjunct with virama (combining)
        "a\u0301\u0302\u0303",  # stacked marks that do not all compose
        "👩\u200d💻",
        "👍🏿",
        "🇯🇵",
        "☺\ufe0f",
        "\ud83d\ude00",  # a surrogate pair as two code points
    ],
)
@pytest.mark.parametrize("shift", range(4))
def test_cut_point_never_splits_a_character(cluster: str, shift: int) -> None:
    text = "x" * (140 + shift) + cluster * 60
    message = render_talk(
        post_with(talk(title=text, notes=(bullet(text * 5),))),
        0,
        FormatOptions(max_point_chars=150 + shift),
    )
    assert check_message(message) == []
    source = clean(text * 5)
    cut = [shown for shown in all_texts(message) if shown.endswith("…")]
    assert len(cut) >= 3  # header, fallback text, the bullet
    for shown in cut:
        body = shown.removesuffix("…")
        assert source.startswith(body)
        assert is_boundary(source, len(body)), repr(body[-4:])
        assert not any("\ud800" <= ch <= "\udfff" for ch in shown)


def test_deeply_nested_notes_do_not_exhaust_the_stack() -> None:
    node = bullet("leaf")
    for i in range(5000):
        node = bullet(f"level {i}", node)
    message = render_talk(post_with(talk(notes=(node,))), 0)
    assert check_message(message) == []
    assert [t for t in all_texts(message) if t.startswith("+")] == ["+4999 more"]


def test_options_outside_slack_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="text_budget"):
        FormatOptions(text_budget=20_000)
    with pytest.raises(ValueError, match="max_depth"):
        FormatOptions(max_depth=12)


def test_a_cut_across_styled_runs_keeps_whole_graphemes_and_marks_the_cut() -> None:
    spans = (Span("x" * 140), Span("\u30af", bold=True), Span("\u3099" + "y" * 50))
    message = render_talk(
        post_with(talk(notes=(Note(NoteKind.BULLET, spans),))),
        0,
        FormatOptions(max_point_chars=141),
    )
    item = message["blocks"][-2]["elements"][0]["elements"][0]["elements"]
    assert item == [{"type": "text", "text": "x" * 140}, {"type": "text", "text": "…"}]
