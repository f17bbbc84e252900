"""The link readers' speed shortcuts give what the slower readings they replaced gave.

An HTML tag's attribute is found by searching for its name (not by tokenising every attribute),
the text before a link in HTML is read only when asked for, a link's kind is read from its URL
once per parse, settled before the words around the link when its URL or label decides it, and
a talk's score reads its links in one loop. Each is checked here against the plain reading it
stands in for, on text made of the pieces that matter."""

from __future__ import annotations

import re
from html import unescape
from typing import NamedTuple

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.model import LinkKind, Note, TalkLink
from bot.parser import link_kinds
from bot.parser.link_kinds import is_slide_url, kind_and_known, settled_kind
from bot.parser.link_sources import (
    CONTEXT,
    Found,
    _attrs,
    attribute,
    build_url,
    card_target,
    is_url,
    read_html,
)
from bot.parser.memo import forget_parse
from bot.parser.talks import confidence

_ATTR_NAMES = st.sampled_from(
    [
        *("href", "HREF", "hReF", "src", "SRC", "data-src", "data-id", "DATA-ID", "class"),
        *("Class", "xhref", "href-x", "srcset", "_src", "title", "a", "İd", "\u212aey", "é"),
    ]
)
_ATTR_VALUES = st.sampled_from(
    [
        *('"x"', "'y'", "bare", '""', '"u v"', '"a href=b"', "'src=c d'", '"data-id=1 \'"'),
        *("x=y", '"unclosed', "'", "https://a.b/c?d=1&amp;e=2", '"speakerdeck-embed"', '"漢 >"'),
        "",
    ]
)
_ATTR_TOKENS = st.one_of(
    st.builds(
        "{}{}{}{}".format,
        st.sampled_from([" ", "", "\n", "\t ", "/", "-", '"', "'"]),
        _ATTR_NAMES,
        st.sampled_from(["=", " = ", "=\n", "", " "]),
        _ATTR_VALUES,
    ),
    st.sampled_from([" ", "=", '"', "'", "-", "_", ">", "İ", "1", "speakerdeck"]),
)
_ATTR_TEXT = st.lists(_ATTR_TOKENS, max_size=6).map("".join)
_NAMES = st.sampled_from(["href", "src", "data-src", "data-id", "class"])


@settings(max_examples=3000)
@given(_ATTR_TEXT, _NAMES)
@example(' title="x href=y" href="z"', "href")
@example(' a=b.href="x" href="y"', "href")
@example(' href="a" HREF="b"', "href")
@example(' title=" src=x" ', "src")
@example(' HREF="a" x-href="b"', "href")
@example(' class="keyword" href="u"', "href")
@example(' title="href" href="u"', "href")
@example(' x=1 href="u"', "href")
@example(' data-href="a" href="b"', "href")
@example(' class="a" \n href="u" src', "href")
@example('\thref="u"', "href")
@example(' href="a', "href")
@example(' src="a" data-src="b"', "src")
@example(' data-src="a"', "src")
def test_an_attribute_is_read_as_the_tokeniser_reads_it(text: str, name: str) -> None:
    assert attribute(text, name) == _attrs(text).get(name)


_HTML_PIECES = st.sampled_from(
    [
        '<a href="https://speakerdeck.com/a/b">',
        "<A class='keyword' HREF=https://d.hatena.ne.jp/keyword/X>",
        '<a title="x href=y" href="z">',
        "<a name=top>",
        "</a>",
        "</A >",
        '<iframe src="//www.slideshare.net/slideshow/embed_code/key/K" width=595>',
        '<IFRAME class="embed-card" title="t" src="https://hatenablog-parts.com/embed?url=https%3A%2F%2Fgithub.com%2Fa%2Fb">',
        "<iframe data-src='https://www.youtube.com/embed/x'>",
        "<embed src=https://a.b/c.pdf>",
        '<script async class="speakerdeck-embed" data-id="abc123" src="//x.js">',
        '<script class="speakerdeck-embed" data-id="https://speakerdeck.com/p/1">',
        "<script src=x.js>",
        "<ſcript src=https://a.b/s>",
        "<p>",
        "<cite>",
        "</p>",
        "<br>",
        "<strong>",
        "スライド: ",
        "See the slides ",
        "動画\n",
        "Deck &amp; more",
        " ",
        "\n",
        "text",
        "x" * 50,
    ]
)
_HTML = st.lists(_HTML_PIECES, max_size=10).map("".join)
_OLD_TAG = re.compile(r"<(a|iframe|embed|script)\b([^>]*)>", re.IGNORECASE)
_OLD_TAGS = re.compile(r"<[^>]*>")


def _old_read_html(html: str) -> list[Found]:
    """The reader before: every attribute tokenised, the text before every link read."""
    out: list[Found] = []
    last = 0
    for tag in _OLD_TAG.finditer(html):
        name, attrs, start = tag[1].lower(), _attrs(tag[2]), max(last, tag.start() - 4 * CONTEXT)
        last = tag.end()
        before = _old_before(html[start : tag.start()])
        if name == "a":
            if attrs.get("href"):
                end = html.find("</a", last)
                text = html[last : end if end >= 0 else last + 300][:300]
                label = " ".join(unescape(_OLD_TAGS.sub(" ", text)).split())
                out.append(Found(unescape(attrs["href"]), label, False, before))
        elif name == "script":
            data_id = attrs.get("data-id", "")
            if "speakerdeck" in attrs.get("class", "") and data_id:
                url = build_url("speakerdeck", data_id)
                if url:
                    out.append(Found(url, "", True, before, not is_url(data_id)))
        elif src := attrs.get("src") or attrs.get("data-src"):
            page = card_target(unescape(src))
            out.append(Found(page, "", page == unescape(src), before))
    return out


