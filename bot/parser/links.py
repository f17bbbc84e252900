"""Links by kind: the one table of what a talk's link points at, and every link of a talk.

A link's kind (`bot.model.LinkKind`) comes, first match wins, from:

1. a deck file (PDF, Keynote, PowerPoint, Go `present`): slides;
2. its host (`HOSTS`, with path rules): Speaker Deck, SlideShare, Google Slides... are slides;
   YouTube, Vimeo, niconico... videos; fortee, sessionize, connpass presentations... talk pages;
   event pages and profiles (connpass events, meetup.com, Twitter/X, `github.com/<user>`) are
   `other`, and nothing makes them slides;
3. its label (`LABELS`: `スライド`, `資料`, `Slides`, `deck`, `動画`, `Video`, ..., en/ja/fr/sv/de),
   or the words just before it on its line (`スライド: URL`, `See the slides [here](…)`);
4. its host again for the weaker kinds (GitHub/GitLab repositories: code; blog hosts: article),
   then its path (`PATHS`: `/slides/`, a conference `/talk/`, `/session/`, `/proposal/` page,
   `/blog/`, `/entry/`); anything else is `other`.

Position decides what a host cannot: a talk's lead link (in its heading, not the speaker's;
alone on a line at the top of its body; labelled with the talk's title) is its material, so an
article, code or an unknown page there is the slides unless a slides link comes before it.
`talk_links` / `read_links` give a talk's links in post order, embeds, tags and bare URLs
included (`bot.parser.link_sources`); `slides_url` is the first slides one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from bot.model import LinkKind, TalkLink
from bot.parser.blocks import Block, Link
from bot.parser.link_sources import CONTEXT, Found, build_url, html_links, text_links

SLIDES, VIDEO, TALK_PAGE = LinkKind.SLIDES, LinkKind.VIDEO, LinkKind.TALK_PAGE
CODE, ARTICLE, OTHER = LinkKind.CODE, LinkKind.ARTICLE, LinkKind.OTHER
_ANY = ""


def _every(kind: LinkKind, hosts: str) -> dict[str, tuple[tuple[str, LinkKind | None], ...]]:
    """Host rules giving `kind` for any path of each of the space-separated `hosts`."""
    return dict.fromkeys(hosts.split(), ((_ANY, kind),))


HOSTS: dict[str, tuple[tuple[str, LinkKind | None], ...]] = {
    # slides (a bare user page is a profile)
    "speakerdeck.com": ((r"^/(?:player/|[^/]+/[^/])", SLIDES), (_ANY, OTHER)),
    "slideshare.net": ((r"^/(?:slideshow/|secret/|[^/]+/[^/])", SLIDES), (_ANY, OTHER)),
    "docs.google.com": ((r"^/presentation/", SLIDES), (_ANY, None)),
    "slides.com": ((r"^/[^/]+/[^/]", SLIDES), (_ANY, OTHER)),
    "slid.es": ((r"^/[^/]+/[^/]", SLIDES), (_ANY, OTHER)),
    "noti.st": ((r"^/[^/]+/[^/]", SLIDES), (_ANY, OTHER)),
    "docswell.com": ((r"^/s/[^/]+/[^/]|^/slide/[^/]", SLIDES), (_ANY, OTHER)),
    "slideship.com": ((_ANY, SLIDES),),
    "gitpitch.com": ((_ANY, SLIDES),),
    "prezi.com": ((r"^/(?!user/)[^/]+/[^/]", SLIDES), (_ANY, OTHER)),
    "go-talks.appspot.com": ((_ANY, SLIDES),),
    "speakerd.s3.amazonaws.com": ((_ANY, SLIDES),),
    "icloud.com": ((r"^/keynote", SLIDES), (_ANY, OTHER)),
    "talks.godoc.org": ((_ANY, SLIDES),),
    # videos (a channel is a profile)
    "youtube.com": ((r"^/(?:channel|c|user|@)", OTHER), (_ANY, VIDEO)),
    "youtu.be": ((_ANY, VIDEO),),
    "youtube-nocookie.com": ((_ANY, VIDEO),),
    "vimeo.com": ((_ANY, VIDEO),),
    "nicovideo.jp": ((_ANY, VIDEO),),
    "nico.ms": ((_ANY, VIDEO),),
    "periscope.tv": ((_ANY, VIDEO),),
    "pscp.tv": ((_ANY, VIDEO),),
    "ustream.tv": ((_ANY, VIDEO),),
    "twitch.tv": ((r"/videos?/", VIDEO), (_ANY, OTHER)),
    "twitcasting.tv": ((_ANY, VIDEO),),
    "freshlive.tv": ((_ANY, VIDEO),),
    "loom.com": ((r"^/share/", VIDEO), (_ANY, OTHER)),
    "twitter.com": ((r"^/i/broadcasts/", VIDEO), (_ANY, OTHER)),
    "x.com": ((r"^/i/broadcasts/", VIDEO), (_ANY, OTHER)),
    # talk pages (an event's own page is not one)
    "fortee.jp": ((r"^/[^/]+/?$", OTHER), (_ANY, TALK_PAGE)),
    "sessionize.com": ((r"^/s/[^/]+/?$", OTHER), (_ANY, TALK_PAGE)),
    "papercall.io": ((r"^/(?:talks|proposals?)/", TALK_PAGE), (_ANY, OTHER)),
    "sched.com": ((r"^/event/", TALK_PAGE), (_ANY, OTHER)),
    "confengine.com": ((r"/(?:proposals?|sessions?)/", TALK_PAGE), (_ANY, OTHER)),
    "connpass.com": ((r"/presentation", TALK_PAGE), (_ANY, OTHER)),
    "eventbrite.com": ((r"/presentation", TALK_PAGE), (_ANY, OTHER)),
    # event pages and profiles: never slides
    **_every(
        OTHER,
        "meetup.com doorkeeper.jp peatix.com techplay.jp atnd.org lu.ma zusaar.com eventdots.jp"
        " eventbrite.co.uk eventbrite.jp t.co facebook.com fb.com instagram.com linkedin.com"
        " bsky.app plus.google.com lanyrd.com togetter.com wikipedia.org amazon.com amazon.co.jp",
    ),
    "hatena.ne.jp": ((r"^/keyword/", OTHER), (_ANY, ARTICLE)),
    # code (a bare user page is a profile)
    "github.com": ((r"^/[^/]+/[^/]", CODE), (_ANY, OTHER)),
    "gitlab.com": ((r"^/[^/]+/[^/]", CODE), (_ANY, OTHER)),
    "bitbucket.org": ((r"^/[^/]+/[^/]", CODE), (_ANY, OTHER)),
    "gist.github.com": ((_ANY, CODE),),
    "raw.githubusercontent.com": ((_ANY, CODE),),
    "codepen.io": ((_ANY, CODE),),
    "codesandbox.io": ((_ANY, CODE),),
    # articles
    **_every(
        ARTICLE,
        "hatenablog.com hatenablog.jp hateblo.jp hatenadiary.com hatenadiary.jp hatenadiary.org"
        " medium.com note.mu blogspot.com wordpress.com tumblr.com ameblo.jp substack.com"
        " hashnode.dev",
    ),
    "qiita.com": ((r"^/[^/]+/items/", ARTICLE), (_ANY, OTHER)),
    "zenn.dev": ((r"/articles/", ARTICLE), (_ANY, OTHER)),
    "note.com": ((r"^/[^/]+/n/", ARTICLE), (_ANY, OTHER)),
    "dev.to": ((r"^/[^/]+/[^/]", ARTICLE), (_ANY, OTHER)),
}
"""Host (a domain and its subdomains) -> (path pattern, kind) rules, first match wins; None:
the host says nothing for that path."""

PERSONAL_HOSTS = (
    ".github.io",
    ".gitlab.io",
    ".netlify.app",
    ".vercel.app",
    ".pages.dev",
    ".amplifyapp.com",
    ".herokuapp.com",
)
"""Static hosting for one person's pages: a `/talks/` path there is not a conference page."""

