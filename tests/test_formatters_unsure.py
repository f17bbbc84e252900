"""An unsure talk list (`Post.talks_posted` False): the announcement alone, saying so."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from bot.model import Note, NoteKind, Post, Span, Talk
from formatters import FormatOptions, check_message, render_post

TALKS = (
    Talk(
        "@kiri",
        "霧の中のデプロイ",
        "https://slides.example/fog",
        notes=(Note(NoteKind.BULLET, (Span("カナリアから始める"),)),),
    ),
    Talk("詳細", "会場は二階", None),
)
POST = Post(
    title="Fog Ops Night #2",
    date=date(2026, 9, 18),
    intro="霧の多い街で運用の話を聞いてきた。",
    event_url="https://events.example/fog-2",
    impressions=("どの発表も計測から入っていた。",),
    talks=TALKS,
    language="ja",
    url="https://blog.example/fog-ops-2/",
    confidence=0.41,
    talks_posted=False,
)


def texts(message: dict[str, object]) -> str:
    return json.dumps(message, ensure_ascii=False)


def test_unsure_post_gives_the_announcement_alone() -> None:
    messages = render_post(POST)
    assert len(messages) == 1
    assert check_message(messages[0]) == []


def test_the_announcement_keeps_the_post_and_drops_the_talk_list() -> None:
    [announcement] = render_post(POST)
    shown = texts(announcement)
    for kept in (
        "Fog Ops Night #2",
        "霧の多い街で運用の話を聞いてきた。",
        "どの発表も計測から入っていた。",
        "https://events.example/fog-2",
        "https://blog.example/fog-ops-2/",
        "記事全文を読む",
    ):
        assert kept in shown
    assert "発表の一覧はここには載せていません。記事全文をご覧ください。" in shown
    for dropped in ("霧の中のデプロイ", "会場は二階", "@kiri", "トーク2件"):
        assert dropped not in shown  # no talk is named, not even counted
    block_ids = [block.get("block_id") for block in announcement["blocks"]]
    assert "talks" not in block_ids and "talks_not_listed" in block_ids
    assert announcement["text"] == "Fog Ops Night #2"


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "The talks are not listed here: read the full post for them."),
        ("ja", "発表の一覧はここには載せていません。記事全文をご覧ください。"),
    ],
)
def test_the_line_follows_the_message_language(language: str, line: str) -> None:
    [announcement] = render_post(POST, FormatOptions(language=language))
    assert line in texts(announcement)


def test_a_sure_post_still_lists_and_posts_every_talk() -> None:
    messages = render_post(replace(POST, talks_posted=True, confidence=0.97))
    assert len(messages) == 3
    shown = texts(messages[0])
    assert "霧の中のデプロイ" in shown and "トーク2件" in shown
    assert "発表の一覧はここには載せていません" not in shown


def test_a_huge_unsure_post_stays_within_slacks_limits() -> None:
    big = replace(
        POST,
        intro="長い前置き " * 2000,
        impressions=tuple(f"感想 {n} " * 80 for n in range(40)),
        talks=TALKS * 200,
    )
    [announcement] = render_post(big)
    assert check_message(announcement) == []
    assert "記事全文をご覧ください" in texts(announcement)
