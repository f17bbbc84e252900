"""Where a talk's links come from besides markdown links, each as a `Found` (url, label, embed).

* HTML, a raw block or inline: `<a href>` with its text, `<iframe src>` / `<embed src>`, a
  Speaker Deck `<script class="speakerdeck-embed" data-id>`; a blog card
  (`hatenablog-parts.com/embed?url=…`) is a link to the page it shows, not an embed.
* Text: Jekyll tags (`{% speakerdeck ID %}`, `{% include youtube.html id="…" %}`), Hugo
  shortcodes (`{{< speakerdeck ID >}}`, `{{< ex-link url="…" >}}`, `{{< youtube ID >}}`),
  Hatena cards (`[https://…:embed:cite]`) and bare URLs.
* Zenn embeds (`@[speakerdeck](ID)`), which markdown reads as a link to a relative `ID`.

An id becomes the URL its host serves it at (`EMBED_URLS`, marked `built`); a form with nothing
to build a URL from gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import NamedTuple
from urllib.parse import unquote

from bot.parser.memo import parse_memo


class Found(NamedTuple):
    """A link found in a post."""

    url: str
    label: str = ""
    """The link's text ('' for an embed or a bare URL)."""
    embed: bool = False
    """True for an embedded player (an iframe, a Speaker Deck script, a tag or shortcode)."""
    context: str = ""
    """The text just before the link on its line (`スライド: `, `See the slides `)."""
    built: bool = False
    """True when the URL was built from an id (`data-id`, `{{< speakerdeck ID >}}`): the post
    shows the embed but writes no URL."""


EMBED_URLS = {
    "speakerdeck": "https://speakerdeck.com/player/{}",
    "slideshare": "https://www.slideshare.net/slideshow/embed_code/key/{}",
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
    "niconico": "https://www.nicovideo.jp/watch/{}",
    "nicovideo": "https://www.nicovideo.jp/watch/{}",
    "gist": "https://gist.github.com/{}",
}
"""Embed names (Jekyll tag or include, Hugo shortcode, Zenn embed) -> the URL of an id."""

