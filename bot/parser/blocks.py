"""markdown-it tokens -> a light block tree (`Block`), built iteratively in one walk."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from markdown_it.token import Token

from bot.model import Span, plain_span
from bot.parser.markdown import INLINE, INLINE_SYNTAX, block_parser

_OPENERS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "bullet",
    "ordered_list_open": "ordered",
    "list_item_open": "item",
    "blockquote_open": "quote",
    "table_open": "table",
    "dl_open": "quote",
}
_LEAVES = {"fence": "code", "code_block": "code", "html_block": "html", "hr": "hr"}
_TAG_RE = re.compile(r"<[^>]*>")


@dataclass(slots=True)
class Link:
    """A link or image found in inline text."""

    text: str
    url: str
    image: bool = False


@dataclass(slots=True, init=False)
class Block:
    """One block of the document: a heading, paragraph, list, item, table, code, html..."""

    kind: str
    level: int = 0
    spans: tuple[Span, ...] = ()
    links: list[Link] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    source: str = ""
    """The inline markdown as written, for a block with inline syntax (links, HTML, emphasis); ''
    when its text is plain (then `plain` is the source)."""
    row_links: list[list[list[Link]]] = field(default_factory=list)
    """A table's links, by row and cell (parallel to `rows`)."""

    plain_cache: str | None = field(default=None, repr=False, compare=False)

    def __init__(
        self,
        kind: str,
        level: int = 0,
        spans: tuple[Span, ...] = (),
        links: list[Link] | None = None,
        children: list[Block] | None = None,
        text: str = "",
        rows: list[list[str]] | None = None,
        source: str = "",
        row_links: list[list[list[Link]]] | None = None,
    ) -> None:
        """The fields above, each list a new one when not given (written out: the generated
        `__init__` with its default factories costs a third more, and a post makes hundreds)."""
        self.kind = kind
        self.level = level
        self.spans = spans
        self.text = text
        self.source = source
        self.links = [] if links is None else links
        self.children = [] if children is None else children
        self.rows = [] if rows is None else rows
        self.row_links = [] if row_links is None else row_links
        self.plain_cache = None

    @property
    def plain(self) -> str:
        """The inline text as rendered, whitespace collapsed (computed once: set spans first)."""
        if self.plain_cache is None:
            spans = self.spans
            text = spans[0].text if len(spans) == 1 else "".join([span.text for span in spans])
            self.plain_cache = " ".join(text.split())
        return self.plain_cache


def parse_blocks(text: str) -> list[Block]:
    """The top-level blocks of a markdown document (one markdown-it parse, one token walk)."""
    env: dict[str, Any] = {}
    top = root = Block("root")
    parents: list[Block] = []  # the open blocks around `top`
    details = 0  # `<details>` elements open, across HTML blocks
    step = _STEPS.get
    for token in block_parser(text).parse(text, env):
        what = step(token.type)
        if what is None:
            continue
        if what is _CLOSE:
            if parents:
                top = parents.pop()
        elif what in _OPENED:
            block = Block(what, int(token.tag[1:])) if what == "heading" else Block(what)
            top.children.append(block)
            parents.append(top)
            top = block
        elif what is _INLINE:
            content = token.content
            if top.kind != "table" and INLINE_SYNTAX.search(content) is None:
                top.spans = (plain_span(content),) if content else ()  # as the inline parser
            else:
                _inline(top, content, env)
        elif what is _ROW:
            top.rows.append([])
            top.row_links.append([])
        elif what == "html" and "<" in (content := token.content):
            if (
                "<h" in content
                or "<H" in content
                or "<summ" in content
                or _TEXT_START.match(content)
            ):
                top.children.extend(html_blocks(content, details))
            else:
                top.children.append(Block(what, text=content))
            if "details" in content:
                details = _open_details(content, details)
        else:  # a leaf
            top.children.append(Block(what, text=token.content))
    return root.children


_BREAK_TAG = re.compile(
    r"<br\s*/?>|<(?!/?(?:a|span|strong|b|em|i|code|small|mark|abbr)\b)[^>]*>", re.IGNORECASE
)
_INLINE_TAG = re.compile(r"<[^>]*>")
_HTML_HEADING = re.compile(
    r"<[hH]([1-6])(?:\s[^>]*)?>(.*?)</[hH]\1\s*>|<summary(?:\s[^>]*)?>(.*?)</summary\s*>",
    re.DOTALL,
)
"""`<h3>…</h3>` in any case (`[hH]`, not IGNORECASE, so that the search skips ahead to each `<`),
or a `<details>` block's `<summary>…</summary>` (a collapsed section's title)."""
_SUMMARY_LEVEL = 5
"""A summary heads a section below the markdown headings around it; one in a nested `<details>`
is a level lower, inside the section of its parent's."""
_DETAILS = re.compile(r"<(/?)details\b", re.IGNORECASE)


