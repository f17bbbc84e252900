"""Prose that names talks (`bot.parser.talks.prose`): in Japanese (`prose_ja`), a bracketed
title after a name and its honorific, in a paragraph that speaks of a talk; in English, a bold
or quoted title beside a name, the prose rules counted as one run."""

from __future__ import annotations

import pytest

from bot.parser import parse_post
from bot.parser.blocks import parse_blocks
from bot.parser.talks.prose import prose_ja


def _read(text: str) -> list[tuple[str | None, str | None]]:
    return [(m.speaker, m.title) for m in prose_ja(parse_blocks(text)[0])]


@pytest.mark.parametrize(
    ("text", "talks"),
    [
        (
            "最初の発表は、Acmeの青木 まどかさんによる【型で守る境界】。",
            [("青木 まどか", "型で守る境界")],
        ),
        ("2人目は井上 悠さん。\nタイトルは「Zod を比べた」。", [("井上 悠", "Zod を比べた")]),
        ("LT では、ハルさん・ユキさんの『テストの型』。", [("ハル / ユキ", "テストの型")]),
        ("発表者の @kumo さんが「CI を速くする話」をしていました", [("@kumo", "CI を速くする話")]),
    ],
)
def test_a_bracketed_title_after_an_honoured_name_is_a_talk(
    text: str, talks: list[tuple[str, str]]
) -> None:
    assert _read(text) == talks


@pytest.mark.parametrize(
    "text",
    [
        "田中さんの「型は友達」という言葉が印象的でした。",  # no word of a talk: a quotation
        "発表のあと「懇親会」へ移動しました。",  # no honoured name before the brackets
        "青木さんの発表は【とても楽しかったです。】",  # a sentence, not a title
    ],
)
def test_a_quotation_or_a_sentence_is_no_talk(text: str) -> None:
    assert _read(text) == []


def test_prose_talks_without_a_deck_are_read_but_not_posted() -> None:
    post = parse_post(
        "# 勉強会メモ\n\n最初の発表は青木さんによる【型で守る境界】。\n\n---\n\n"
        "次の発表は井上さんの「Zod を比べた」。\n",
        source="memo.md",
    )
    assert [(t.speaker, t.title) for t in post.talks] == [
        ("青木", "型で守る境界"),
        ("井上", "Zod を比べた"),
    ]
    assert not post.talks_posted


def test_english_prose_runs_across_its_rules() -> None:
    """`… was **“Title”** by Name` and `Name talked about **Title**`: two prose rules, one run."""
    post = parse_post(
        "# Notes\n\nThe opening talk was **“Incidents are stories”** by Mara Dunn, an SRE.\n\n"
        "Next up, Olu Adeyemi talked about **On-call for four people**. Good tips.\n",
        source="notes.md",
    )
    assert [(t.speaker, t.title) for t in post.talks] == [
        ("Mara Dunn", "Incidents are stories"),
        ("Olu Adeyemi", "On-call for four people"),
    ]


def test_spanish_prose_names_its_talks() -> None:
    post = parse_post(
        "# Crónica\n\n## Las charlas\n\nAbrió la noche **Inés Vidal** con «Tipos en Python, "
        "sin dolor». Diapositivas: https://speakerdeck.com/ines/tipos\n\n"
        "Para cerrar, Marta Gil y Pablo Sanz presentaron «Datos abiertos con Pandas».\n",
        source="cronica.md",
    )
    assert [(t.speaker, t.title) for t in post.talks] == [
        ("Inés Vidal", "Tipos en Python, sin dolor"),
        ("Marta Gil y Pablo Sanz", "Datos abiertos con Pandas"),
    ]


def test_a_speaker_label_line_in_bold_is_no_talk_of_its_own() -> None:
    """`**발표자**: 이서연 님` under each talk heading labels the speaker: two of them are no
    run of paragraph talks."""
    post = parse_post(
        "# 밋업 후기\n\n## 세션 1. 코루틴 이해하기\n\n**발표자**: 김민준 님\n\n"
        "## 세션 2. Spring Boot 운영기\n\n**발표자**: 이서연 님\n",
        source="meetup.md",
    )
    assert [(t.speaker, t.title) for t in post.talks] == [
        ("김민준", "코루틴 이해하기"),
        ("이서연", "Spring Boot 운영기"),
    ]