_STRONG = (SLIDES, VIDEO, TALK_PAGE, OTHER)
"""Host kinds no label overrides (code and article hosts give way to `[資料](github…)`)."""

_EN = r"(?:the\s+|my\s+|our\s+|see\s+(?:the\s+)?)?"
LABELS: tuple[tuple[LinkKind, str], ...] = (
    (SLIDES, r"スライド|資料|発表資料|講演資料|登壇資料|📈|📊|📑"),
    (SLIDES, rf"{_EN}(?:slides?|slide\s*deck|deck|pdf|presentation|diapos?|diapositives?)\b"),
    (SLIDES, r"(?:présentation|presentación|diapositivas|bilder|folien|transparents)\b"),
    (VIDEO, r"動画|録画|アーカイブ|🎥|📹|📺"),
    (VIDEO, rf"{_EN}(?:videos?|recording|vidéo|enregistrement|inspelning|youtube)\b"),
    (TALK_PAGE, r"発表ページ|発表概要|講演概要|セッション"),
    (TALK_PAGE, rf"{_EN}(?:talk\s+page|session(?:\s+page)?|abstract|proposal)\b"),
    (CODE, r"ソースコード|コード|リポジトリ"),
    (CODE, rf"{_EN}(?:code|source(?:\s+code)?|repo(?:sitory)?|github)\b"),
    (ARTICLE, r"ブログ|記事|エントリ"),
    (ARTICLE, rf"{_EN}(?:blog(?:\s+post)?|article|write-?up)\b"),
)
"""Link labels (and the words before a link) that say its kind, in en, ja, fr, es, sv, de."""