def _old_before(html: str) -> str:
    line = _OLD_TAGS.sub(" ", html)[-CONTEXT:].rsplit("\n", 1)[-1]
    return " ".join(unescape(line).split())


@settings(max_examples=1000)
@given(_HTML)
def test_html_links_and_their_contexts_read_as_before(html: str) -> None:
    forget_parse()
    read = read_html(html)
    lazy = [found._replace(context=read.context(i)) for i, found in enumerate(read.found)]
    assert lazy == _old_read_html(html)
    assert all(found.context == "" for found in read.found)
    assert read_html(html) is read  # once per parse


_URLS = st.builds(
    "{}{}{}".format,
    st.sampled_from(["https://", "http://www.", "//", "", "HTTPS://user@"]),
    st.sampled_from(
        [
            "speakerdeck.com",
            "github.com",
            "www.youtube.com",
            "youtube.com",
            "foo.hatenablog.com",
            "d.hatena.ne.jp",
            "example.com",
            "blog.example.com",
            "me.github.io",
            "fortee.jp",
            "",
        ]
    ),
    st.sampled_from(
        [
            "",
            "/",
            "/alice",
            "/alice/deck",
            "/slides/",
            "/talks/x",
            "/keyword/X",
            "/a.pdf",
            "/2019/01/post",
            "/player/1",
            "/entry/1?x=/slides/",
            "/channel/x",
        ]
    ),
)
_LABELS = st.sampled_from(
    [
        "",
        "スライド",
        "Slides",
        "the deck",
        "動画",
        "video",
        "code",
        "blog",
        "github.com",
        "A talk title that is long enough not to be a label at all",
    ]
)
_CONTEXTS = st.sampled_from(["", "スライド: ", "See the slides ", "動画は", "blog post at", "x"])


def _old_kind(url: str, label: str, context: str) -> tuple[LinkKind, bool]:
    """The kind before: the URL read for every (url, label, context), the words in one test."""
    k = link_kinds
    parts = k._SPLIT.match(url.strip())
    host, path = (parts[1].lower(), parts[2]) if parts else ("", url.split("?", 1)[0])
    if k._DECK_FILE.search(path):
        return k.SLIDES, True
    by_host = k._host_kind(host, path) if host else None
    if by_host is not None and by_host in k._STRONG:
        return by_host, True
    found = k._LABEL.match(label.casefold()) if label and len(label) <= k._MAX_LABEL else None
    if found is None and context:
        found = k._CONTEXT.search(context.casefold())
    if found is not None and found.lastgroup:
        return k._GROUPS[found.lastgroup], True
    if by_host is not None:
        return by_host, by_host is not k.ARTICLE
    where = f"{host}{path}"
    for kind, pattern in k._PATHS:
        if pattern.search(where) and not (kind is k.TALK_PAGE and k._personal(host)):
            return kind, kind is not k.ARTICLE
    return k.OTHER, False


@settings(max_examples=1000)
@given(_URLS, _LABELS, _CONTEXTS, _CONTEXTS)
def test_link_kinds_read_as_before(url: str, label: str, context: str, other: str) -> None:
    forget_parse()
    assert kind_and_known(url, label, context) == _old_kind(url, label, context)
    settled = settled_kind(url, label)
    if settled is not None:  # the words before the link cannot change it
        assert settled == _old_kind(url, label, other) == _old_kind(url, label, context)


class _Links(NamedTuple):
    """The parts of a talk the link checks read."""

    speaker: str | None
    title: str | None
    slides_url: str | None
    links: tuple[TalkLink, ...]
    notes: tuple[Note, ...] = ()
    impressions: tuple[str, ...] = ()


_TALK_LINKS = st.builds(
    TalkLink, st.sampled_from(list(LinkKind)), _URLS, st.sampled_from(["", "Slides"])
)
_EVIDENCE = st.builds(
    _Links,
    st.none(),
    st.none(),
    st.one_of(st.none(), st.just(""), _URLS),
    st.lists(_TALK_LINKS, max_size=4).map(tuple),
    st.just(()),
    st.just(()),
)


@settings(max_examples=1000)
@given(_EVIDENCE)
def test_a_talk_is_linked_as_the_deck_and_kind_tests_said(talk: _Links) -> None:
    forget_parse()
    decks = [link.url for link in talk.links if link.kind is LinkKind.SLIDES]
    deck = any(is_slide_url(url) for url in [*decks, talk.slides_url or ""])
    kinds = {link.kind for link in talk.links}
    assert confidence._has_deck(talk) == deck
    assert confidence._linked(talk) == (deck or bool(kinds & {LinkKind.VIDEO, LinkKind.TALK_PAGE}))


_PATH_PIECES = st.sampled_from(
    [
        "/",
        ".",
        "pdf",
        "PDF",
        "key",
        "\u212aey",
        "ppt",
        "pptx",
        "odp",
        "slide",
        "ſlide",
        "slİde",
        "sl\u0131de",
        "\n",
        "x",
        "a.b",
        ".pdf.",
        "%2E",
    ]
)


@given(st.lists(_PATH_PIECES, max_size=6).map("".join))
def test_a_deck_file_is_found_at_the_last_dot_as_anywhere(path: str) -> None:
    assert link_kinds._deck_file(path) == bool(link_kinds._DECK_FILE.search(path))
