"""Slides listed apart from their talks: a list outside every talk's body (`## Links`,
`## 発表資料`, a programme at the top) whose items each name one talk, by its title or its
speaker, and give one slides link:
`- Title: https://speakerdeck.com/…`, `- [Title](deck)`, `- Name — [Slides](deck)`.

A talk without slides of its own gets the deck of the one item that names it alone and holds
little else; an item that names several talks, or a talk named by several items with other
decks, gives nothing (never a guess).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence

from bot.model import LinkKind, Talk, TalkLink
from bot.parser.blocks import Block
from bot.parser.links import talk_links

_NOT_WORD = re.compile(r"[\W_]+")
_MIN_KEY = 4
"""Shorter names and titles (`Go`, `AI`) name too much to be matched inside a line."""
_MAX_REST = 12
"""What an item may hold besides the talk's title and speaker: a label, `by`, a date."""


def with_listed_slides(talks: tuple[Talk, ...], lists: Sequence[Block]) -> tuple[Talk, ...]:
    """`talks`, each talk without slides given the deck an item of `lists` names it with."""
    wanting = [i for i, talk in enumerate(talks) if talk.slides_url is None]
    if not wanting:
        return talks
    offers: dict[int, list[TalkLink]] = {}
    for key, deck in _listed_decks(lists):
        named = [i for i in range(len(talks)) if _names(key, talks[i])]
        if len(named) == 1:
            offers.setdefault(named[0], []).append(deck)
    out = list(talks)
    for index in wanting:
        decks = {deck.url: deck for deck in offers.get(index, [])}
        if len(decks) == 1:
            deck = next(iter(decks.values()))
            talk = talks[index]
            links = (*[link for link in talk.links if link.url != deck.url], deck)
            out[index] = dataclasses.replace(talk, slides_url=deck.url, links=links)
    return tuple(out)


def _listed_decks(blocks: Sequence[Block]) -> Iterator[tuple[str, TalkLink]]:
    """(the item's text as a key, its one slides link) for each list item under `blocks`."""
    for block in blocks:
        if block.kind == "item":
            found = _item_deck(block)
            if found is not None:
                yield found
        elif block.children:
            yield from _listed_decks(block.children)


def _item_deck(item: Block) -> tuple[str, TalkLink] | None:
    own = [child for child in item.children if child.kind not in ("bullet", "ordered")]
    decks = [link for link in talk_links([], own) if link.kind is LinkKind.SLIDES]
    if len({deck.url for deck in decks}) != 1:
        return None
    text = " ".join(child.plain for child in own).replace(decks[0].url, " ")
    return _key(text), decks[0]


def _names(key: str, talk: Talk) -> bool:
    """Whether an item's text names `talk` and little else: it holds the talk's whole title or
    its speaker, and no more than a label (`Slides`, `資料`) beside them: a sentence that
    mentions a speaker and links a tool is no list of decks."""
    rest, named = key, False
    for name in (_key(talk.title), _key(talk.speaker)):
        if len(name) >= _MIN_KEY and name in rest:
            rest, named = rest.replace(name, "", 1), True
    return named and len(rest) <= _MAX_REST


def _key(text: str | None) -> str:
    return _NOT_WORD.sub("", (text or "").casefold())