PATHS: tuple[tuple[LinkKind, str], ...] = (
    (SLIDES, r"^slides?\.|/slides?(?:/|\.html?$|$)"),
    (TALK_PAGE, r"/(?:talks?|sessions?|proposals?)/[^/]|/schedule/event/"),
    (ARTICLE, r"^(?:blog|tech|engineering)\.|/(?:blog|entry|articles?|posts?)/|/\d{4}/\d\d?/"),
)
"""Host-or-path patterns (matched on `host/path`) for hosts the table does not know."""

_SPLIT = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//(?:[^/?#@]*@)?([^/?#:]+)(?::\d+)?([^?#]*)", re.I)
_DECK_FILE = re.compile(r"\.(?:pdf|key|pptx?|odp|slide)$", re.IGNORECASE)
"""A deck file: PDF, Keynote, PowerPoint, OpenDocument, Go's `present` (`.slide`)."""
_HOST_RULES = {
    host: tuple((re.compile(path) if path else None, kind) for path, kind in rules)
    for host, rules in HOSTS.items()
}
_GROUPS = {f"k{i}": kind for i, (kind, _words) in enumerate(LABELS)}
_WORDS = "|".join(f"(?P<k{i}>{words})" for i, (_kind, words) in enumerate(LABELS))
# matched against casefolded text (faster than IGNORECASE)
_LABEL = re.compile(rf"^[\s\[(（【「*_]*(?:{_WORDS})")
_CONTEXT = re.compile(rf"(?:^|[\s(（「【])(?:{_WORDS})\s*(?:[:：は\-–→]|here|at|on)?\s*$")
_LABEL_LINE = re.compile(rf"^[\s*_]*(?:{_WORDS})\s*(?:[:：]|は(?:こちら)?|here)?\s*$")
_PATHS = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in PATHS]
_ANY_PATH = re.compile("|".join(pattern for _kind, pattern in PATHS), re.IGNORECASE)
_BARE = re.compile(r"https?://\S+")
_INLINE_KINDS = frozenset(("paragraph", "heading", "table", "html"))
"""Blocks with text of their own (the others hold blocks)."""
_MAX_LABEL_LINE = 20
LEAD_BLOCKS = 4
"""How far down a talk's body its lead link may be (after short lines only)."""
_MAX_LABEL = 40
"""A longer label is a title, not a word naming the link's kind."""


