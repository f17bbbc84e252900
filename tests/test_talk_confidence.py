"""A talk's confidence (`bot.parser.talks.confidence`): a split gone wrong costs belief, so a post
whose talks came out garbled is posted as the announcement only."""

from __future__ import annotations

import pytest

from bot.parser import parse_post

_POST = "---\ntitle: LT night\n---\n\n{talks}\n"
_DECK = "[slides](https://speakerdeck.com/x/y)"


def _talks(headings: list[str]) -> tuple[list[float], bool]:
    text = "\n".join(f"## {heading}\n\n{_DECK}\n" for heading in headings)
    post = parse_post(_POST.format(talks=text), source="lt.md")
    return [talk.confidence for talk in post.talks], post.talks_posted


@pytest.mark.parametrize(
    ("clean", "garbled"),
    [
        ("Ktor の話 — 高橋", "Ktor の話 発表者 森 — 高橋"),  # a label left in the title
        ("@mori Ktor の話", "@mori Ktor の話をした高橋さん"),  # an honorific ending the title
    ],
)
def test_a_garbled_talk_is_believed_less_than_a_clean_one(clean: str, garbled: str) -> None:
    first = "Caching in Rails — Ana Lima"
    clean_scores, _ = _talks([first, clean])
    garbled_scores, _ = _talks([first, garbled])
    assert len(garbled_scores) == 2
    assert garbled_scores[1] < clean_scores[1] == 1.0


def test_initials_in_a_name_are_no_sentence() -> None:
    scores, posted = _talks(
        ["Rankings done right — João M. D. Moura", "Caching in Rails — Ana Lima"]
    )
    assert posted and scores[0] == scores[1]


def test_a_list_of_links_and_hashtags_is_no_list_of_talks() -> None:
    """`配信: <URL>` and `ハッシュタグ: #x` items split like `Name: Title`, with no title."""
    post = parse_post(
        "# SRE 勉強会\n\n- connpass: <https://sre.connpass.com/event/1/>\n"
        "- 配信: <https://www.youtube.com/live/abc>\n- ハッシュタグ: #sre_ngy\n",
        source="sre.md",
    )
    assert post.talks == ()
    assert {unit.reason for unit in post.left_out} >= {"not_a_title"}
