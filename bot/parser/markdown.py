"""The markdown-it parsers behind `parse_blocks`: the commonmark preset plus tables, as ever.

Four things differ from a bare `MarkdownIt("commonmark").enable("table").parse`, and only the
second changes a token `parse_blocks` reads:

* the core `inline` and `text_join` rules are off: `parse_blocks` runs the inline parser itself,
  and only on text that has inline syntax (`INLINE_SYNTAX`);
* link targets keep their non-ASCII characters as written (`/attachments/📈/`, not
  `/attachments/%F0%9F%93%88/`): a talk's links are reported as the post writes them, and the
  formatters percent-encode them for Slack (`safe_url`);
* block rules that cannot match anywhere in a document are left out for it. markdown-it tries
  every block rule at every block start, and again at every line of a paragraph to see whether
  something interrupts it. Each gate below is a necessary condition for its rule to match (read
  off the rule's source), and each gated rule leaves the parser state alone when it does not
  match, so leaving it out changes nothing but the time taken. (`lheading` leaves `parentType`
  at "paragraph" when it fails, but every rule that reads it sets it first.) The setext rule
  matters most: without an underline in the text, it re-reads the lines of every paragraph;
* the core `normalize` rule (CR and CRLF to LF, NUL to U+FFFD) is left out for a text without
  CR or NUL: it would only rebuild the text, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import mdurl
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink

INLINE_SYNTAX = re.compile(r"[\n\\`*_\[!<&]")
"""The characters that start an inline rule of the preset (newline, escape, code, emphasis,
link, image, autolink/html, entity). Text without them parses to one text token: itself."""


def has_fence(text: str) -> bool:
    """Whether `text` holds a ```` ``` ```` or `~~~` (each looked for only where its character is
    there at all: a one-character test is ~50x faster than a substring search)."""
    return ("`" in text and "```" in text) or ("~" in text and "~~~" in text)


_BLOCK_START = r"\n[ \t*+\-0-9.)>]*"
"""Where a block can start: a line start, then indentation and list or quote markers (a
literal first character lets the regex engine skip ahead: 3-5x faster than `[\n\r]`)."""

_TABLE_RULE = re.compile(_BLOCK_START + r"[|:-][|: \t-]*(?=\n|$)")
"""A table's second line: only `|`, `-`, `:` and spaces."""
_HTML_START = re.compile(_BLOCK_START + "<")


def _on_lines(pattern: str) -> Callable[[str, str], object]:
    """A gate searching `pattern`, which matches within one line, in the gate lines."""
    search = re.compile(pattern).search
    return lambda text, lines: search(lines)


_GATES: tuple[tuple[str, Callable[[str, str], object]], ...] = (
    ("table", lambda text, lines: "|" in text and _TABLE_RULE.search(lines)),  # a `|---|` row
    ("code", _on_lines(_BLOCK_START + r"(?:\t| {4})")),  # 4 columns of indentation
    ("list", _on_lines(_BLOCK_START + r"(?:[*+-]|[0-9][.)])(?=[ \t\n]|$)")),
    ("heading", _on_lines(_BLOCK_START + "#")),
    ("fence", lambda text, lines: has_fence(text)),
    ("blockquote", _on_lines(_BLOCK_START + ">")),
    ("hr", _on_lines(_BLOCK_START + r"[*_-][ \t*_-]*(?=\n|$)")),
    ("html_block", lambda text, lines: _HTML_START.search(text)),
    ("lheading", _on_lines(_BLOCK_START + r"(?:=+|-+)[ \t]*(?=\n|$)")),  # underline
    ("reference", lambda text, lines: "]:" in text),  # `[label]: url`
)
"""Each gate reads the text (a line break, then the document) or its gate lines."""
_GATE_LINE = re.compile(r"\n[ \t*+\-0-9.)>|:#_=][^\n]*")
"""A line where a gate but the html one can match: one starting with a character of
`_BLOCK_START`'s markers or one a gate reads after them (not `<`, which starts most lines of an
HTML post: the html gate reads the whole text, and finds one at once there)."""


def gate_lines(text: str) -> str:
    """The lines of `text` (a line break, then the document) that a line gate can match, each
    after its line break: every gate but the table's `|`, fence, html and reference tests
    matches within one line, from its start, so it matches here exactly when it does in the
    text (a line's end is a line break or the end in both)."""
    return "".join(_GATE_LINE.findall(text))


_PARSERS: dict[frozenset[str], MarkdownIt] = {}
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")


PLAIN_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?")
"""An http(s) URL of a plain host and path (no query, fragment, `%`, user or space): markdown-it's
normalisation (parse, punycode, format, percent-encode) gives it back as it is."""


def keep_unicode(url: str) -> str:
    """markdown-it's link normalisation, except that non-ASCII characters stay as written."""
    if PLAIN_URL.fullmatch(url):
        return url
    if url.isascii():
        return normalizeLink(url)
    return "".join(
        part if part and not part.isascii() else mdurl.encode(part)
        for part in _NON_ASCII.split(url)
    )


def _parser(skip: frozenset[str]) -> MarkdownIt:
    parser = _PARSERS.get(skip)
    if parser is None:
        parser = MarkdownIt("commonmark").enable("table")
        parser.disable(["inline", "text_join", *sorted(skip)])
        parser.normalizeLink = keep_unicode  # type: ignore[method-assign]
        _PARSERS[skip] = parser
    return parser


INLINE = _parser(frozenset())
"""The parser whose inline rules `parse_blocks` runs (the inline rules are the same in all)."""


def block_parser(text: str) -> MarkdownIt:
    """A parser for `text`'s blocks, without the block rules that cannot match in it."""
    probe = "\n" + text
    if "\r" in probe:  # markdown-it reads a lone CR as a line break too
        probe = probe.replace("\r", "\n")
    lines = gate_lines(probe)
    skip = {name for name, gate in _GATES if not gate(probe, lines)}
    if "\r" not in text and "\0" not in text:
        skip.add("normalize")  # the core rule would rebuild the text line by line, unchanged
    return _parser(frozenset(skip))
