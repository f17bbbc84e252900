"""The last word on a talk's speaker and title (`bot.parser.talks.tidy`): what no speaker and no
title holds, and what must stay as written."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parser.talks import heading_shapes
from bot.parser.talks import tidy as tidy_module
from bot.parser.talks.heading_shapes import strip_decoration
from bot.parser.talks.tidy import SPEAKER_RULES, TITLE_RULES, speaker_in_title, tidy

TITLES = [
    ("SLOs for the rest of us — https://kenji.example/slides.pdf", "SLOs for the rest of us"),
    ("Shipping LLM features. Slides: {{< speakerdeck id=1 >}}", "Shipping LLM features"),
    ("Ktor で作る社内ツール https://speakerdeck.com/x/ktor", "Ktor で作る社内ツール"),
    ("Vortrag 1: GitOps mit Flux", "GitOps mit Flux"),
    ("その1 自宅の電力計をハックした話", "自宅の電力計をハックした話"),
    ("세션 1. 코루틴 제대로 이해하기", "코루틴 제대로 이해하기"),
    ("LT 2024 recap", "LT 2024 recap"),
    ("Lightning talk 1 about containers", "Lightning talk 1 about containers"),
    ("発表3回目の感想", "発表3回目の感想"),
    ("その2 Rust で書く", "Rust で書く"),
    ("（飛び入り）エラーハンドリングのお作法", "エラーハンドリングのお作法"),
    ("[Beginner] Rust ownership in pictures", "Rust ownership in pictures"),
    ("(Re)thinking caching", "(Re)thinking caching"),
    ("（LT）ポストモーテムを書く文化をつくる", "ポストモーテムを書く文化をつくる"),
    ("飛び入り LT：明日の歩き方", "明日の歩き方"),
    ("闪电演讲：我用 Go 写了一个游戏引擎", "我用 Go 写了一个游戏引擎"),
    ("LTの話", "LTの話"),
    ("分享二：Tokio 运行时源码浅析", "Tokio 运行时源码浅析"),
    ("発表2 「pprof で見つけたメモリリークの話」", "pprof で見つけたメモリリークの話"),
    ('Lightning talk — "Web Components en 2024"', "Web Components en 2024"),
    ('"Polars vs pandas: a year later" (slides)', "Polars vs pandas: a year later"),
    ("《用 Rust 重写日志采集 Agent》", "用 Rust 重写日志采集 Agent"),
    ("Rewriting our CLI in Go (and back again),", "Rewriting our CLI in Go (and back again)"),
    # as written:
    ("HTTP/3 in practice", "HTTP/3 in practice"),
    ("Session types in Rust", "Session types in Rust"),
    ("Session-based auth in Rails", "Session-based auth in Rails"),
    ("Talk-ing to machines", "Talk-ing to machines"),
    ("LT-friendly slides", "LT-friendly slides"),
    ("Keynote – Opening the conference", "Opening the conference"),
    ("LTの話", "LTの話"),
    ("「A」と「B」の違い", "「A」と「B」の違い"),
    ('"Quoted" words inside', '"Quoted" words inside'),
    ("Keynote", "Keynote"),
    ("Closing keynote — Why we burn out", "Why we burn out"),
    ("キーノート: 「広島の 30 年」", "広島の 30 年"),
    ('"Buildpacks in five minutes".', "Buildpacks in five minutes"),
    ('Lightning: "cargo-audit in CI" (no name given)', "cargo-audit in CI"),
    ("Lightning talks at scale", "Lightning talks at scale"),
    ("Panel: Do we still need a bundler?", "Do we still need a bundler?"),
    ("Panel discussions at scale", "Panel discussions at scale"),
    ("Closing the loop on alerts", "Closing the loop on alerts"),
    ("https://example.com/only-a-link", "https://example.com/only-a-link"),
]

SPEAKERS = [
    ("Kenji Watanabe — https://kenji.example/slides.pdf", "Kenji Watanabe"),
    ("Grace Liu — slides", "Grace Liu"),
    ("Marta Lindqvist · 6/10", "Marta Lindqvist"),
    ("Jane Doe ★★★★", "Jane Doe"),
    ("登壇者：高橋", "高橋"),
    ("Daniel O'Brien →", "Daniel O'Brien"),
    ("@ines_builds → no slides yet, she promised", "@ines_builds"),
    ("Sara Holm (inga bilder publicerade än)", "Sara Holm"),
    ("Speaker: Jane Doe", "Jane Doe"),
    # as written:
    ("武田 洋平（株式会社メディアドゥ）", "武田 洋平（株式会社メディアドゥ）"),
    ("Jane Doe (@jane)", "Jane Doe (@jane)"),
    ("Ana - Slides Team", "Ana - Slides Team"),
]


NAMED_TITLES = [
    ("Go の range over func（発表者：kenta）", ("kenta", "Go の range over func")),
    ("Feature flags at scale (Speaker: Jane Doe)", ("Jane Doe", "Feature flags at scale")),
    ("Typst for slides (by Ana Lima)", ("Ana Lima", "Typst for slides")),
    ("Ktor で作る社内ツール — 高橋さん", ("高橋", "Ktor で作る社内ツール")),
    ("Xcode Cloud と付き合う（松井 健 さん / 某社）", ("松井 健", "Xcode Cloud と付き合う")),
    ("《Swift 并发迁移笔记》 —— 李娜、周强", ("李娜 / 周强", "Swift 并发迁移笔记")),
]
UNNAMED_TITLES = [
    "Feature flags at scale (Acme)",  # a company, no label or honorific vouches for a name
    "Rewriting our CLI in Go (and back again)",
    "Ktor で作る社内ツール — 高橋",  # no honorific
    "「A」と「B」の違い",
    "《Title》 —— 这是一个很长的句子，不是名字。",
    "（発表者：kenta）",  # nothing left for the title
]


@pytest.mark.parametrize(("title", "split"), NAMED_TITLES)
def test_a_speakerless_title_gives_up_the_name_it_ends_with(
    title: str, split: tuple[str, str]
) -> None:
    assert speaker_in_title(title) == split


@pytest.mark.parametrize("title", UNNAMED_TITLES)
def test_a_title_without_a_vouched_name_keeps_it(title: str) -> None:
    assert speaker_in_title(title) is None


@pytest.mark.parametrize(("text", "tidied"), TITLES)
def test_title(text: str, tidied: str) -> None:
    assert tidy(text, TITLE_RULES) == tidied


@pytest.mark.parametrize(("text", "tidied"), SPEAKERS)
def test_speaker(text: str, tidied: str) -> None:
    assert tidy(text, SPEAKER_RULES) == tidied


def test_nothing_stays_nothing() -> None:
    assert tidy(None, TITLE_RULES) is None and tidy("", SPEAKER_RULES) == ""


def test_a_semicolon_may_be_code() -> None:
    title = "Native modules: import {a}; export {b};"
    assert tidy(title, TITLE_RULES) == title


_PIECES = [
    *'ab -–—:：.,{%<h/tps🎤■"「」《》()（）',
    "://",
    "{{<",
    " slides",
    "■ ",
    "(slides)",
    "（資料）",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=500)
@given(_TEXT)
def test_the_gates_answer_as_the_patterns(text: str) -> None:
    found = tidy_module._LINK.search(text)
    whole = text[: found.start()].rstrip(" -–—:：|｜.,") if found else text
    assert tidy_module._link_tail(text) == whole
    assert tidy_module._speaker_link_tail(text) == tidy_module._SPEAKER_LABEL_TAIL.sub("", whole)
    assert strip_decoration(text) == heading_shapes._LEAD_SYMBOLS.sub("", text)
    bare = tidy_module._KIND_AFTER.sub("", text)
    close = tidy_module._QUOTES.get(bare[:1])
    if close is None or not bare.endswith(close) or len(bare) < 3:
        quoted = text
    else:
        inner = bare[1:-1]
        quoted = text if bare[:1] in inner or close in inner else inner.strip()
    assert tidy_module._quoted(text) == quoted
