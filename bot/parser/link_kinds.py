"""Link kinds: the one table of what a link points at (`link_kind`), and the checks built on it.

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

`bot.parser.links` reads every link of a talk with these kinds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from bot.model import LinkKind
from bot.parser.blocks import Link
from bot.parser.link_sources import read_html
from bot.parser.memo import parse_memo

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
    (SLIDES, r"幻灯片|投影片|簡報|슬라이드|발표\s?자료|ppt\b"),
    (VIDEO, r"動画|録画|アーカイブ|🎥|📹|📺"),
    (VIDEO, rf"{_EN}(?:videos?|recording|vidéo|enregistrement|inspelning|youtube)\b"),
    (TALK_PAGE, r"発表ページ|発表概要|講演概要|セッション"),
    (TALK_PAGE, rf"{_EN}(?:talk\s+page|session(?:\s+page)?|abstract|proposal|sched(?:ule)?)\b"),
    (TALK_PAGE, rf"{_EN}(?:(?:talk|session)\s+)?(?:details|détails|detalles|programm?e?)\b"),
    (CODE, r"ソースコード|コード|リポジトリ"),
    (CODE, rf"{_EN}(?:code|source(?:\s+code)?|repo(?:sitory)?|github)\b"),
    (ARTICLE, r"ブログ|記事|エントリ"),
    (ARTICLE, rf"{_EN}(?:blog(?:\s+post)?|article|write-?up)\b"),
)
"""Link labels (and the words before a link) that say its kind, in en, ja, fr, es, sv, de, zh,
ko."""

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
LABEL_LINE = re.compile(rf"^[\s*_]*(?:{_WORDS})\s*(?:[:：]|は(?:こちら)?|here)?\s*$")
_LABELLED = re.compile(
    rf"^[\s*_]*(?P<paren>[(（]\s*)?(?:{_WORDS})\s*(?:[:：→⇒➡]|-+>|=>|(?(paren)[^()（）]*[)）]\s*$|(?!)))"
)
_PATHS = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in PATHS]
_ANY_PATH = re.compile("|".join(pattern for _kind, pattern in PATHS), re.IGNORECASE)
_MAX_LABEL = 40
"""A longer label is a title, not a word naming the link's kind."""


def link_kind(url: str, label: str = "", context: str = "") -> LinkKind:
    """What a link points at, from its URL, its text and the words before it."""
    return kind_and_known(url, label, context)[0]


def kind_and_known(url: str, label: str, context: str) -> tuple[LinkKind, bool]:
    """The link's kind, and whether a rule knew it (False: `other` by default)."""
    return _KINDS((url, label, context))


def settled_kind(url: str, label: str) -> tuple[LinkKind, bool] | None:
    """`kind_and_known(url, label, context)` when its URL or label decides it whatever the words
    before the link (a deck file, a strong host, a label naming a kind); None when they may."""
    by_url = _url_kind(url).strong
    if by_url is not None:
        return by_url
    by_label = _label_kind(label) if label else None
    return (by_label, True) if by_label is not None else None


class _UrlKind(NamedTuple):
    """What a URL alone says of its link's kind."""

    strong: tuple[LinkKind, bool] | None
    """A deck file's or a strong host's kind: no words change it."""
    weak: tuple[LinkKind, bool]
    """The kind when no words name one: the host's, else the path's, else `other`."""


def _read_kind(url: str, label: str, context: str) -> tuple[LinkKind, bool]:
    """(kind, known): known when the host table or a label decided (never upgraded to slides)."""
    settled = settled_kind(url, label)
    if settled is not None:
        return settled
    by_words = _context_kind(context) if context else None
    return (by_words, True) if by_words is not None else _url_kind(url).weak


def _read_url(url: str) -> _UrlKind:
    parts = _SPLIT.match(url.strip())
    host, path = (parts[1].lower(), parts[2]) if parts else ("", url.split("?", 1)[0])
    if _deck_file(path):
        return _UrlKind((SLIDES, True), (SLIDES, True))
    by_host = _host_kind(host, path) if host else None
    if by_host is not None:
        kind = by_host, by_host is not ARTICLE
        return _UrlKind(kind if by_host in _STRONG else None, kind)
    where = f"{host}{path}"
    if _ANY_PATH.search(where):
        for by_path, pattern in _PATHS:
            if pattern.search(where) and not (by_path is TALK_PAGE and _personal(host)):
                return _UrlKind(None, (by_path, by_path is not ARTICLE))
    return _UrlKind(None, (OTHER, False))


def _deck_file(path: str) -> bool:
    """`_DECK_FILE.search(path)`, tried at the path's last `.` alone (the one a match starts
    at: no extension holds a `.`), not at every position case-blind."""
    dot = path.rfind(".")
    return dot >= 0 and _DECK_FILE.match(path, dot) is not None


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


def _label_kind(label: str) -> LinkKind | None:
    """The kind a link's own text names (`スライド`, `Slides`, `[動画]`)."""
    found = _LABEL.match(label.casefold()) if len(label) <= _MAX_LABEL else None
    return _GROUPS[found.lastgroup] if found is not None and found.lastgroup else None


def _context_kind(context: str) -> LinkKind | None:
    """The kind the words just before a link name (`スライド: `, `See the slides `)."""
    found = _CONTEXT.search(context.casefold())
    return _GROUPS[found.lastgroup] if found is not None and found.lastgroup else None


def labelled_line_kind(line: str) -> LinkKind | None:
    """The kind a line opening with a label names (`Slides: …`, `スライド → …`, `Folien → …`,
    `(Folien folgen)`): a line about a talk's material, never its title; None for other lines
    and for a talk page's label (`Session: …` names a title)."""
    found = _LABELLED.match(line.casefold())
    kind = _GROUPS[found.lastgroup] if found is not None and found.lastgroup else None
    return None if kind is TALK_PAGE else kind


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
    found = read_html(html).found
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


def upgradable(kind: LinkKind, known: bool) -> bool:
    """Whether a lead link may be the talk's material: an article, code, an unknown page."""
    return kind is ARTICLE or kind is CODE or (kind is OTHER and not known)


def _leads(url: str, label: str) -> bool:
    kind, known = kind_and_known(url, label, "")
    return kind is SLIDES or upgradable(kind, known)


_KINDS: Callable[[tuple[str, str, str]], tuple[LinkKind, bool]] = parse_memo(
    lambda key: _read_kind(*key)
)
"""The kinds worked out during the current parse."""
_url_kind: Callable[[str], _UrlKind] = parse_memo(_read_url)
"""What each URL met during the current parse says (a link is often read with and without its
label and context)."""
