"""A talk's link buttons (Slides, Video, Talk page) in the talk message, the search answer, the
shared answer and the `/meetup talks` lineup: one per kind present, in that order, at most
three, English or Japanese, every URL through `safe_url`."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import words
from bot.model import LinkKind, MeetupRef, Post, ResultPage, Talk, TalkHit, TalkLink
from bot.slack.actions import LINK_PATTERN
from formatters import FormatOptions, check_message, render_talk
from formatters.results import search_answer, shared_answer, talks_answer

SLIDES = TalkLink(LinkKind.SLIDES, "https://speakerdeck.com/alice/deck", "Slides")
SLIDES_2 = TalkLink(LinkKind.SLIDES, "https://example.org/second.pdf", "")
VIDEO = TalkLink(LinkKind.VIDEO, "https://www.youtube.com/watch?v=abc123", "動画")
PAGE = TalkLink(LinkKind.TALK_PAGE, "https://fortee.jp/conf-2024/proposal/1234", "")
CODE = TalkLink(LinkKind.CODE, "https://github.com/alice/tool", "tool")
OTHER = TalkLink(LinkKind.OTHER, "https://twitter.com/alice", "@alice")
UNSAFE = TalkLink(LinkKind.VIDEO, "javascript:alert(1)", "Video")

EN = ["Slides", "Video", "Talk page"]
JA = ["スライド", "動画", "発表ページ"]

CASES: list[tuple[str, tuple[TalkLink, ...], str | None, list[tuple[str, str]]]] = [
    # (case, links, slides_url, expected [(English word, url)])
    ("all three, in button order", (OTHER, PAGE, VIDEO, CODE, SLIDES), SLIDES.url,
     [("Slides", SLIDES.url), ("Video", VIDEO.url), ("Talk page", PAGE.url)]),
    ("one per kind: the first", (VIDEO, SLIDES, SLIDES_2), SLIDES.url,
     [("Slides", SLIDES.url), ("Video", VIDEO.url)]),
    ("video only: never a Slides button", (VIDEO, OTHER), None, [("Video", VIDEO.url)]),
    ("talk page only", (PAGE,), None, [("Talk page", PAGE.url)]),
    ("code and profiles get no button", (CODE, OTHER), None, []),
    ("an unsafe URL is left out", (UNSAFE, SLIDES), SLIDES.url, [("Slides", SLIDES.url)]),
    ("no links: slides_url still gives Slides", (), "//speakerdeck.com/x/y",
     [("Slides", "https://speakerdeck.com/x/y")]),
    ("an embed's built URL: a button, though slides_url is None",
     (TalkLink(LinkKind.SLIDES, "https://speakerdeck.com/player/0123abcd"),), None,
     [("Slides", "https://speakerdeck.com/player/0123abcd")]),
]  # fmt: skip


def _talk(links: tuple[TalkLink, ...], slides_url: str | None) -> Talk:
    return Talk(speaker="@alice", title="Tracing", slides_url=slides_url, links=links, anchor="t")


def _post(talk: Talk, language: str = "en") -> Post:
    return Post(title="Meetup #1", date=date(2024, 5, 1), talks=(talk,), language=language)


def _hit(talk: Talk) -> TalkHit:
    meetup = MeetupRef("meetup-1", "Meetup #1", date(2024, 5, 1), None, 1)
    return TalkHit(meetup, talk, 0, field="title", score=1.0)


def _buttons(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(word, url) of every link button (buttons with a URL) of a message."""
    return [
        (element["text"]["text"], element["url"])
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if "url" in element
    ]


def _in(language: str, expected: list[tuple[str, str]]) -> list[tuple[str, str]]:
    words = dict(zip(EN, JA if language == "ja" else EN, strict=True))
    return [(words[word], url) for word, url in expected]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(
    ("links", "slides", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_talk_message_buttons(
    links: tuple[TalkLink, ...], slides: str | None, expected: list[tuple[str, str]], language: str
) -> None:
    message = render_talk(_post(_talk(links, slides)), 0, FormatOptions(language=language))
    assert check_message(message) == []
    assert _buttons(message["blocks"]) == _in(language, expected)
    rows = [block for block in message["blocks"] if block["type"] == "actions"]
    assert len(rows) == (1 if expected else 0)
    assert all(row["block_id"] == "links" for row in rows)


def test_the_talk_message_speaks_the_posts_language() -> None:
    message = render_talk(_post(_talk((SLIDES, VIDEO, PAGE), SLIDES.url), language="ja"), 0)
    assert [word for word, _url in _buttons(message["blocks"])] == JA
    ids = [
        e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert ids == ["open_slides", "open_video", "open_talk_page"]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize(
    ("links", "slides", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_search_answer_buttons(
    links: tuple[TalkLink, ...], slides: str | None, expected: list[tuple[str, str]], language: str
) -> None:
    page = ResultPage("tracing", (_hit(_talk(links, slides)),), total=1)
    message = search_answer(page, language)
    assert check_message(message) == []
    links_shown = [b for b in _buttons(message["blocks"])]
    assert links_shown == _in(language, expected)
    row = next(b for b in message["blocks"] if b["type"] == "actions")
    assert row["elements"][-1]["text"]["text"] == words.text("button.share", language)  # last
    assert len(row["elements"]) <= 4


@pytest.mark.parametrize("language", ["en", "ja"])
def test_shared_answer_and_lineup_show_the_same_links(language: str) -> None:
    talk = _talk((OTHER, VIDEO, PAGE, SLIDES), SLIDES.url)
    expected = _in(
        language, [("Slides", SLIDES.url), ("Video", VIDEO.url), ("Talk page", PAGE.url)]
    )
    shared = shared_answer(_hit(talk), "tracing", language)
    assert check_message(shared) == []
    assert _buttons(shared["blocks"]) == expected
    page = ResultPage("meetup-1", (_hit(talk),), total=1)
    lineup = talks_answer(page, _hit(talk).meetup, language)
    assert check_message(lineup) == []
    text = next(b for b in lineup["blocks"] if b["block_id"] == "talk-0")["text"]["text"]
    assert " · ".join(f"<{url}|{word}>" for word, url in expected) in text


def test_search_answers_are_english_by_default() -> None:
    page = ResultPage("tracing", (_hit(_talk((VIDEO,), None)),), total=1)
    assert _buttons(search_answer(page)["blocks"]) == [("Video", VIDEO.url)]


@pytest.mark.parametrize(
    "action_id", ["meetup_slides_0", "meetup_video_3", "meetup_talk_page_shared"]
)
def test_link_button_clicks_are_acknowledged(action_id: str) -> None:
    assert LINK_PATTERN.match(action_id)


def test_link_buttons_come_from_the_parsed_post() -> None:
    """A post of our own: a talk with a video link first and slides second."""
    from bot.parser import parse_post

    post = parse_post(
        "---\ntitle: Tracing Night\n---\n\n## @alice Tracing in production\n\n"
        "- Recording: [on YouTube](https://www.youtube.com/watch?v=abc123)\n"
        "- [Slides](https://speakerdeck.com/alice/tracing)\n- Sampling is the hard part\n"
    )
    message = render_talk(post, 0)
    assert _buttons(message["blocks"]) == [
        ("Slides", "https://speakerdeck.com/alice/tracing"),
        ("Video", "https://www.youtube.com/watch?v=abc123"),
    ]
