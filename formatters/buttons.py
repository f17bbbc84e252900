"""A talk's link buttons: one per kind of link it has (Slides, Video, Talk page), in that order,
at most three. Pure functions; used by the talk message and the answers to `/meetup`.

Each button opens the talk's first link of its kind (`Talk.links`), made safe for Slack by
`safe_url`; a talk without `links` (built by hand, or read from an old index row) still gets its
Slides button from `slides_url`.
"""

from __future__ import annotations

from typing import NamedTuple

import words
from bot.model import LinkKind, Talk
from formatters.escape import safe_url

BUTTON_KINDS = (LinkKind.SLIDES, LinkKind.VIDEO, LinkKind.TALK_PAGE)
"""The kinds of link that get a button, in button order."""


class LinkButton(NamedTuple):
    """One button: what it opens and what it says."""

    kind: LinkKind
    label: str
    url: str


def link_buttons(talk: Talk, lang: str) -> list[LinkButton]:
    """The talk's buttons: Slides, Video, Talk page, for the kinds it has links of."""
    first: dict[LinkKind, str] = {}
    for link in talk.links:
        if link.kind in BUTTON_KINDS and link.kind not in first:
            url = safe_url(link.url)
            if url:
                first[link.kind] = url
    if LinkKind.SLIDES not in first:
        slides = safe_url(talk.slides_url)
        if slides:
            first[LinkKind.SLIDES] = slides
    return [
        LinkButton(kind, label_of(kind, lang), first[kind])
        for kind in BUTTON_KINDS
        if kind in first
    ]


def label_of(kind: LinkKind, lang: str) -> str:
    """The button word for a kind of link (`Slides`, `動画`, `Talk page`)."""
    if kind is LinkKind.VIDEO:
        return words.text("label.video", lang)
    if kind is LinkKind.TALK_PAGE:
        return words.text("label.talk_page", lang)
    return words.text("label.slides", lang)
