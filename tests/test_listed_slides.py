"""Slides listed apart from their talks (`bot.parser.listed_slides`): given to the talk an item
names alone, never guessed. The shapes that work are fixtures (`slides-listed-*`)."""

from __future__ import annotations

from bot.parser import parse_post

_TALKS = """\
## Caching at the edge — Noor Haddad

Notes.

## Schema migrations without downtime — Felix Brandt

Notes.

## Slides

"""


def _slides(listing: str) -> list[str | None]:
    return [talk.slides_url for talk in parse_post(_TALKS + listing).talks]


def test_an_item_naming_one_talk_gives_it_the_deck() -> None:
    listing = "- Caching at the edge: https://speakerdeck.com/noor/caching-at-the-edge\n"
    assert _slides(listing) == ["https://speakerdeck.com/noor/caching-at-the-edge", None]


def test_an_item_naming_two_talks_gives_neither() -> None:
    listing = "- Noor Haddad and Felix Brandt: https://speakerdeck.com/both/deck\n"
    assert _slides(listing) == [None, None]


def test_two_decks_for_one_talk_give_none() -> None:
    listing = (
        "- Caching at the edge: https://speakerdeck.com/noor/one\n"
        "- Noor Haddad: https://speakerdeck.com/noor/two\n"
    )
    assert _slides(listing) == [None, None]


def test_a_sentence_naming_a_speaker_is_no_listing() -> None:
    listing = (
        "- Felix Brandt showed a small tool, [deck](https://speakerdeck.com/felix/x), at the end"
        " of the evening.\n"
    )
    assert _slides(listing) == [None, None]


def test_a_talk_keeps_its_own_slides() -> None:
    talks = _TALKS.replace(
        "Notes.\n\n## Schema", "[Slides](https://speakerdeck.com/noor/own)\n\n## Schema", 1
    )
    post = parse_post(talks + "- Caching at the edge: https://speakerdeck.com/noor/other\n")
    assert [talk.slides_url for talk in post.talks] == ["https://speakerdeck.com/noor/own", None]