def _open_details(html: str, open_before: int) -> int:
    """How many `<details>` elements are open after `html`."""
    for found in _DETAILS.finditer(html):
        open_before = max(0, open_before + (-1 if found[1] else 1))
    return open_before


def html_blocks(html: str, details: int = 0) -> list[Block]:
    """An HTML block cut at its `<h1>`-`<h6>` and `<summary>` elements: each becomes a heading
    block (tags stripped, entities decoded), the HTML around them stays html blocks. `details`:
    how many `<details>` elements were open before it (a summary's level)."""
    out: list[Block] = []
    start = 0
    for found in _HTML_HEADING.finditer(html):
        before = html[start : found.start()]
        if before.strip():
            out.extend(_html_parts(before))
        if found[1]:
            level, inner = int(found[1]), found[2]
        else:
            level, inner = _summary_level(html[: found.start()], details), found[3]
        if "<" in inner:  # both patterns need one
            inner = _INLINE_TAG.sub("", _BREAK_TAG.sub(" ", inner))
        text = " ".join(unescape(inner).split())
        out.append(Block("heading", level=level, spans=(plain_span(text),) if text else ()))
        start = found.end()
    rest = html[start:]
    if rest.strip():
        out.extend(_html_parts(rest))
    return out


_TEXT_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:p|ul|ol)[\s>]", re.I | re.S)
"""HTML that starts with a paragraph or a list (after comments: `<!-- wp:paragraph -->`), as an
export writes its text; an embed, a figure or a tweet first is left whole."""
_TEXT_OPEN = re.compile(r"<(blockquote|ul|ol|p)\b[^>]*>", re.I)
_NOT_TEXT = re.compile(r"<(?:p|iframe|script|div|figure|table|blockquote|cite)\b", re.I)
_ONLY_LINK = re.compile(r"\s*<a\b[^>]*>[^<]*</a>\s*", re.I)
_SHORT_HTML = 300
"""A longer `<p>` (prose) stays HTML: reading it costs more than it tells about the talks."""
_LIST_ITEM = re.compile(r"<li\b[^>]*>(.*?)(?=</li\s*>|<li\b|$)", re.I | re.S)


def _html_parts(html: str) -> list[Block]:
    """An HTML chunk as html blocks around its lists and short text paragraphs: a list becomes a
    list block whose items read as markdown items do (bold, emphasis and links kept), a `<p>` of
    text a paragraph (`<p><em>Speaker: Jane Doe</em></p>` names a talk's speaker as the markdown
    line would); embeds, tweets and long prose stay html blocks."""
    if _TEXT_START.match(html) is None:
        return [Block("html", text=html)]
    out: list[Block] = []
    low = html.lower()
    start = at = 0
    while (found := _TEXT_OPEN.search(html, at)) is not None:
        name = found[1].lower()
        close = low.find(f"</{name}", found.end())
        if close < 0:
            break
        at = low.find(">", close) + 1 or len(html)
        block = _text_block(name, html[found.end() : close])
        if block is not None:
            if html[start : found.start()].strip():
                out.append(Block("html", text=html[start : found.start()]))
            out.append(block)
            start = at
    if html[start:].strip():
        out.append(Block("html", text=html[start:]))
    return out


def _text_block(name: str, inner: str) -> Block | None:
    """The list or paragraph an element's inner HTML reads as; None to keep it HTML (a tweet's
    blockquote, a paragraph holding an embed or a citation, a long one, a nested list)."""
    if name == "p":
        if len(inner) > _SHORT_HTML or _NOT_TEXT.search(inner) or _ONLY_LINK.fullmatch(inner):
            return None  # (a link alone is read from the HTML as it always was)
        paragraph = _html_paragraph(inner)
        return paragraph if paragraph.spans else None
    if name == "blockquote" or "<ul" in inner.lower() or "<ol" in inner.lower():
        return None
    items = [_html_paragraph(item) for item in _LIST_ITEM.findall(inner)]
    children = [Block("item", children=[item]) for item in items if item.spans]
    return Block("bullet" if name == "ul" else "ordered", children=children) if children else None