_ID = re.compile(r"^[\w-]+(?:/[\w-]+)?$")
_TAG = re.compile(
    r"<(?:([aA]|[iIİı][fF][rR][aA][mM][eE]|[eE][mM][bB][eE][dD]|[sSſ][cC][rR][iIİı][pP][tT])"
    r"\b([^>]*)|[A-Z][A-Za-z]+\b([^<>]*))>"
)
"""`<a …>`, `<iframe …>`, `<embed …>`, `<script …>` in any case, written out letter by letter
(with the letters IGNORECASE also takes: `İ`, `ı`, `ſ`) so that the search skips to each `<`;
and an MDX component (`<SpeakerDeck url="…" />`), whose `url` alone is read."""
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_QUOTED = re.compile(r"""(?:\s*[\w-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*""")
"""Attributes with quoted values only: after them `_ATTR.findall` starts afresh."""
_ARG = re.compile(r"""(?:([\w-]+)\s*=\s*)?(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_TAGS = re.compile(r"<[^>]*>")
_CARD = re.compile(r"[?&]url=([^&#]+)")
BARE_URL = r"https?://[^\s<>\"'`\[\]()（）「」『』【】、。，“”]+"
"""A URL written out in text: it ends at a space, a bracket or Japanese punctuation."""
_BARE_URL = re.compile(BARE_URL)
_TEXT_FORM = re.compile(
    r"\{%-?\s*(?P<jekyll>[\w.-]+)\s+(?P<jargs>[^%]*?)\s*-?%\}"
    r"|\{\{[<%]\s*(?P<hugo>[\w.-]+)\s+(?P<hargs>.*?)\s*/?[>%]\}\}"
    r"|\[(?P<card>https?://[^\s\]]+?):(?:embed|title|image|detail|bookmark)\b[^\]]*\]"
    rf"|(?P<bare>{BARE_URL})"
)
_URL_KEYS = ("url", "href", "src", "link", "id", "key")
_TRAILING = ".,;:!?*_~'\""
CONTEXT = 40
"""How much text before a link may say what it is."""


def build_url(name: str, arg: str) -> str | None:
    """The URL an embed gives: `arg` itself when it is one, else the URL of id `arg` at host
    `name` (`speakerdeck`, `youtube`, ...), else None."""
    arg = arg.strip()
    if is_url(arg):
        return arg
    template = EMBED_URLS.get(name.lower())
    if template is None or not _ID.match(arg):
        return None
    return template.format(arg)


def is_url(text: str) -> bool:
    """An absolute or protocol-relative URL, not an id."""
    return "://" in text or text.startswith("//")


class HtmlRead:
    """The links of one HTML fragment (`read_html`), each with where the text before it is: that
    text (its context) is worked out only when asked for, as a link's host or label mostly says
    its kind without it."""

    __slots__ = ("_html", "_spans", "found")

    def __init__(
        self, html: str, found: tuple[Found, ...], spans: tuple[tuple[int, int], ...]
    ) -> None:
        """`found` in document order (each `context` ''), `spans[i]` the HTML before `found[i]`."""
        self._html, self.found, self._spans = html, found, spans

    def context(self, index: int) -> str:
        """The text before link `index` on its line: since the previous tag read, at most
        `4 * CONTEXT` characters of HTML, tags made spaces, at most `CONTEXT` characters."""
        start, end = self._spans[index]
        return _before(_untag(self._html[start:end]))


def _read_html(html: str) -> HtmlRead:
    found: list[Found] = []
    spans: list[tuple[int, int]] = []
    last = 0
    for tag in _TAG.finditer(html):
        begin = tag.start()
        before = (max(last, begin - 4 * CONTEXT), begin)
        last = tag.end()
        if tag[1] is not None:
            link = _tag_link(html, tag[1].lower(), tag[2], last)
        else:
            link = _component_link(tag[3])
        if link is not None:
            found.append(link)
            spans.append(before)
    return HtmlRead(html, tuple(found), tuple(spans))


def _tag_link(html: str, name: str, attrs: str, end: int) -> Found | None:
    """The link of one tag (`name` lowercased, its attribute text, where the tag ends)."""
    if name == "a":
        href = attribute(attrs, "href")
        if not href:
            return None
        close = html.find("</a", end)
        text = html[end : close if close >= 0 else end + 300][:300]
        return Found(_unescape(href), " ".join(_unescape(_untag(text)).split()))
    if name == "script":
        if "speakerdeck" not in attrs:  # (the class names it)
            return None
        data_id = attribute(attrs, "data-id")
        if not data_id or "speakerdeck" not in (attribute(attrs, "class") or ""):
            return None
        url = build_url("speakerdeck", data_id)
        return Found(url, "", True, "", not is_url(data_id)) if url else None
    src = attribute(attrs, "src") or attribute(attrs, "data-src")
    if not src:
        return None
    src = _unescape(src)
    page = card_target(src)
    return Found(page, "", page == src)  # a card is no player


def _component_link(attrs: str) -> Found | None:
    """The `url` of an MDX component (`<SpeakerDeck id="…" url="https://…" />`), an embed."""
    url = attribute(attrs, "url") if "url" in attrs.lower() else None
    return Found(_unescape(url), "", True) if url and is_url(url) else None


def _unescape(text: str) -> str:
    """`html.unescape`, called only on text with an entity (it gives any other text back)."""
    return unescape(text) if "&" in text else text


def _untag(html: str) -> str:
    """`html` with each tag made a space."""
    return _TAGS.sub(" ", html) if "<" in html else html


def _before(text: str) -> str:
    """The end of the line of text before a link (at most `CONTEXT` characters)."""
    line = text[-CONTEXT:].rsplit("\n", 1)[-1]
    return " ".join(_unescape(line).split())


def attribute(text: str, name: str) -> str | None:
    """The value of attribute `name` (one of `_READ_ATTRS`) in a tag's attribute text as
    `_attrs` reads it (the last when repeated), None when there is none: found by searching for
    the name itself where `_attrs` tokenises every attribute, and read by `_attrs` when the text
    before it is irregular or the name comes again."""
    low = text.lower()
    if len(low) == len(text):  # (only `İ` lowercases to two characters)
        at = low.find(name)
        if at < 0:
            return None
        quoted = _quoted_once(text, low, name, at)
        if quoted is not None:
            return quoted
        named = _NAMED[name]
        found = named.search(low)
        if found is None:
            return None  # every attribute `name` starts at such a place
        at = found.start()
        value = _VALUE.match(text, found.end())
        if (
            value is not None
            and (text.find("=", 0, at) < 0 or _QUOTED.fullmatch(text, 0, at) is not None)
            and named.search(low, value.end()) is None
        ):
            return value[1] or value[2] or value[3] or ""
    return _attrs(text).get(name)


def _quoted_once(text: str, low: str, name: str, at: int) -> str | None:
    """The usual form, read without a pattern: `name` first met (at `at`) as ` name="value"`,
    after regular attributes, and not named again. None for any other form."""
    head = _HEADS[name]
    if at < 1 or not low.startswith(head, at - 1):
        return None
    start = at - 1 + len(head)
    close = text.find('"', start)
    if close < 0 or low.find(name, close) >= 0:
        return None
    if text.find("=", 0, at) >= 0 and _QUOTED.fullmatch(text, 0, at) is None:
        return None
    return text[start:close]


def _attrs(text: str) -> dict[str, str]:
    """The attributes `_read_html` reads, by lowercased name (a repeated one: its last value)."""
    out: dict[str, str] = {}
    for name, double, single, bare in _ATTR.findall(text):  # no match objects: 2x faster
        name = name.lower()
        if name in _READ_ATTRS:
            out[name] = double or single or bare
    return out


_READ_ATTRS = frozenset(("href", "src", "data-src", "data-id", "class", "url"))
_NAMED = {name: re.compile(rf"{name}(?<![\w-]{name})(?![\w-])") for name in _READ_ATTRS}
"""Each name, lowercased, not inside a longer name (`[\\w-]` either side of it)."""
_HEADS = {name: f' {name}="' for name in _READ_ATTRS}
"""The usual first attribute: a space, the name, a double-quoted value."""
_VALUE = re.compile(r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
"""`_ATTR` after the name."""


def card_target(url: str) -> str:
    """The page a blog card (`…/embed?url=<page>`) shows; any other URL as it is."""
    if "embed?" in url and (found := _CARD.search(url)):
        return unquote(found[1])
    return url


def text_links(text: str) -> list[Found]:
    """Tags, shortcodes, Hatena cards and bare URLs in a run of text, in order."""
    if "://" not in text and "{" not in text:
        return []
    out: list[Found] = []
    for found in _TEXT_FORM.finditer(text):
        before = _before(text[max(0, found.start() - CONTEXT) : found.start()])
        if found["bare"]:
            out.append(Found(_trim(found["bare"]), "", False, before))
        elif found["card"]:
            out.append(Found(found["card"], "", False, before))
        else:
            name, args = found["jekyll"] or found["hugo"], found["jargs"] or found["hargs"] or ""
            if found_tag := _tag_url(name, args):
                out.append(found_tag._replace(context=before))
    return out


def bare_urls(text: str) -> list[str]:
    """The URLs written out in `text`, in order, without the punctuation that ends a sentence."""
    return [_trim(url) for url in _BARE_URL.findall(text)] if "://" in text else []


def _tag_url(name: str, args: str) -> Found | None:
    """The URL of `{% name args %}` / `{{< name args >}}` (`include x.html k=v`: name `x`)."""
    values = [(m[1] or "", m[2] or m[3] or m[4] or "") for m in _ARG.finditer(args)]
    if name == "include" and values:
        name, values = values[0][1].rsplit("/", 1)[-1].split(".", 1)[0], values[1:]
    keyed = {key.lower(): value for key, value in values if key}
    plain = [value for key, value in values if not key]
    if name.lower() == "gist" and len(plain) >= 2:
        plain = ["/".join(plain[:2])]
    for value in [keyed[key] for key in _URL_KEYS if keyed.get(key)] + plain:
        if url := build_url(name, value):
            return Found(url, "", True, "", not is_url(value))
    return None


def _trim(url: str) -> str:
    """A bare URL without the punctuation that ends the sentence around it."""
    return url.rstrip(_TRAILING)


read_html: Callable[[str], HtmlRead] = parse_memo(_read_html, limit=1_000)
"""The links of an HTML fragment in document order: anchors with their text, embeds (read once
per parse: several steps read the same embed)."""