def link_kind(url: str, label: str = "", context: str = "") -> LinkKind:
    """What a link points at, from its URL, its text and the words before it."""
    return _kind(url, label, context)[0]


def _kind(url: str, label: str, context: str) -> tuple[LinkKind, bool]:
    key = (url, label, context)
    known = _KINDS.get(key)
    if known is None:
        if len(_KINDS) > 10_000:  # called outside a parse too: never let it grow
            _KINDS.clear()
        known = _KINDS[key] = _read_kind(url, label, context)
    return known


_KINDS: dict[tuple[str, str, str], tuple[LinkKind, bool]] = {}
"""The kinds worked out during the current parse (cleared with `forget_kinds` by each parse)."""


def forget_kinds() -> None:
    """Start a parse with no kind remembered."""
    _KINDS.clear()


def _read_kind(url: str, label: str, context: str) -> tuple[LinkKind, bool]:
    """(kind, known): known when the host table or a label decided (never upgraded to slides)."""
    parts = _SPLIT.match(url.strip())
    host, path = (parts[1].lower(), parts[2]) if parts else ("", url.split("?", 1)[0])
    if _DECK_FILE.search(path):
        return SLIDES, True
    by_host = _host_kind(host, path) if host else None
    if by_host is not None and by_host in _STRONG:
        return by_host, True
    by_words = _label_kind(label, context) if label or context else None
    if by_words is not None:
        return by_words, True
    if by_host is not None:
        return by_host, by_host is not ARTICLE
    where = f"{host}{path}"
    if _ANY_PATH.search(where):
        for kind, pattern in _PATHS:
            if pattern.search(where) and not (kind is TALK_PAGE and _personal(host)):
                return kind, kind is not ARTICLE
    return OTHER, False


def _personal(host: str) -> bool:
    """A personal static site (`*.github.io`, Netlify...): its `/talks/` are the speaker's own."""
    return host.endswith(PERSONAL_HOSTS)


def _host_kind(host: str, path: str) -> LinkKind | None:
    host = host.removeprefix("www.")
    while True:
        rules = _HOST_RULES.get(host)
        if rules is not None:
            return next(
                (kind for pattern, kind in rules if pattern is None or pattern.search(path)), None
            )
        if "." not in host:
            return None
        host = host.split(".", 1)[1]


def _label_kind(label: str, context: str) -> LinkKind | None:
    found = _LABEL.match(label.casefold()) if label and len(label) <= _MAX_LABEL else None
    if found is None and context:
        found = _CONTEXT.search(context.casefold())
    return _GROUPS[found.lastgroup] if found is not None and found.lastgroup else None


def is_slide_url(url: str) -> bool:
    """A URL that is a slide deck by itself (host or PDF, no label needed)."""
    return link_kind(url) is SLIDES


def is_video_url(url: str) -> bool:
    """A URL of a video (YouTube, Vimeo, niconico, Periscope...)."""
    return link_kind(url) is VIDEO


def embed_urls(html: str, *, videos: bool = False) -> list[str]:
    """What an HTML block embeds (iframes, Speaker Deck scripts; blog cards are links): deck
    links first (a SlideShare caption's `<a href>`), then slide embeds, then the others; videos
    only with `videos`. [] when it embeds nothing."""
    if "<iframe" not in html and "<IFRAME" not in html and "speakerdeck-embed" not in html:
        return []
    found = html_links(html)
    embeds = [f.url for f in found if f.embed and (videos or link_kind(f.url) is not VIDEO)]
    if not embeds:
        return []
    decks = [f.url for f in found if not f.embed and link_kind(f.url, f.label) is SLIDES]
    return decks + sorted(embeds, key=lambda url: link_kind(url) is not SLIDES)


def pick_slides(links: Sequence[Link], title_link: Link | None = None) -> str | None:
    """The slides among a list item's links: the first that is slides (by host, PDF or label),
    else the title's own link when it is an article, code or an unknown page."""
    for link in links:
        if not link.image and link.url and link_kind(link.url, link.text) is SLIDES:
            return link.url
    if title_link is not None and title_link.url and _leads(title_link.url, title_link.text):
        return title_link.url
    return None