_HTML_INLINE = re.compile(r"<(/?)(strong|b|em|i|a|code|br)\b([^>]*)>|<[^>]*>", re.I)
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""", re.I)
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`"}
"""What the markdown source of a paragraph read from HTML writes for each tag."""


def _html_paragraph(html: str) -> Block:
    """A paragraph of an HTML fragment's text, read directly (no markdown parse): bold, code
    and links kept as spans, other tags dropped, entities decoded; its `source` the markdown
    the writer would have typed (`*Name, Role*` for `<em>Name, Role</em>`)."""
    spans: list[Span] = []
    links: list[Link] = []
    source: list[str] = []
    bold, code, link = 0, False, None
    start = 0
    for tag in _HTML_INLINE.finditer(html):
        _add_html_text(spans, source, html[start : tag.start()], (bold, code, link))
        start = tag.end()
        closing, name = tag[1] == "/", (tag[2] or "").lower()
        source.append(_MARKS.get(name, ""))
        if name in ("strong", "b"):
            bold = max(0, bold - 1) if closing else bold + 1
        elif name == "code":
            code = not closing
        elif name == "br":
            _add_html_text(spans, source, " ", (bold, code, link))
        elif name == "a" and closing:
            link = None
        elif name == "a" and (href := _HREF.search(tag[3] or "")):
            link = Link("", unescape(href[1]))
            links.append(link)
    _add_html_text(spans, source, html[start:], (bold, code, link))
    text = "".join(span.text for span in spans)
    if spans and text != " ".join(text.split()):  # runs of space are one, as HTML shows them
        spans = _collapsed(spans)
    marked = " ".join("".join(source).split())
    plain = "".join(span.text for span in spans)
    return Block(
        "paragraph", spans=tuple(spans), links=links, source="" if marked == plain else marked
    )


def _add_html_text(
    spans: list[Span], source: list[str], html: str, style: tuple[int, bool, Link | None]
) -> None:
    text = unescape(html) if "&" in html else html
    if not text:
        return
    bold, code, link = style
    source.append(text)
    if link is not None:
        link.text += text
    _add(spans, Span(text, link.url if link is not None else None, code, bold > 0))


def _collapsed(spans: list[Span]) -> list[Span]:
    """The spans with each run of white space one space, none at the ends."""
    out: list[Span] = []
    pending = False
    for span in spans:
        words = span.text.split()
        lead = bool(span.text[:1].isspace())
        if not words:
            pending = pending or bool(span.text)
            continue
        text = " ".join(words)
        if (pending or lead) and out:
            text = " " + text
        pending = bool(span.text[-1:].isspace())
        _add(out, Span(text, span.url, span.code, span.bold))
    return out


def _summary_level(before: str, details: int) -> int:
    """`_SUMMARY_LEVEL` for a summary of an outermost `<details>`, one lower when nested."""
    return _SUMMARY_LEVEL + 1 if _open_details(before, details) > 1 else _SUMMARY_LEVEL


_CLOSE, _INLINE, _ROW = "/close", "/inline", "/row"
_STEPS = {
    **_OPENERS,
    **_LEAVES,
    **{name.replace("_open", "_close"): _CLOSE for name in _OPENERS},
    "inline": _INLINE,
    "tr_open": _ROW,
}
"""What the walk does for each token type: open a block of that kind, add a leaf of that kind,
close the open block, read inline text, start a table row (other tokens are passed over)."""
_OPENED = frozenset(_OPENERS.values())


def _inline(block: Block, content: str, env: dict[str, Any]) -> None:
    """Spans and links of one inline token's text (a table cell's go to the table's last row)."""
    spans, links = simple_inline(content) or parse_inline(content, env)
    if block.kind == "table":
        if block.rows:
            block.rows[-1].append("".join(span.text for span in spans).strip())
            block.row_links[-1].append(links)
        block.links.extend(links)
        return
    block.spans = tuple(spans)
    block.links = links
    block.source = content
    block.plain_cache = None


def inline_block(content: str) -> Block:
    """A paragraph of one piece of inline markdown (a line cut from a block's `source`)."""
    block = Block("paragraph")
    if INLINE_SYNTAX.search(content) is None:
        block.spans = (plain_span(content),) if content else ()
    else:
        _inline(block, content, {})
    return block


def parse_inline(content: str, env: dict[str, Any]) -> tuple[list[Span], list[Link]]:
    """Spans and links of inline text, from markdown-it's inline parse (`env`, the block
    parse's, holds the link reference definitions)."""
    return inline_spans(INLINE.inline.parse(content, INLINE, env, []))


