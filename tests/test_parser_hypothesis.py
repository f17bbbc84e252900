"""Arbitrary (and markdown-ish) text never makes parse_post raise anything but PostError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import PostError
from bot.model import Post, to_jsonable
from bot.parser import parse_post

_PIECES = st.sampled_from(
    [
        "#",
        "##",
        "###",
        "# ",
        "## ",
        "---\n",
        "+++\n",
        "\n",
        "\n\n",
        "* ",
        "- ",
        "  ",
        "1. ",
        "0. ",
        "+ ",
        "> ",
        "[",
        "]",
        "(",
        ")",
        "[]()",
        "<https://x.example/a>",
        "<!channel>",
        "<@U123>",
        "@handle",
        "さん",
        "のLT",
        "「",
        "」",
        "感想",
        "まとめ",
        "Thoughts:",
        " by ",
        " - ",
        ": ",
        "|",
        "| a | b |\n| --- | --- |\n",
        "```\n",
        '<iframe src="//www.slideshare.net/x"></iframe>',
        "title: x\n",
        "date: 2024-13-45\n",
        "draft = true\n",
        "\\[A1\\] ",
        "1コマ目",
        "===\n",
        "登壇者 : ",
        "資料 : ",
        "speaker: ",
        "\u3000",
        "\r\n",
        "\x00",
        "\u0301",
        "é",
        "日本語",
    ]
)


def _check(text: str) -> None:
    try:
        post = parse_post(text, source="_posts/2024-01-01-x.md")
    except PostError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(post, Post)
    to_jsonable(post)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text(text: str) -> None:
    _check(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60))
def test_markdownish_text(pieces: list[str]) -> None:
    _check("".join(pieces))


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_front_matter_shapes(pieces: list[str]) -> None:
    _check("---\n" + "".join(pieces) + "\n---\nbody\n")
    _check("+++\n" + "".join(pieces) + "\n+++\nbody\n")