def _leads(url: str, label: str) -> bool:
    kind, known = _kind(url, label, "")
    return kind is SLIDES or _upgradable(kind, known)


class TalkLinks(NamedTuple):
    """A talk's links by kind, and its slides."""

    links: tuple[TalkLink, ...]
    slides_url: str | None
    """The first slides link; None when there is none, or when the first is an embed the post
    gives only by its id (its built URL is in `links`, for the Slides button)."""


class _Entry:
    """A link on its way to a `TalkLink`."""

    __slots__ = ("built", "embed", "kind", "known", "label", "lead", "url")

    def __init__(self, found: Found, lead: bool = False) -> None:
        self.url, self.label, self.embed, self.lead = found.url, found.label, found.embed, lead
        self.built = found.built
        self.kind, self.known = _kind(found.url, found.label, found.context)


def read_links(
    heading_links: Sequence[Link],
    body: Sequence[Block],
    *,
    speaker: str | None = None,
    title: str | None = None,
    slides_hint: str | None = None,
) -> TalkLinks:
    """Every link of a talk in post order with its kind: the heading's, then the body's (embeds,
    tags and bare URLs included, images and code left out), each URL once; and its slides.

    The speaker's own heading links (`[@name](…)`, a link on the speaker's name) are `other`.
    `slides_hint`, the slides a list-item rule chose, is slides. The lead link (the heading's;
    one alone on a line at the top of the body, after at most a short speaker line; one
    labelled with the talk's title) is the slides unless a slides link comes before it or it
    is a video, a talk page, a profile or an event page."""
    entries = [
        _heading_entry(link, speaker) for link in heading_links if link.url and not link.image
    ]
    if slides_hint and all(entry.url != slides_hint for entry in entries):
        entries.append(_Entry(Found(slides_hint), lead=True))
    first: dict[str, _Entry] = {}
    for entry in entries + _body_entries(body, _title_key(title)):
        first.setdefault(entry.url, entry)
    unique = list(first.values())
    for entry in unique:
        if entry.url == slides_hint and _upgradable(entry.kind, entry.known):
            entry.kind = SLIDES
    for entry in unique:
        if entry.kind is SLIDES or (entry.lead and _upgradable(entry.kind, entry.known)):
            entry.kind = SLIDES
            break
    links = tuple(TalkLink(entry.kind, entry.url, entry.label) for entry in unique)
    slides = next((entry for entry in unique if entry.kind is SLIDES), None)
    return TalkLinks(links, slides.url if slides is not None and not slides.built else None)


def talk_links(
    heading_links: Sequence[Link], body: Sequence[Block], **hints: str | None
) -> tuple[TalkLink, ...]:
    """The links of `read_links` alone (same arguments)."""
    return read_links(heading_links, body, **hints).links


def _upgradable(kind: LinkKind, known: bool) -> bool:
    """Whether a lead link may be the talk's material: an article, code, an unknown page."""
    return kind is ARTICLE or kind is CODE or (kind is OTHER and not known)


def _heading_entry(link: Link, speaker: str | None) -> _Entry:
    text = link.text.strip()
    own = text.startswith("@") or bool(speaker and text and text in speaker)
    entry = _Entry(Found(link.url, link.text), lead=not own)
    if own and entry.kind is not SLIDES:
        entry.kind, entry.known = OTHER, True
    return entry


def _title_key(title: str | None) -> str:
    return "".join((title or "").casefold().split())