_TEXT = r"[^\n\\`*_\[!<&]*"
"""Text without a character that starts an inline rule (`INLINE_SYNTAX`): one text token."""
_ONE_LINK = re.compile(
    f"({_TEXT})\\[({_TEXT.replace('[^', '[^]')})\\]"
    r"\((https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~!$'*+,;=:@/-]*)?)?\)"
    f"({_TEXT})"
)
"""Plain text around one `[label](url)` (or `[label]()`) whose label is plain text and whose URL
is a plain http(s) host and path without `&`, `(` or `)` (that markdown-it takes as written)."""
_ONE_UNDERSCORE = re.compile(f"{_TEXT}_{_TEXT}")
"""Plain text but for one `_`: a lone emphasis delimiter, which stays text."""


def simple_inline(content: str) -> tuple[list[Span], list[Link]] | None:
    """What `parse_inline` gives for the two shapes of inline syntax posts write most (a
    talk's `@name [Title](https://deck)`, a `@user_name`), read without markdown-it (~20x
    faster); None for any other text."""
    found = _ONE_LINK.fullmatch(content)
    if found is not None:
        before, label, url, after = found.groups()
        spans: list[Span] = []
        for span in (plain_span(before), Span(label, url or None), plain_span(after)):
            _add(spans, span)
        return spans, [Link(label, url or "")]
    if _ONE_UNDERSCORE.fullmatch(content) is not None:
        return [Span(content)], []
    return None


_DECLARATION = re.compile(r"<![A-Za-z]")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)>")
_HTML_NAMES = frozenset(
    (
        *("a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em"),
        *("font", "i", "iframe", "img", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s"),
        *("samp", "script", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"),
        *("video", "audio", "source", "embed", "object", "picture", "svg", "div", "p", "details"),
        *("summary", "button", "input", "label", "center", "blink", "nobr", "noscript", "style"),
        *("figure", "figcaption", "blockquote", "section", "article", "aside", "nav", "hr"),
    )
)
"""Inline HTML elements (and a few a post's inline HTML uses); another name in angle brackets
is text the writer meant (`Span<T>`)."""


def _not_html(tag: str) -> bool:
    found = _TAG_NAME.fullmatch(tag)  # no attributes: `<Talk speaker="…" />` is a component
    return found is not None and found[1].casefold() not in _HTML_NAMES


def inline_spans(tokens: list[Token]) -> tuple[list[Span], list[Link]]:
    """Spans (merged runs of one style) and links of an inline token's children (`text_special`
    tokens, escapes and entities, count as text: no `text_join` rule needed)."""
    spans: list[Span] = []
    links: list[Link] = []
    href: str | None = None
    current: Link | None = None
    bold = 0
    for tok in tokens:
        kind = tok.type
        if kind == "text" or kind == "text_special" or kind == "code_inline":
            _add(spans, Span(tok.content, href or None, kind == "code_inline", bold > 0))
            if current is not None:
                current.text += tok.content
        elif kind == "softbreak" or kind == "hardbreak":
            _add(spans, Span(" " if kind == "softbreak" else "\n", None, False, bold > 0))
        elif kind == "link_open":
            href = str(tok.attrs.get("href", ""))
            current = Link("", href)
            links.append(current)
        elif kind == "link_close":
            href = current = None
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold = max(0, bold - 1)
        elif kind == "image":
            links.append(Link(tok.content, str(tok.attrs.get("src", "")), image=True))
        elif kind == "html_inline" and tok.content.startswith("<br"):
            _add(spans, Span(" "))
        elif kind == "html_inline" and (_DECLARATION.match(tok.content) or _not_html(tok.content)):
            # `<!channel>`, `<!here>`: Slack syntax written in a post is text the reader sees;
            # `Span<T>`, `List<String>`: a type's parameters, not an HTML element
            _add(spans, Span(tok.content, href or None, False, bold > 0))
    return spans, links


def _add(spans: list[Span], span: Span) -> None:
    if not span.text:
        return
    last = spans[-1] if spans else None
    if last is not None and (last.url, last.code, last.bold) == (span.url, span.code, span.bold):
        spans[-1] = Span(last.text + span.text, last.url, last.code, last.bold)
    else:
        spans.append(span)


def strip_tags(html: str) -> str:
    """Text of an HTML fragment, tags removed and whitespace collapsed."""
    return " ".join(_TAG_RE.sub(" ", html).split())