def _body_entries(body: Sequence[Block], title: str) -> list[_Entry]:
    """The links of a talk's body in post order (adjacent HTML blocks read as one embed)."""
    out: list[_Entry] = []
    lead = _lead_block(body)
    pending = list(reversed(body))
    previous: Block | None = None  # the line before: a label (`スライド:`) for the next link?
    while pending:
        block = pending.pop()
        kind = block.kind
        if kind not in _INLINE_KINDS:
            pending.extend(reversed(block.children))  # lists, items, quotes
            continue
        if not block.links and kind != "html":
            text = block.source or block.plain  # no link: the common case, kept cheap
            if "://" not in text and "{" not in text and "<" not in text:
                previous = block
                continue
        label = _label_line(previous) if previous is not None else ""
        previous = block
        if kind == "html":
            chunk = [block.text]
            while pending and pending[-1].kind == "html":
                chunk.append(pending.pop().text)
            found = _html_entries(chunk, label)
        else:
            found = _decks_first([_Entry(f, block is lead) for f in _block_found(block, label)])
        for entry in found:
            entry.lead = entry.lead or bool(title and _title_key(entry.label) == title)
        out += found
    return out


def _html_entries(chunk: list[str], label: str) -> list[_Entry]:
    """The links of adjacent HTML blocks, read as one embed (each block read once per parse)."""
    found = [f for html in chunk for f in html_links(html)]
    return _decks_first([_Entry(f._replace(context=f.context or label)) for f in found])


def _decks_first(entries: list[_Entry]) -> list[_Entry]:
    """A deck's own link (a SlideShare caption, a Hatena citation) before its player."""
    if len(entries) < 2:
        return entries
    decks = [e for e in entries if e.kind is SLIDES and not e.embed]
    if not decks or not any(e.kind is SLIDES and e.embed for e in entries):
        return entries
    return decks + [e for e in entries if e not in decks]


def _block_found(block: Block, label: str) -> list[Found]:
    """A block's own links (not its children's): markdown links, then inline HTML, tags and
    bare URLs."""
    if block.kind == "table":
        text = "\n".join(" ".join(row) for row in block.rows)
    else:
        text = block.source or block.plain
    if not block.links and "://" not in text and "{" not in text and "<" not in text:
        return []
    contexts = _contexts(block) if block.links else {}
    found: list[Found] = []
    for link in block.links:
        if link.url and not link.image:
            found.append(_link_found(link, contexts.get(link.url) or label))
    if block.source and "<" in block.source:
        found += html_links(block.source)
    return found + text_links(text)


def _link_found(link: Link, context: str) -> Found:
    """A markdown link; Zenn's `@[speakerdeck](ID)`, read by markdown as a link to a relative
    `ID`, is the embed's URL."""
    if "/" not in link.url and "." not in link.url:
        url = build_url(link.text.strip(), link.url)
        if url is not None:
            return Found(url, "", True, context, built=True)
    return Found(link.url, link.text, False, context)


def _contexts(block: Block) -> dict[str, str]:
    """The text before each link of a block (since the previous link), by URL."""
    out: dict[str, str] = {}
    before, previous = "", None
    for span in block.spans:
        if span.url is None:
            before += span.text
        elif span.url != previous:
            out.setdefault(span.url, before[-CONTEXT:].rsplit("\n", 1)[-1])
            before = ""
        previous = span.url
    return out


def _label_line(block: Block) -> str:
    """A short line that only names a kind (`スライド:`, `Slides`): the next link's context."""
    if block.kind != "paragraph" or block.links or len(block.plain) > _MAX_LABEL_LINE:
        return ""
    return block.plain if _LABEL_LINE.match(block.plain.casefold()) else ""


def _lead_block(body: Sequence[Block]) -> Block | None:
    """The line at the top of a talk's body that holds only its link, after at most short
    lines (a speaker line, a metadata table)."""
    for block in body[:LEAD_BLOCKS]:
        if _lone_link(block):
            return block
        if not (block.kind == "table" or (block.kind == "paragraph" and len(block.plain) <= 40)):
            return None
    return None


def _lone_link(block: Block) -> bool:
    """A paragraph holding one link and nothing else (a markdown link or a bare URL)."""
    if block.kind != "paragraph":
        return False
    if block.links:
        rest = "".join(span.text for span in block.spans if span.url is None)
        return len([link for link in block.links if not link.image]) == 1 and not rest.strip()
    return bool(_BARE.fullmatch(block.plain))
